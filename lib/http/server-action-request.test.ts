import fc from "fast-check";
// React's own reply codec, the one Next.js runs (needs node --conditions=react-server; see
// vitest.config.mts): the client's encodeReply makes what our pages send, the server's
// decodeReply is what must never fail on a request the guard lets through.
import { encodeReply } from "next/dist/compiled/react-server-dom-webpack/client.node";
import { decodeReply } from "next/dist/compiled/react-server-dom-webpack/server.node";
import { describe, expect, it } from "vitest";
import { checkServerActionRequest, MAX_ACTION_BODY_BYTES } from "./server-action-request";

const SEED = 20261123;
const HOST = "gerai.test";

function actionRequest(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`http://${HOST}/pay/x`, {
    method: "POST",
    body,
    headers: { host: HOST, "next-action": "40abcdef", ...headers },
  });
}

const check = (request: Request, path = "/pay/x") => checkServerActionRequest(request, path);

async function statusOf(body: BodyInit, headers?: Record<string, string>) {
  return (await check(actionRequest(body, headers)))?.status ?? "accepted";
}

function multipart(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe("checkServerActionRequest", () => {
  it("lets through what our pages send", async () => {
    expect(await statusOf('["Ab3dEf7hIj1kLm5nOp9qRs"]')).toBe("accepted");
    expect(await statusOf(multipart({ "0": '[{"status":"idle"},"$K1"]', _1_name: "Budi" }))).toBe("accepted");
    expect(await statusOf("[]", { origin: `http://${HOST}` })).toBe("accepted");
  });

  it.each([
    ["text that is not JSON", "garbage"],
    ["a bare string (Next.js would apply() it)", '"abc"'],
    ["an object instead of the argument list", "{}"],
    ["a reference to a missing part", '["$1"]'],
    ["a promise", '["$@1"]'],
    ["a server reference", '["$h1"]'],
    ["a map", '["$Q1"]'],
    ["a temporary reference", '["$T"]'],
    ["a blob", '["$B1"]'],
    ["a stream", '["$R1"]'],
    ["a bigint that is not a number", '["$nabc"]'],
    ["too many arguments", JSON.stringify(Array(17).fill(1))],
    ["nesting deeper than any form", `[${"[".repeat(40)}${"]".repeat(40)}]`],
  ])("refuses %s with a 400", async (_name, body) => {
    expect(await statusOf(body)).toBe(400);
  });

  it("refuses multipart bodies that are malformed or lack the arguments", async () => {
    expect(await statusOf("garbage", { "content-type": "multipart/form-data; boundary=zz" })).toBe(400);
    expect(await statusOf("garbage", { "content-type": "multipart/form-data" })).toBe(400);
    expect(await statusOf(multipart({ x: "1" }))).toBe(400);
    expect(await statusOf(multipart({ "0": "[]", "": "x" }))).toBe(400);
  });

  it("refuses a body over the limit with a 413", async () => {
    expect(await statusOf(`["${"a".repeat(MAX_ACTION_BODY_BYTES)}"]`)).toBe(413);
  });

  it("refuses an Origin that is not a URL (400) or not this site (403)", async () => {
    expect(await statusOf("[]", { origin: "garbage" })).toBe(400);
    expect(await statusOf("[]", { origin: "http://evil.test" })).toBe(403);
    expect(await statusOf("[]", { origin: "null" })).toBe(403);
  });

  it("checks forms posted without JavaScript by their action descriptor", async () => {
    const noHeader = (fields: Record<string, string>) =>
      check(new Request(`http://${HOST}/checkout`, { method: "POST", body: multipart(fields), headers: { host: HOST } }));
    expect(await noHeader({ $ACTION_ID_40abcdef: "", provider: "fazz" })).toBeNull();
    expect(await noHeader({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"40abcdef","bound":"$@1"}', "$ACTION_1:1": "[1]" })).toBeNull();
    expect((await noHeader({ $ACTION_REF_1: "", "$ACTION_1:0": "garbage" }))?.status).toBe(400);
    expect((await noHeader({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"40abcdef","bound":"$@2"}' }))?.status).toBe(400);
  });

  it("leaves alone what is no server action", async () => {
    expect(await check(actionRequest("garbage"), "/api/webhooks/monxa")).toBeNull();
    expect(await check(new Request(`http://${HOST}/pay/x`, { method: "POST", body: "garbage", headers: { host: HOST } }))).toBeNull();
  });

  it("accepts every reply React encodes for our actions' arguments", async () => {
    const state = fc.record({ status: fc.constantFrom("idle", "error"), values: fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }) }, { noNullPrototype: true });
    const form = fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(fc.string()), fc.tuple(state, form)), async (args) => {
        const encoded = await encodeReply(
          args.map((arg) => (typeof arg === "object" && !("status" in arg) ? multipart(arg) : arg)),
        );
        expect(await statusOf(encoded)).toBe("accepted");
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("lets through only bodies React decodes", async () => {
    // Strings that look like React's references are what makes decoding fail.
    const reference = fc.oneof(
      fc.string(),
      fc.stringMatching(/^\$[$@hHTQWKiINuDnAOoUSsLlGgMmVBRrXx0-9a-f:-]{0,6}$/),
      fc.constantFrom("$undefined", "$NaN", "$-0", "$Infinity", "$n12", "$K1", "$$x"),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: "small" }, reference, fc.integer(), fc.constant(null), fc.array(tie("value")), fc.dictionary(fc.string(), tie("value"), { noNullPrototype: true })),
    })).value;
    const body = fc.oneof(fc.array(value, { maxLength: 20 }).map((args) => JSON.stringify(args)), value.map((v) => JSON.stringify(v)), fc.string());
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        if ((await check(actionRequest(text))) !== null) return;
        accepted++;
        await expect(decodeReply(text, {})).resolves.toBeDefined();
      }),
      { seed: SEED, numRuns: 2000 },
    );
    console.log(`action guard property (seed ${SEED}): ${accepted} of 2000 fuzzed bodies accepted, all decoded`);
    expect(accepted).toBeGreaterThan(100);
  });
});
