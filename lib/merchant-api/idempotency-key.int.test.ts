import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLimiter, type Limiter } from "@/lib/rate-limit/limiter";
import { setOutage } from "@/lib/sandbox/outage";
import { CUSTOMER, createWorld, fiveProviders, testApiAuth, type World } from "@/test/world";
import { KEY_LIFETIME_MS, pruneExpiredIdempotencyKeys } from "./idempotency-key";
import { createOrderFromApi } from "./orders";

// POST /api/v1/orders with an Idempotency-Key, through its use case and the real database.

let world: World;
let limiter: Limiter;
const run = randomUUID().slice(0, 8);
const apiKey = `sk_test_idem_${run}`;

beforeAll(async () => {
  world = await createWorld(fiveProviders(), { routing: { indomaret: ["midtrans"], alfamart: ["midtrans"] } });
  limiter = databaseLimiter(world.db, `idem-${run}`, { points: 1_000, durationSeconds: 60 });
});
afterAll(async () => world?.close());

function post(body: string, key?: string): Promise<Response> {
  const request = new Request("http://gerai.test/api/v1/orders", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) },
    body,
  });
  return createOrderFromApi(world.deps, testApiAuth(world, apiKey), request, limiter);
}

const order = (reference: string, quantity = 1) => ({
  reference,
  store: "indomaret",
  customer: CUSTOMER,
  items: [{ sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity }],
});
const ordersWith = (reference: string) => world.db.order.count({ where: { reference } });

describe("Idempotency-Key on order creation", () => {
  it("answers the same request again with the first answer, whatever its spacing and key order", async () => {
    const reference = `IDEM-${run}-1`;
    const key = `key-${run}-1`;
    const first = await post(JSON.stringify(order(reference)), key);
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(order(reference)).reverse());
    const again = await post(JSON.stringify(reordered, null, 2), key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await ordersWith(reference)).toBe(1);
  });

  it("refuses another request under a key already used, and changes nothing", async () => {
    const key = `key-${run}-2`;
    expect((await post(JSON.stringify(order(`IDEM-${run}-2`)), key)).status).toBe(201);
    const other = await post(JSON.stringify(order(`IDEM-${run}-2b`)), key);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { type: "idempotency_key_in_use" } });
    expect(await ordersWith(`IDEM-${run}-2b`)).toBe(0);
  });

  it("runs concurrent repeats once: the others wait their turn or get the first answer", async () => {
    const reference = `IDEM-${run}-3`;
    const key = `key-${run}-3`;
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(JSON.stringify(order(reference)), key)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    for (const answer of answers.filter((candidate) => candidate.status === 409)) {
      expect(await answer.json()).toMatchObject({ error: { type: "request_in_progress" } });
    }
    expect(answers.filter((answer) => answer.status === 201 && answer.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    expect(await ordersWith(reference)).toBe(1);
  });

  it("keeps no 5xx: after the providers are back, the same key runs again", async () => {
    const reference = `IDEM-${run}-4`;
    const key = `key-${run}-4`;
    await setOutage(world.db, "midtrans", "down");
    try {
      expect((await post(JSON.stringify(order(reference)), key)).status).toBe(503);
    } finally {
      await setOutage(world.db, "midtrans", "none");
    }
    const retried = await post(JSON.stringify(order(reference)), key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("forgets a key after 24 hours, and the sweep deletes it", async () => {
    const key = `key-${run}-5`;
    expect((await post(JSON.stringify(order(`IDEM-${run}-5`)), key)).status).toBe(201);
    world.clock.advance(KEY_LIFETIME_MS + 1_000);
    expect((await post(JSON.stringify(order(`IDEM-${run}-5b`)), key)).status).toBe(201);
    world.clock.advance(KEY_LIFETIME_MS + 1_000);
    expect(await pruneExpiredIdempotencyKeys(world.db, world.clock.now())).toBeGreaterThanOrEqual(1);
  });

  it("lets a repeat take over from a first request that died before answering, once it is 60 s old", async () => {
    const reference = `IDEM-${run}-7`;
    const key = `key-${run}-7`;
    const body = JSON.stringify(order(reference));
    expect((await post(body, key)).status).toBe(201);
    // As if its process had been killed after making the order but before keeping the answer.
    const kept = await world.db.apiIdempotencyKey.findFirstOrThrow({ where: { body: { contains: reference } } });
    await world.db.apiIdempotencyKey.update({
      where: { id: kept.id },
      data: { status: null, body: null, lockedUntil: new Date(world.clock.now().getTime() + 60_000) },
    });
    expect((await post(body, key)).status).toBe(409);
    world.clock.advance(61_000);
    // The order exists: the same request answers with it (200), and nothing is made twice.
    expect((await post(body, key)).status).toBe(200);
    expect(await ordersWith(reference)).toBe(1);
    expect((await world.db.apiIdempotencyKey.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe(200);
  });

  it("refuses a key that is not 1 to 255 visible ASCII characters", async () => {
    for (const key of ["", "x".repeat(256), "kunci rahasia", "kunci\u007f"]) {
      const answer = await post(JSON.stringify(order(`IDEM-${run}-6`)), key);
      expect(answer.status, JSON.stringify(key)).toBe(400);
    }
    expect(await ordersWith(`IDEM-${run}-6`)).toBe(0);
  });
});
