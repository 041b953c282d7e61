import { createTranslator } from "use-intl/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCatalog } from "@/lib/db/seed";
import type { ProviderId } from "@/lib/domain";
import { createOrderFromApi } from "@/lib/merchant-api/orders";
import { createDokuProvider } from "@/lib/providers/doku/client";
import { createDokuSimulator } from "@/lib/sandbox/doku/simulator";
import { createFazzProvider } from "@/lib/providers/fazz/client";
import { createFazzSimulator } from "@/lib/sandbox/fazz/simulator";
import { createMartisProvider } from "@/lib/providers/martis/client";
import { createMartisSimulator } from "@/lib/sandbox/martis/simulator";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { createMonxaProvider } from "@/lib/providers/monxa/client";
import { createMonxaSimulator } from "@/lib/sandbox/monxa/simulator";
import { MESSAGES } from "@/lib/i18n/catalog";
import type { Limiter } from "@/lib/rate-limit/limiter";
import { setOutage } from "@/lib/sandbox/outage";
import { placeShopOrder } from "@/lib/shop/checkout";
import { createWorld, CUSTOMER, ITEMS, testApiAuth, type World } from "@/test/world";
import { createOrder, newShopReference, type NewOrder } from "./create-order";
import { renewPaymentCode } from "./renew-code";

// A provider that makes the code and then fails to answer (the simulators' "timeout" outage:
// the work is done, the answer comes after the client gave up). Retrying the same order must
// give the code the provider already made, under the same reference: no orphan code, one order.

const API_KEY = "sk_test_retry_0001";
let world: World;

beforeAll(async () => {
  world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials: c }) => {
    const martis = {
      apiKey: c.martisApiKey,
      webhookSecret: c.martisWebhookSecret,
      paymentMethod: "retail_outlet",
      channels: { alfamart: "alfamart", indomaret: "indomaret" },
      signatureHeader: "x-martis-signature",
      timestampHeader: "x-martis-timestamp",
      signedPayload: "{timestamp}.{body}",
    };
    const monxa = { secretKey: c.monxaSecretKey, callbackToken: c.monxaCallbackToken, amountUnit: "idr" as const };
    const doku = { clientId: c.dokuClientId, secretKey: c.dokuSecretKey };
    const fazz = { apiKey: c.fazzApiKey, secretKey: c.fazzSecretKey, signingSecret: c.fazzSigningSecret };
    const client = { timeoutMs, fetchImpl: fetch };
    return [
      {
        provider: createMidtransProvider({ serverKey: c.midtransServerKey, baseUrl: baseUrl("midtrans"), ...client }),
        simulator: createMidtransSimulator(simulatorContext, { serverKey: c.midtransServerKey }),
      },
      { provider: createMonxaProvider({ ...monxa, baseUrl: baseUrl("monxa"), ...client }), simulator: createMonxaSimulator(simulatorContext, monxa) },
      {
        provider: createDokuProvider({
          ...doku,
          baseUrl: baseUrl("doku"),
          alfaPath: "/alfa-online-to-offline/v2/payment-code",
          now: simulatorContext.now,
          ...client,
        }),
        simulator: createDokuSimulator(simulatorContext, doku),
      },
      { provider: createFazzProvider({ ...fazz, baseUrl: `${baseUrl("fazz")}/api/v4`, ...client }), simulator: createFazzSimulator(simulatorContext, fazz) },
      {
        provider: createMartisProvider({ ...martis, baseUrl: baseUrl("martis"), toleranceSeconds: 300, ...client }),
        simulator: createMartisSimulator(simulatorContext, martis),
      },
    ];
  });
});
afterAll(async () => world?.close());

let counter = 0;
const newReference = () => `RT-${Date.now()}-${++counter}`;
const orderInput = (reference: string, provider: ProviderId, overrides: Partial<NewOrder> = {}): NewOrder => ({
  reference,
  store: "indomaret",
  customer: CUSTOMER,
  items: ITEMS,
  source: "api",
  provider,
  ...overrides,
});

/** The codes a provider's simulator holds for an order's references (`<reference>-<attempt>`). */
const codesAtProvider = (provider: ProviderId, reference: string) =>
  world.db.sandboxCharge.findMany({ where: { provider, merchantReference: { startsWith: `${reference}-` } }, orderBy: { merchantReference: "asc" } });

const storedOrder = (reference: string) =>
  world.db.order.findUnique({ where: { reference }, include: { charges: { orderBy: { attempt: "asc" } } } });

const OTHERS = (provider: ProviderId) => (["midtrans", "monxa", "doku", "fazz", "martis"] as const).filter((id) => id !== provider);

/** Runs `work` while every provider but `provider` is down (failover has nowhere to go). */
async function othersDown<T>(provider: ProviderId, work: () => Promise<T>): Promise<T> {
  for (const other of OTHERS(provider)) await setOutage(world.db, other, "down");
  try {
    return await work();
  } finally {
    for (const other of OTHERS(provider)) await setOutage(world.db, other, "none");
  }
}

