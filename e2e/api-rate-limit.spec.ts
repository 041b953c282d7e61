import { expect, test } from "./fixtures";
import { API_KEY } from "./support";

// The merchant API's limit is per API key, and every test uses the one sandbox key, so this runs
// last, alone (its own project). Whatever earlier tests used of this minute's 60, the limit
// must answer 429 within 60 more requests, or within 121 when the window (fixed: it starts at
// its first request) happens to end during the burst and 60 more are needed in the next one.

test("orders: past the limit per API key, 429 with Retry-After and no order", async ({ request }) => {
  const headers = { Authorization: `Bearer ${API_KEY}` };
  const statuses: number[] = [];
  // Invalid orders count as well; they ask no provider, so they cannot fail for other reasons.
  while (statuses.at(-1) !== 429 && statuses.length <= 120) {
    statuses.push((await request.post("/api/v1/orders", { headers, data: { reference: "E2E-LIMIT-INVALID" } })).status());
  }
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, -1).every((status) => status === 422)).toBe(true);

  const reference = `E2E-LIMIT-${Date.now()}`;
  const refused = await request.post("/api/v1/orders", {
    headers,
    data: {
      reference,
      store: "indomaret",
      customer: { name: "Siti Rahmawati", email: "siti@example.com", phone: "0812 3456 7890" },
      items: [{ sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
    },
  });
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await refused.json()).toMatchObject({ error: { type: "rate_limited" } });
  // Requests without the key are not counted against it (nor let through).
  expect((await request.post("/api/v1/orders", { data: { reference } })).status()).toBe(401);
});
