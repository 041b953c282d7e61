import { describe, expect, it } from "vitest";
import { DEMO_SCENARIOS, MIN_DEMO_ORDERS, planDemoWeek, scenarioCounts } from "./demo-plan";

const END = new Date("2026-11-30T15:00:00Z");
const ROUTING = { alfamart: ["midtrans", "monxa"], indomaret: ["midtrans", "monxa"] } as const;
const wibHour = (date: Date) => (date.getUTCHours() + 7) % 24;

describe("the demo week's plan", () => {
  it("is the same for the same seed, and another for another", () => {
    const plan = (seed: number) => planDemoWeek({ orders: 200, seed, end: END, routing: ROUTING });
    expect(plan(1)).toEqual(plan(1));
    expect(plan(2)).not.toEqual(plan(1));
  });

  it("has every scenario at least twice, most orders paid, and the asked-for total", () => {
    for (const orders of [MIN_DEMO_ORDERS, 200]) {
      const counts = scenarioCounts(orders);
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(orders);
      for (const scenario of DEMO_SCENARIOS) expect(counts[scenario], scenario).toBeGreaterThanOrEqual(2);
      expect(Math.max(...Object.values(counts))).toBe(counts.paid);
    }
    expect(() => scenarioCounts(MIN_DEMO_ORDERS - 1)).toThrow(/at least/);
  });

  it("shops in the evening more than at night, within the week, for amounts every provider takes", () => {
    const plans = planDemoWeek({ orders: 200, seed: 3, end: END, routing: ROUTING });
    const evening = plans.filter((plan) => wibHour(plan.createdAt) >= 18 && wibHour(plan.createdAt) < 22).length;
    const night = plans.filter((plan) => wibHour(plan.createdAt) < 4).length;
    expect(evening).toBeGreaterThan(3 * night);
    for (const plan of plans) {
      expect(plan.createdAt.getTime()).toBeGreaterThan(END.getTime() - 7 * 86_400_000);
      for (const at of plan.later) expect(at.getTime()).toBeLessThanOrEqual(END.getTime());
      const amount = plan.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
      expect(amount).toBeGreaterThanOrEqual(15_000);
      expect(amount).toBeLessThanOrEqual(2_500_000);
    }
    expect(new Set(plans.map((plan) => plan.reference)).size).toBe(200);
  });

  it("refuses a failover with nobody to take over", () => {
    expect(() => planDemoWeek({ orders: 60, seed: 1, end: END, routing: { alfamart: ["midtrans"], indomaret: ["midtrans"] } })).toThrow(/two providers/);
  });
});
