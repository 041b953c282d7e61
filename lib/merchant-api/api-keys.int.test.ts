import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLimiter, type Limiter } from "@/lib/rate-limit/limiter";
import { CUSTOMER, createWorld, fiveProviders, type World } from "@/test/world";
import { authenticateApiRequest, createApiKey, revokeApiKey, type ApiAuth } from "./api-keys";
import { createOrderFromApi, listOrdersForApi } from "./orders";

// The merchant's API keys: kept only as hashes, revocable, and test and live kept apart.

let world: World;
let limiter: Limiter;
const run = randomUUID().slice(0, 8);
const CONFIGURED = `sk_configured_${run}`;

beforeAll(async () => {
  world = await createWorld(fiveProviders());
  limiter = databaseLimiter(world.db, `keys-${run}`, { points: 1_000, durationSeconds: 60 });
});
afterAll(async () => world?.close());

const auth = (deploymentMode: ApiAuth["deploymentMode"]): ApiAuth => ({ db: world.db, configuredKey: CONFIGURED, deploymentMode });
const bearer = (key: string) => new Request("http://gerai.test/api/v1/orders", { headers: { authorization: `Bearer ${key}` } });

function createWith(key: string, deploymentMode: ApiAuth["deploymentMode"], reference: string) {
  return createOrderFromApi(
    world.deps,
    auth(deploymentMode),
    new Request("http://gerai.test/api/v1/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ reference, store: "indomaret", customer: CUSTOMER, items: [{ name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }] }),
    }),
    limiter,
  );
}

describe("API keys", () => {
  it("shows a key once and keeps only its hash and prefix", async () => {
    const { key, record } = await createApiKey(world.db, { name: "Server toko", mode: "test" });
    expect(key).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    expect(record.prefix).toBe(key.slice(0, 12));
    const stored = JSON.stringify(await world.db.apiKey.findUniqueOrThrow({ where: { id: record.id } }));
    expect(stored).not.toContain(key);
    expect(await authenticateApiRequest(bearer(key), auth("test"))).toEqual({ keyId: record.id, mode: "test", limitKey: record.id, name: "Server toko" });
    expect(await authenticateApiRequest(bearer(CONFIGURED), auth("test"))).toMatchObject({ keyId: null, mode: "configured" });
    for (const wrong of [`${key}x`, key.replace(/.$/, "0"), "sk_live_", "", "Bearer"]) {
      expect(await authenticateApiRequest(bearer(wrong), auth("test")), wrong).toBeNull();
    }
  });

  it("a test key makes orders only on simulators, a live key only on real providers", async () => {
    const test = await createApiKey(world.db, { name: "uji", mode: "test" });
    const live = await createApiKey(world.db, { name: "live", mode: "live" });
    expect((await createWith(test.key, "test", `KEY-${run}-1`)).status).toBe(201);
    const refused = await createWith(live.key, "test", `KEY-${run}-2`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { type: "wrong_mode" } });
    expect((await createWith(test.key, "live", `KEY-${run}-3`)).status).toBe(403);
    expect(await world.db.order.count({ where: { reference: { in: [`KEY-${run}-2`, `KEY-${run}-3`] } } })).toBe(0);
    // Reading is the same in both modes.
    expect((await listOrdersForApi(world.db, "http://gerai.test", auth("test"), bearer(live.key))).status).toBe(200);
  });

  it("a revoked key opens nothing", async () => {
    const { key, record } = await createApiKey(world.db, { name: "bocor", mode: "test" });
    expect(await revokeApiKey(world.db, record.id)).toBe(true);
    expect(await revokeApiKey(world.db, record.id)).toBe(false);
    expect((await createWith(key, "test", `KEY-${run}-4`)).status).toBe(401);
    expect(await authenticateApiRequest(bearer(key), auth("test"))).toBeNull();
  });
});
