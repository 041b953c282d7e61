import { describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import { planRoute } from "./routing";
import type { PaymentProvider } from "./types";

function fake(id: ProviderId, limits: PaymentProvider["limits"]): PaymentProvider {
  return { id, displayName: id, limits } as PaymentProvider;
}

// Monxa and Fazz disagree on which store takes more (as their docs do).
const providers = new Map<ProviderId, PaymentProvider>([
  ["monxa", fake("monxa", { alfamart: { min: 10_000, max: 5_000_000 }, indomaret: { min: 10_000, max: 2_500_000 } })],
  ["fazz", fake("fazz", { alfamart: { min: 15_000, max: 2_500_000 }, indomaret: { min: 10_000, max: 5_000_000 } })],
  ["martis", fake("martis", { indomaret: { min: 1, max: 1_000_000 } })],
]);
const preference: ProviderId[] = ["monxa", "fazz", "martis", "doku"];

describe("planRoute", () => {
  it("keeps the merchant's order among providers whose limits fit", () => {
    const plan = planRoute({ store: "indomaret", amount: 100_000, preference, providers });
    expect(plan.ok && plan.providers.map((p) => p.id)).toEqual(["monxa", "fazz", "martis"]);
  });

  it("checks limits per provider, not per store", () => {
    const plan = planRoute({ store: "indomaret", amount: 3_000_000, preference, providers });
    expect(plan.ok && plan.providers.map((p) => p.id)).toEqual(["fazz"]);
    const alfa = planRoute({ store: "alfamart", amount: 3_000_000, preference, providers });
    expect(alfa.ok && alfa.providers.map((p) => p.id)).toEqual(["monxa"]);
  });

  it("names the limit in rupiah when no provider takes the amount", () => {
    const plan = planRoute({ store: "alfamart", amount: 6_000_000, preference, providers });
    expect(plan).toEqual({
      ok: false,
      reason: "amount_out_of_range",
      limits: { min: 10_000, max: 5_000_000 },
      bound: "max",
      message: "Alfamart payments must be at most Rp 5.000.000; this order is Rp 6.000.000.",
    });
    const small = planRoute({ store: "alfamart", amount: 5_000, preference, providers });
    expect(!small.ok && small.message).toBe("Alfamart payments must be at least Rp 10.000; this order is Rp 5.000.");
  });

  it("puts providers tried before at the end, and honours a test-mode choice", () => {
    const plan = planRoute({ store: "indomaret", amount: 50_000, preference, providers, exclude: ["monxa"] });
    expect(plan.ok && plan.providers.map((p) => p.id)).toEqual(["fazz", "martis", "monxa"]);
    const only = planRoute({ store: "alfamart", amount: 50_000, preference, providers, only: "martis" });
    expect(only).toMatchObject({ ok: false, reason: "store_not_supported", message: "martis does not serve Alfamart." });
  });
});
