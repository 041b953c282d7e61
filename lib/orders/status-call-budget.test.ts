import { describe, expect, it } from "vitest";
import { createCallSharing } from "./status-call-budget";

describe("sharing one status call per charge", () => {
  it("runs the call once for callers that arrive while it is busy, and again after release", async () => {
    const share = createCallSharing<number>();
    let calls = 0;
    let finish!: (value: number) => void;
    const call = () => {
      calls += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const first = share("ch_1", call);
    const second = share("ch_1", call);
    const other = share("ch_2", async () => 7);
    expect(first.release).toBeTypeOf("function");
    expect(second.release).toBeUndefined();
    finish(42);
    expect(await second.answer).toBe(42);
    expect(await other.answer).toBe(7);
    expect(calls).toBe(1);

    // Still busy until the first caller has applied the answer and released the charge.
    expect(share("ch_1", call).release).toBeUndefined();
    first.release!();
    const third = share("ch_1", call);
    expect(third.release).toBeTypeOf("function");
    expect(calls).toBe(2);
  });
});