/** Runs `work` while the provider does the work but answers too late, then waits for the work. */
async function duringTimeout<T>(provider: ProviderId, reference: string, codes: number, work: () => Promise<T>): Promise<T> {
  await setOutage(world.db, provider, "timeout");
  try {
    const result = await work();
    // The simulator finishes on its own after our client gave up.
    await expect.poll(async () => (await codesAtProvider(provider, reference)).length).toBe(codes);
    return result;
  } finally {
    await setOutage(world.db, provider, "none");
  }
}

describe("retrying an order whose code the provider made but never delivered", () => {
  it.each(["midtrans", "monxa", "doku", "fazz", "martis"] as const)("%s: the retry gets the same code, no orphan, one order", async (provider) => {
    const reference = newReference();
    const failed = await duringTimeout(provider, reference, 1, () => createOrder(world.deps, orderInput(reference, provider)));
    expect(failed).toMatchObject({ ok: false, error: { code: "providers_unavailable" } });
    expect(await storedOrder(reference)).toBeNull();
    const [made] = await codesAtProvider(provider, reference);
    expect(made!.merchantReference).toBe(`${reference}-1`);
    expect(await world.db.chargeRequest.findMany({ where: { orderReference: reference } })).toEqual([
      expect.objectContaining({ attempt: 1, provider, reference: `${reference}-1`, failureKind: "unavailable" }),
    ]);

    const retried = await createOrder(world.deps, orderInput(reference, provider));
    expect(retried).toMatchObject({ ok: true, value: { provider, paymentCode: made!.paymentCode } });

    expect(await codesAtProvider(provider, reference)).toHaveLength(1);
    const order = await storedOrder(reference);
    expect(order!.charges.map((charge) => [charge.attempt, charge.reference, charge.status, charge.paymentCode])).toEqual([
      [1, `${reference}-1`, "pending", made!.paymentCode],
    ]);
    expect(await world.db.order.count({ where: { reference } })).toBe(1);
    expect(await world.db.chargeRequest.count({ where: { orderReference: reference } })).toBe(0);
  });

  // Rate limits are not what these tests are about.
  const unlimited: Limiter = { consume: async () => ({ allowed: true }) };
  const shopper = { limiter: unlimited, clientKey: "203.0.113.7" };
  const apiItems = ITEMS.map((item) => ({ sku: item.sku, name: item.name, unit_price: item.unitPrice, quantity: item.quantity }));
  const postOrder = (body: unknown) =>
    createOrderFromApi(
      world.deps,
      testApiAuth(world, API_KEY),
      new Request("http://gerai.test/api/v1/orders", {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      unlimited,
    );

  it("through the REST API: 503, then the same POST answers 201 with the code made the first time", async () => {
    const reference = newReference();
    const post = () => postOrder({ reference, store: "alfamart", customer: CUSTOMER, items: apiItems });
    // Routing puts Midtrans first; every other provider is down, so nothing else can answer.
    const first = await othersDown("midtrans", () => duringTimeout("midtrans", reference, 1, post));
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ error: { type: "providers_unavailable" } });

    const second = await post();
    expect(second.status).toBe(201);
    const [made] = await codesAtProvider("midtrans", reference);
    expect(await second.json()).toMatchObject({ reference, provider: "midtrans", payment_code: made!.paymentCode });
    const order = await storedOrder(reference);
    // The down providers' refusals are kept on the order as attempts that issued nothing.
    expect(order!.charges.map((charge) => [charge.provider, charge.status, charge.paymentCode])).toEqual([
      ["midtrans", "pending", made!.paymentCode],
      ["monxa", "not_issued", null],
      ["doku", "not_issued", null],
      ["fazz", "not_issued", null],
      ["martis", "not_issued", null],
    ]);
  });

  it("through the REST API, after the order was stored: the same POST answers 200 with the order, another order 409", async () => {
    const reference = newReference();
    const body = { reference, store: "indomaret", customer: CUSTOMER, items: apiItems, expires_in_minutes: 90 };
    const created = await postOrder(body);
    expect(created.status).toBe(201);
    const first = await created.json();

    // The merchant never saw that answer (a timeout on its side) and sends the order again.
    const again = await postOrder(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(await world.db.order.count({ where: { reference } })).toBe(1);
    expect(await world.db.sandboxCharge.count({ where: { merchantReference: { startsWith: `${reference}-` } } })).toBe(1);

    const other = await postOrder({ ...body, items: [apiItems[0]] });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { type: "duplicate_reference" } });
    expect((await postOrder({ ...body, expires_in_minutes: 60 })).status).toBe(409);
  });

  it("after the provider stopped replaying (Midtrans: 5 minutes), a fresh reference is used and the lost code stays on record", async () => {
    const reference = newReference();
    await duringTimeout("midtrans", reference, 1, () => createOrder(world.deps, orderInput(reference, "midtrans")));
    world.clock.advance(6 * 60_000);

    const retried = await createOrder(world.deps, orderInput(reference, "midtrans"));
    expect(retried.ok).toBe(true);
    const [lost, issued] = await codesAtProvider("midtrans", reference);
    expect(issued!.merchantReference).toBe(`${reference}-2`);
    const order = await storedOrder(reference);
    expect(order!.charges.map((charge) => [charge.attempt, charge.status, charge.paymentCode])).toEqual([
      [1, "not_issued", null],
      [2, "pending", issued!.paymentCode],
    ]);
    expect(order!.charges[0]!.failureReason).toContain("406");

    // Should the lost code ever be paid, the money is matched to the order by its reference.
    await world.simulators.get("midtrans")!.perform("pay", lost!);
    await world.deliverWebhooks();
    expect((await storedOrder(reference))!.status).toBe("paid");
  });

  it("a retry that asks for something else (another amount) gets a fresh reference; the first call stays recorded", async () => {
    const reference = newReference();
    await duringTimeout("monxa", reference, 1, () => createOrder(world.deps, orderInput(reference, "monxa")));
    const changed = await createOrder(world.deps, orderInput(reference, "monxa", { items: [{ ...ITEMS[0]!, quantity: 3 }] }));
    expect(changed.ok).toBe(true);
    const [first, second] = await codesAtProvider("monxa", reference);
    expect([first!.merchantReference, second!.merchantReference]).toEqual([`${reference}-1`, `${reference}-2`]);
    expect(second!.amount).toBe(ITEMS[0]!.unitPrice * 3);
    const order = await storedOrder(reference);
    expect(order!.charges.map((charge) => [charge.reference, charge.status])).toEqual([
      [`${reference}-1`, "not_issued"],
      [`${reference}-2`, "pending"],
    ]);
  });

  it("a renewed code works the same way: the retry of the renewal gets the code made the first time", async () => {
    const reference = newReference();
    const created = await createOrder(world.deps, orderInput(reference, "midtrans"));
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const [firstCode] = await codesAtProvider("midtrans", reference);
    await world.simulators.get("midtrans")!.perform("expire", firstCode!);
    await world.deliverWebhooks();
    expect((await storedOrder(reference))!.status).toBe("expired");

    const failed = await othersDown("midtrans", () =>
      duringTimeout("midtrans", reference, 2, () => renewPaymentCode(world.deps, created.value.publicId)),
    );
    expect(failed).toMatchObject({ ok: false, error: { code: "providers_unavailable" } });
    const renewed = await renewPaymentCode(world.deps, created.value.publicId);
    const codes = await codesAtProvider("midtrans", reference);
    expect(codes.map((code) => code.merchantReference)).toEqual([`${reference}-1`, `${reference}-2`]);
    expect(renewed).toEqual({ ok: true, value: { paymentCode: codes[1]!.paymentCode } });
    const order = await storedOrder(reference);
    expect(order!.status).toBe("pending");
    expect(order!.charges.map((charge) => [charge.attempt, charge.provider, charge.status])).toEqual([
      [1, "midtrans", "expired"],
      [2, "midtrans", "pending"],
      [3, "monxa", "not_issued"],
      [4, "doku", "not_issued"],
      [5, "fazz", "not_issued"],
      [6, "martis", "not_issued"],
    ]);
  });

  it("the checkout: sending the same form again after a failure gets the code made the first time", async () => {
    await ensureCatalog(world.db);
    const t = createTranslator({ locale: "en", messages: MESSAGES.en, timeZone: "Asia/Jakarta" });
    // The page renders the reference into the form once; every submission of it carries it.
    const reference = newShopReference(world.clock.now());
    const form = {
      ...CUSTOMER,
      store: "indomaret",
      provider: "midtrans",
      cart: JSON.stringify([{ productId: "kopi-gayo-250", quantity: 2 }]),
      reference,
    };

    const failed = await duringTimeout("midtrans", reference, 1, () => placeShopOrder(world.deps, form, { t, locale: "en" }, shopper));
    expect(failed).toMatchObject({ status: "error", message: MESSAGES.en.errors.provider_unavailable });

    const placed = await placeShopOrder(world.deps, form, { t, locale: "en" }, shopper);
    const order = await storedOrder(reference);
    expect(placed).toMatchObject({ status: "created", paymentPath: `/pay/${order!.publicId}` });
    const [made] = await codesAtProvider("midtrans", reference);
    expect(order!.charges.map((charge) => [charge.reference, charge.paymentCode])).toEqual([[`${reference}-1`, made!.paymentCode]]);

    // A double submit (the answer was lost on the way) lands on the same payment page.
    expect(await placeShopOrder(world.deps, form, { t, locale: "en" }, shopper)).toEqual(placed);
    expect(await codesAtProvider("midtrans", reference)).toHaveLength(1);

    // A reference the checkout page could not have made is refused before anything is asked.
    const tampered = await placeShopOrder(world.deps, { ...form, reference: "INV-OTHER-1" }, { t, locale: "en" }, shopper);
    expect(tampered).toMatchObject({ status: "error" });
    expect(await storedOrder("INV-OTHER-1")).toBeNull();
  });
});
