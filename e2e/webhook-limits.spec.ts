import { expect, test } from "./fixtures";

// The webhook endpoint of the production build refuses what no provider sends, with a 4xx and
// never a 5xx: bodies over 64 KiB (declared or streamed), NUL bytes and invalid UTF-8.

const KIB = 1024;

test("refuses a declared body over 64 KiB with 413", async ({ request }) => {
  const answer = await request.post("/api/webhooks/midtrans", { data: "x".repeat(100 * KIB), headers: { "content-type": "application/json" } });
  expect(answer.status()).toBe(413);
});

test("cuts off a chunked 5 MiB body with 413", async ({ baseURL }) => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 5 * KIB * KIB) return controller.close();
      sent += 16 * KIB;
      controller.enqueue(new Uint8Array(16 * KIB).fill(0x61));
    },
  });
  const answer = await fetch(`${baseURL}/api/webhooks/fazz`, { method: "POST", body, duplex: "half" } as RequestInit);
  expect(answer.status).toBe(413);
});

test("answers 4xx, not 5xx, to NUL bytes and invalid UTF-8 in a body", async ({ request }) => {
  const withNul = await request.post("/api/webhooks/midtrans", { data: '{"order_id":"A\u0000","status_code":"200"}', headers: { "content-type": "application/json" } });
  expect(withNul.status()).toBe(400);
  const escapedNul = await request.post("/api/webhooks/monxa", {
    data: '{"id":"evt\\u0000","type":"charge.succeeded","data":{"id":"chg\\u0000","reference_id":"r\\ud800"}}',
    headers: { "content-type": "application/json" },
  });
  expect(escapedNul.status()).toBe(401);
  const invalidUtf8 = await request.post("/api/webhooks/fazz", {
    data: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
    headers: { "content-type": "application/json", "xfers-signature": "0".repeat(64) },
  });
  expect(invalidUtf8.status()).toBe(401);
});
