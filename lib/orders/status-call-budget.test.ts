import { describe, expect, it } from "vitest";
import { createCallSharing } from "./status-call-budget";

function controlledCalls() {
  const finishes: ((value: number) => void)[] = [];
  return {
    finishes,
    call: () => new Promise<number>((resolve) => finishes.push(resolve)),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("sharing status calls per charge", () => {
  it("shares a call among callers that arrive before it starts; other charges are apart", async () => {
    const share = createCallSharing<number>();
    const { finishes, call } = controlledCalls();
    const first = share("ch_1", call);
    const second = share("ch_1", call);
    const other = share("ch_2", async () => 7);
    expect(first.release).toBeTypeOf("function");
    expect(second.release).toBeUndefined();
    await tick();
    expect(finishes).toHaveLength(1);
    finishes[0]!(42);
    expect(await second.answer).toBe(42);
    expect(await other.answer).toBe(7);
  });

  it("never hands a caller an answer asked for before it arrived: it gets the next call, after the first is applied", async () => {
    const share = createCallSharing<number>();
    const { finishes, call } = controlledCalls();
    const pending = share("ch_1", call);
    await tick();
    expect(finishes).toHaveLength(1); // the provider is being asked; it will answer "pending"

    const settlement = share("ch_1", call);
    const settlementCopy = share("ch_1", call);
    expect(settlement.release).toBeTypeOf("function");
    expect(settlementCopy.release).toBeUndefined();
    finishes[0]!(1);
    expect(await pending.answer).toBe(1);
    await tick();
    expect(finishes).toHaveLength(1); // not while the first answer is being applied

    pending.release!();
    await tick();
    expect(finishes).toHaveLength(2);
    finishes[1]!(2);
    expect(await settlement.answer).toBe(2);
    expect(await settlementCopy.answer).toBe(2);
    settlement.release!();

    const later = share("ch_1", call);
    expect(later.release).toBeTypeOf("function");
    await tick();
    expect(finishes).toHaveLength(3);
  });

  it("a failed call ends its turn when released; the next caller calls again", async () => {
    const share = createCallSharing<number>();
    const failing = share("ch_1", async () => {
      throw new Error("timeout");
    });
    const next = share("ch_1", async () => 5);
    expect(next.release).toBeUndefined(); // arrived before the failing call started: shares it
    await expect(failing.answer).rejects.toThrow("timeout");
    await expect(next.answer).rejects.toThrow("timeout");
    failing.release!();
    const again = share("ch_1", async () => 6);
    expect(await again.answer).toBe(6);
  });
});
