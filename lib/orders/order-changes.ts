import pg from "pg";
import type { OpenedDatabase, Tx } from "@/lib/db/client";
import { log } from "@/lib/log.mjs";
import { onShutdown } from "@/lib/shutdown.mjs";

// Who watches an order (a shopper's open payment page) hears of each committed change at once,
// whichever instance made it: the transaction that records a change on the order's timeline also
// sends a NOTIFY, which PostgreSQL delivers only if it commits (and once per order per
// transaction); each instance keeps one LISTEN connection and passes it on to its own watchers.
// The embedded PGlite does the same in process.

const CHANNEL = "order_changed";
/** How long to wait before listening again after the connection is lost; doubles up to a minute. */
const FIRST_RETRY_MS = 500;

/** Part of the transaction that changes the orders: delivered on commit, never on rollback. */
export async function announceOrderChanges(tx: Tx, orderIds: string[]): Promise<void> {
  const distinct = [...new Set(orderIds)];
  if (distinct.length === 0) return;
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, id) FROM unnest(${distinct}::text[]) AS id`;
}

export interface OrderChangeFeed {
  /** Calls `listener` after each committed change of the order; returns the way to stop. */
  watch(orderId: string, listener: () => void): () => void;
  /**
   * Calls `listener` with the order's id after each committed change of any order (the merchant's
   * open console), and with none when changes may have been missed (after a reconnection).
   */
  watchAll(listener: (orderId?: string) => void): () => void;
  close(): Promise<void>;
}

export async function openOrderChangeFeed(database: OpenedDatabase): Promise<OrderChangeFeed> {
  const watchers = new Map<string, Set<() => void>>();
  const watchingAll = new Set<(orderId?: string) => void>();
  const dispatch = (orderId: string) => {
    watchers.get(orderId)?.forEach((listener) => listener());
    watchingAll.forEach((listener) => listener(orderId));
  };
  const everyone = () => {
    watchers.forEach((listeners) => listeners.forEach((listener) => listener()));
    watchingAll.forEach((listener) => listener());
  };
  const stop = database.kind === "pglite" ? await database.pglite.listen(CHANNEL, dispatch) : await listenOnPostgres(database.databaseUrl, dispatch, everyone);
  return {
    watch(orderId, listener) {
      const listeners = watchers.get(orderId) ?? watchers.set(orderId, new Set()).get(orderId)!;
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) watchers.delete(orderId);
      };
    },
    watchAll(listener) {
      watchingAll.add(listener);
      return () => watchingAll.delete(listener);
    },
    close: stop,
  };
}

/**
 * One connection of its own (LISTEN holds it), opened again after it is lost. Changes made while
 * it was down were not heard, so after each reconnection every watcher is told to look again.
 */
async function listenOnPostgres(databaseUrl: string, dispatch: (orderId: string) => void, everyone: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "gerai-order-changes" });
    next.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload) dispatch(message.payload);
    });
    next.on("error", (error) => {
      log.warn({ err: error }, "order change feed lost its connection; listening again shortly");
      reconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
    retryMs = FIRST_RETRY_MS;
  };
  const reconnect = () => {
    if (closed || retry) return;
    const lost = client;
    client = undefined;
    void lost?.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(everyone, (error: unknown) => {
        log.warn({ err: error, retryMs }, "order change feed could not listen; trying again");
        retryMs = Math.min(retryMs * 2, 60_000);
        reconnect();
      });
    }, retryMs);
    retry.unref();
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

// One feed per process, like the database (lib/db/client.ts), opened on first use.
const holder = globalThis as typeof globalThis & { __geraiOrderChanges?: Promise<OrderChangeFeed> };

export function getOrderChangeFeed(database: () => Promise<OpenedDatabase>): Promise<OrderChangeFeed> {
  holder.__geraiOrderChanges ??= database()
    .then(openOrderChangeFeed)
    .then((feed) => {
      onShutdown("order change feed", () => feed.close());
      return feed;
    })
    .catch((error: unknown) => {
      holder.__geraiOrderChanges = undefined;
      throw error;
    });
  return holder.__geraiOrderChanges;
}
