import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import type { CreatedOrder } from "@/lib/orders/create-order";
import { APP_URL, createWorld, fiveProviders, placeTestOrder, testApiAuth, type World } from "@/test/world";
import { listOrdersForApi } from "./orders";
import { orderListSchema } from "./resources";

// GET /api/v1/orders: filters and cursor pages over orders made in a window of time of this
// test's own (the PostgreSQL database is shared with other test files).

const API_KEY = "sk_test_list_0001";
const START = new Date(Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 1_000_000) * 60_000);
const WINDOW = `created_from=${encodeURIComponent(START.toISOString())}&created_to=${encodeURIComponent(new Date(START.getTime() + 3_600_000).toISOString())}`;

let world: World;
const made: (CreatedOrder & { store: string })[] = [];

beforeAll(async () => {
  world = await createWorld(fiveProviders(), { allowProviderChoice: true, start: START });
  const providers: ProviderId[] = ["midtrans", "monxa", "doku"];
  for (let index = 0; index < 7; index += 1) {
    world.clock.advance(60_000);
    const store = index % 2 === 0 ? "alfamart" : "indomaret";
    const order = await placeTestOrder(world, { reference: `LIST-${START.getTime()}-${index}`, store, provider: providers[index % providers.length]! });
    made.push({ ...order, store });
  }
  for (const order of [made[1]!, made[4]!]) {
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });
    await world.simulators.get(order.provider as ProviderId)!.perform("pay", charge);
  }
  await world.deliverWebhooks();
});
afterAll(async () => world?.close());

async function list(query: string, key: string | null = API_KEY) {
  const response = await listOrdersForApi(
    world.db,
    APP_URL,
    testApiAuth(world, API_KEY),
    new Request(`${APP_URL}/api/v1/orders?${query}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} }),
  );
  const body = (await response.json()) as unknown;
  // A page is what the OpenAPI document says it is.
  if (response.status === 200) orderListSchema.parse(body);
  return { status: response.status, body: body as { data: { id: string; status: string; store: string; provider: string }[]; next_cursor: string | null } };
}

describe("listing orders over the API", () => {
  it("pages newest first with a cursor until there is no next page", async () => {
    const seen: string[] = [];
    let query = `${WINDOW}&limit=3`;
    const sizes: number[] = [];
    for (;;) {
      const { status, body } = await list(query);
      expect(status).toBe(200);
      sizes.push(body.data.length);
      seen.push(...body.data.map((order) => order.id));
      if (!body.next_cursor) break;
      query = `${WINDOW}&limit=3&cursor=${body.next_cursor}`;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(made.map((order) => order.id).reverse());
  });

  it("filters by status, store, provider and reference", async () => {
    expect((await list(`${WINDOW}&status=paid`)).body.data.map((order) => order.id).sort()).toEqual([made[1]!.id, made[4]!.id].sort());
    expect((await list(`${WINDOW}&store=alfamart`)).body.data.every((order) => order.store === "alfamart")).toBe(true);
    expect((await list(`${WINDOW}&store=alfamart`)).body.data).toHaveLength(4);
    expect((await list(`${WINDOW}&provider=monxa`)).body.data.map((order) => order.id).sort()).toEqual([made[1]!.id, made[4]!.id].sort());
    expect((await list(`reference=${made[5]!.reference}`)).body.data.map((order) => order.id)).toEqual([made[5]!.id]);
    expect((await list(`${WINDOW}&status=paid&store=indomaret`)).body.data.map((order) => order.id)).toEqual([made[1]!.id]);
  });

  it("answers a bad query with a 422 naming the field, and no key with a 401", async () => {
    for (const [query, field] of [
      ["status=settled", "status"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["created_from=yesterday", "created_from"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["cursor=%00", "cursor"],
      ["sort=asc", "_"],
    ] as const) {
      const { status, body } = await list(query);
      expect(status, query).toBe(422);
      expect(Object.keys((body as unknown as { error: { fields: Record<string, string[]> } }).error.fields), query).toContain(field);
    }
    expect((await list(WINDOW, null)).status).toBe(401);
  });
});
