import { describe, expect, it } from "vitest";
import { readLimitedText } from "./read-limited-body";

const LIMIT = 64 * 1024;

/** A chunked body of `chunks` × 16 KiB that counts how much of it was pulled. */
function chunkedBody(chunks: number) {
  const pulled = { bytes: 0 };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent += 1;
      pulled.bytes += 16 * 1024;
      controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
    },
  });
  return { stream, pulled };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://gerai.test/api/webhooks/midtrans", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("reading a webhook body with a size limit", () => {
  it("reads a body up to the limit", async () => {
    const text = "x".repeat(LIMIT);
    expect(await readLimitedText(post(text), LIMIT)).toEqual({ ok: true, value: text });
    expect(await readLimitedText(new Request("http://gerai.test/", { method: "POST" }), LIMIT)).toEqual({ ok: true, value: "" });
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, pulled } = chunkedBody(320); // 5 MiB
    const result = await readLimitedText(post(stream, { "content-length": String(320 * 16 * 1024) }), LIMIT);
    expect(result).toEqual({ ok: false, error: { status: 413, message: `body is larger than ${LIMIT} bytes` } });
    // The stream's own read-ahead may have started; the body was not read.
    expect(pulled.bytes).toBeLessThanOrEqual(LIMIT);
  });

  it("cuts off a chunked body as soon as it passes the limit", async () => {
    const { stream, pulled } = chunkedBody(320); // 5 MiB, no Content-Length
    const result = await readLimitedText(post(stream), LIMIT);
    expect(result).toMatchObject({ ok: false, error: { status: 413 } });
    console.log(`chunked 5 MiB body: ${pulled.bytes} bytes pulled before the 413`);
    expect(pulled.bytes).toBeLessThan(4 * LIMIT);
  });

  it("refuses a body shorter than its Content-Length", async () => {
    const result = await readLimitedText(post("short", { "content-length": "10" }), LIMIT);
    expect(result).toMatchObject({ ok: false, error: { status: 400 } });
  });

  it("decodes invalid UTF-8 to U+FFFD, as request.text() does", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xed, 0xa0, 0x80, 0x22, 0x7d]); // {"a":"<ff><surrogate>"}
    const result = await readLimitedText(post(bytes), LIMIT);
    expect(result.ok && result.value).toBe(await post(bytes).text());
    expect(result.ok && result.value.includes("\uFFFD")).toBe(true);
  });
});
