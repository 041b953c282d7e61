import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.mjs";
import { withRequestId } from "./request-context.mjs";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger(stream, "info"), lines };
}

describe("log lines", () => {
  it("are JSON with the request's id, inside a request and in the work it starts", async () => {
    const { logger, lines } = capture();
    await withRequestId("req-123", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info({ orderId: "ord_1" }, "order created");
    });
    logger.info("outside");
    expect(lines[0]).toMatchObject({ level: 30, msg: "order created", orderId: "ord_1", requestId: "req-123" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });

  it("never carry a secret: credentials, signatures and keys are redacted wherever they sit", () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        headers: { authorization: "Bearer sk_live_abc", cookie: "gerai_session=xyz", "x-callback-token": "cbt_1", "content-type": "application/json" },
        request: { headers: { "webhook-signature": "v1,abc", signature: "HMACSHA256=x" } },
        provider: { serverKey: "Mid-server-live", credentials: { secretKey: "SK-1", signingSecret: "ss_1" } },
        body: { signature_key: "deadbeef", order_id: "ORD-1" },
        password: "hunter2",
        token: "t",
      },
      "something to look at",
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ["sk_live_abc", "gerai_session=xyz", "cbt_1", "v1,abc", "HMACSHA256", "Mid-server-live", "SK-1", "ss_1", "deadbeef", "hunter2", '"t"']) {
      expect(line).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      headers: { authorization: "[redacted]", "content-type": "application/json" },
      body: { order_id: "ORD-1" },
      provider: { credentials: { secretKey: "[redacted]" } },
    });
  });
});
