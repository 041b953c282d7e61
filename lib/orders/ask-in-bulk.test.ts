import { describe, expect, it } from "vitest";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { batchWriter, settleByProvider } from "./ask-in-bulk";

// The stream per provider shared by the deadline sweep and the reconciliation, over charges
// held in memory: the run's limit shared by the readers, pages walked from where the last ended,
// calls bounded per provider, and a failure that stops the reading after what was read is written.

type Item = { provider: ProviderId; n: number };
const items = (counts: Partial<Record<ProviderId, number>>): Item[] =>
  Object.entries(counts).flatMap(([provider, count]) => Array.from({ length: count }, (_, n) => ({ provider: provider as ProviderId, n })));

function source(all: Item[]) {
  return async (provider: ProviderId, after: Item | undefined, take: number) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return all.filter((item) => item.provider === provider && item.n > (after?.n ?? -1)).slice(0, take);
  };
}

describe("settleByProvider", () => {
  it("settles every charge once, page after page, at most the set calls in flight per provider", async () => {
    const all = items({ midtrans: 23, doku: 7, fazz: 1 });
    const settled: Item[] = [];
    const written: Item[][] = [];
    const writer = batchWriter<Item>(10, async (batch) => void written.push(batch));
    const inFlight = new Map<ProviderId, number>();
    const most = new Map<ProviderId, number>();
    const report = await settleByProvider<Item>({
      pageSize: 4,
      callsPerProvider: 3,
      readPage: source(all),
      writer,
      settle: async (item, inTurn) => {
        await inTurn(async () => {
          inFlight.set(item.provider, (inFlight.get(item.provider) ?? 0) + 1);
          most.set(item.provider, Math.max(most.get(item.provider) ?? 0, inFlight.get(item.provider)!));
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight.set(item.provider, inFlight.get(item.provider)! - 1);
        });
        settled.push(item);
        writer.add(item);
      },
    });
    expect(report).toEqual({ read: 31, more: false });
    expect(settled).toHaveLength(31);
    expect(new Set(settled.map((item) => `${item.provider}:${item.n}`)).size).toBe(31);
    expect(most.get("midtrans")).toBe(3);
    expect(written.flat()).toHaveLength(31);
    expect(Math.max(...written.map((batch) => batch.length))).toBeLessThanOrEqual(10);
  });

  it("shares the run's limit among the providers: what one reader does not find, another reads", async () => {
    const all = items({ midtrans: 3, monxa: 30, martis: 30 });
    const report = await settleByProvider<Item>({
      limit: 40,
      pageSize: 50,
      readPage: source(all),
      writer: batchWriter(10, async () => {}),
      settle: async () => {},
    });
    expect(report).toEqual({ read: 40, more: true });
  });

  it("stops reading at the first failure, settles what was read, writes what it queued, then throws", async () => {
    const all = items(Object.fromEntries(PROVIDER_IDS.map((id) => [id, 12])));
    const written: Item[] = [];
    const writer = batchWriter<Item>(100, async (batch) => void written.push(...batch));
    let settled = 0;
    await expect(
      settleByProvider<Item>({
        pageSize: 4,
        readPage: source(all),
        writer,
        settle: async (item) => {
          if (item.provider === "doku" && item.n === 1) throw new Error("the database went away");
          settled += 1;
          writer.add(item);
        },
      }),
    ).rejects.toThrow("the database went away");
    expect(settled).toBeGreaterThan(0);
    expect(settled).toBeLessThan(all.length - 1);
    expect(written).toHaveLength(settled);
  });
});
