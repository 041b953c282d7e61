import pLimit, { type LimitFunction } from "p-limit";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";

// Many charges asked about at once (the deadline sweep, the reconciliation of quiet charges) move
// as a stream per provider: the next page is read while the last one's status calls run, each
// provider has its own bound of calls in flight, so a slow or failing provider neither holds the
// others back nor leaves their slots idle, and what the answers call for is written in batches
// while the calls go on.

/** Status calls in flight per provider unless configured (STATUS_CALLS_PER_PROVIDER). */
export const CALLS_PER_PROVIDER = 16;
/** Charges read per page. */
const PAGE_SIZE = 500;
/** Charges of one provider read but not yet settled, at most: its reader waits past this. */
const MOST_IN_HAND = 2_000;
/** Batches written at once. */
const WRITERS = 2;

export interface ProviderStreams<T> {
  /** Status calls in flight per provider (CALLS_PER_PROVIDER). */
  callsPerProvider?: number;
  /** Charges read per page (PAGE_SIZE). */
  pageSize?: number;
  /** Charges read in this run, at most. */
  limit?: number;
  /** Stop reading new charges after about this long. */
  budgetMs?: number;
  /** Up to `take` of `provider`'s charges after `after`, in the order the reading walks them. */
  readPage(provider: ProviderId, after: T | undefined, take: number): Promise<T[]>;
  /** Settles one charge; `inTurn` holds the provider's slot, for its call alone. */
  settle(charge: T, inTurn: LimitFunction): Promise<void>;
  /** Where the settling queues its writes: drained before the run returns or throws. */
  writer: Pick<BatchWriter<unknown>, "drain">;
}

/** A page of charges; `last` when no page follows it. */
type Page<T> = T[] & { last?: boolean };

export interface StreamsReport {
  /** Charges read (and settled). */
  read: number;
  /** The reading stopped at the limit or budget with charges possibly left: run again at once. */
  more: boolean;
}

/**
 * Reads and settles each provider's charges, all providers at once, each reader from where its
 * last page ended. The first failure stops the reading; the charges already read are settled
 * and what they queued written before it is thrown: what was written stays written, and the
 * next run (the job's retry) takes the rest.
 */
export async function settleByProvider<T>(streams: ProviderStreams<T>): Promise<StreamsReport> {
  const startedAt = Date.now();
  const limit = streams.limit ?? Number.POSITIVE_INFINITY;
  const pageSize = streams.pageSize ?? PAGE_SIZE;
  const report: StreamsReport = { read: 0, more: false };
  let failure: { error: unknown } | undefined;
  const overBudget = () => streams.budgetMs !== undefined && Date.now() - startedAt >= streams.budgetMs;

  // Each page takes its size from the run's limit when it is asked for, and gives back what it
  // did not find: a reader short of the limit waits for the pages in flight before it stops.
  const inFlight = new Set<Promise<unknown>>();
  const readPage = async (provider: ProviderId, after: T | undefined): Promise<Page<T> | undefined> => {
    let take = Math.min(pageSize, limit - report.read);
    while (take <= 0 && inFlight.size > 0 && !overBudget()) {
      await Promise.race(inFlight);
      take = Math.min(pageSize, limit - report.read);
    }
    if (take <= 0 || overBudget()) {
      report.more = true;
      return undefined;
    }
    report.read += take;
    const reading = streams.readPage(provider, after, take).then((page) => {
      report.read -= take - page.length;
      return page;
    });
    // Out of the set before a waiter wakes, with what it gave back already given.
    const done = reading.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
    const page = await reading;
    return page.length === take ? page : Object.assign(page, { last: true });
  };

  const streamProvider = async (provider: ProviderId) => {
    const inTurn = pLimit(streams.callsPerProvider ?? CALLS_PER_PROVIDER);
    const settling: Promise<void>[] = [];
    let inHand = 0;
    let slotFree: (() => void) | undefined;
    // A page that cannot be read is the run's failure, like a charge that cannot be settled.
    const read = (after: T | undefined) => readPage(provider, after).catch((error: unknown) => void (failure ??= { error }));
    let next: Promise<Page<T> | undefined> | undefined = read(undefined);
    while (next && !failure) {
      const page: Page<T> | undefined = await next;
      if (!page) break;
      next = page.last || page.length === 0 ? undefined : read(page.at(-1)); // read ahead
      inHand += page.length;
      for (const charge of page) {
        settling.push(
          streams
            .settle(charge, inTurn)
            .catch((error: unknown) => void (failure ??= { error }))
            .finally(() => {
              inHand -= 1;
              if (inHand <= MOST_IN_HAND) slotFree?.();
            }),
        );
      }
      // One waiter woken by whichever charge settles: racing every charge in hand instead would
      // add a reaction to each of them per wait, which grows with the square of the backlog.
      while (inHand > MOST_IN_HAND) await new Promise<void>((resolve) => (slotFree = resolve));
      slotFree = undefined;
    }
    await next; // a page read ahead when the reading stopped is left for the next run
    await Promise.all(settling);
  };
  await Promise.all(PROVIDER_IDS.map(streamProvider));
  await streams.writer.drain().catch((error: unknown) => void (failure ??= { error }));
  if (failure) throw failure.error;
  return report;
}

export type BatchWriter<T> = ReturnType<typeof batchWriter<T>>;

/**
 * Collects items and writes them `perTransaction` to a call of `write`, WRITERS at once: a full
 * batch at once, the rest once the calls in flight have had a turn to add to it.
 */
export function batchWriter<T>(perTransaction: number, write: (batch: T[]) => Promise<void>) {
  let queued: T[] = [];
  const writers = pLimit(WRITERS);
  const writing = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const writeBatch = () => {
    const batch = queued.splice(0, perTransaction);
    if (batch.length === 0) return;
    const job: Promise<void> = writers(() => write(batch))
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => writing.delete(job));
    writing.add(job);
  };
  return {
    add(item: T) {
      queued.push(item);
      if (queued.length >= perTransaction) writeBatch();
      else
        timer ??= setTimeout(() => {
          timer = undefined;
          while (queued.length > 0) writeBatch();
        }, 20);
    },
    /** Writes what is queued and waits for every batch; throws the first failure. */
    async drain() {
      clearTimeout(timer);
      timer = undefined;
      while (queued.length > 0) writeBatch();
      queued = [];
      await Promise.all(writing);
      if (failure) throw failure.error;
    },
  };
}
