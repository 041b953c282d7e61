import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceOrderChanges, openOrderChangeFeed, type OrderChangeFeed } from "@/lib/orders/order-changes";
import { recordOrderEvent } from "@/lib/orders/timeline";
import { openTestDatabase } from "@/test/database";
import { atCashier, createWorld, fiveProviders, placeTestOrder, type World } from "@/test/world";
import { paymentEventStream } from "./payment-events";

// A change of an order reaches whoever watches it once committed, and never when rolled back;
// the payment page's event stream turns that into the page's new version.

let world: World;
let feed: OrderChangeFeed;

beforeAll(async () => {
  const database = await openTestDatabase();
  world = await createWorld(fiveProviders(), { database, allowProviderChoice: true, start: new Date() });
  feed = await openOrderChangeFeed(database);
});
afterAll(async () => {
  await feed?.close();
  await world?.close();
});

const newOrder = () => placeTestOrder(world, { reference: `SSE-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, provider: "midtrans" });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads server-sent events from a stream as they come: `next()` gives the next one's name and data. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<{ event: string; data: string } | "ended"> {
      for (;;) {
        const boundary = buffer.indexOf("\n\n");
        if (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = block.split("\n");
          const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
          const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
          if (event && data) return { event, data };
          continue; // a comment, or the retry setting
        }
        const { value, done } = await reader.read();
        if (done) return "ended";
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe("order changes", () => {
  it("reach a watcher of the order once committed, and never from a rolled-back transaction", async () => {
    const order = await newOrder();
    const other = await newOrder();
    // What placing them announced is delivered with the next statement (PGlite) or a moment
    // later (PostgreSQL): let it pass before watching.
    await world.db.$queryRaw`SELECT 1`;
    await pause(300);
    const heard: string[] = [];
    const stopWatching = feed.watch(order.id, () => heard.push(order.id));
    feed.watch(other.id, () => heard.push(other.id));

    await world.db
      .$transaction(async (tx) => {
        await announceOrderChanges(tx, [order.id]);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await pause(300);
    expect(heard).toEqual([]);

    // Committed: heard by the order's watcher only.
    await world.db.$transaction((tx) => announceOrderChanges(tx, [order.id]));
    await expect.poll(() => heard).toEqual([order.id]);

    // An entry that only records what was heard changes nothing the page shows: not announced.
    heard.length = 0;
    await world.db.$transaction((tx) =>
      recordOrderEvent(tx, {
        orderId: order.id,
        type: "webhook_received",
        params: { provider: "midtrans", providerStatus: "pending", unconfirmed: null, recheckMinutes: null },
      }),
    );
    await world.db.$queryRaw`SELECT 1`;
    await pause(300);
    expect(heard).toEqual([]);

    // A payment commits changes of the order on its timeline, each heard.
    await atCashier(world, order, "pay");
    await expect.poll(() => heard.includes(order.id)).toBe(true);

    stopWatching();
    await pause(300);
    heard.length = 0;
    await world.db.$transaction((tx) => announceOrderChanges(tx, [order.id]));
    await world.db.$queryRaw`SELECT 1`;
    await pause(300);
    expect(heard).toEqual([]);
  });

  it("turn into the open payment page's events: its version now, then the paid one", async () => {
    const order = await newOrder();
    const abort = new AbortController();
    const response = await paymentEventStream(world.db, feed, order.publicId, abort.signal);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = eventReader(response.body!);
    const first = await events.next();
    expect(first).toMatchObject({ event: "version" });
    expect(JSON.parse((first as { data: string }).data)).toMatchObject({ status: "pending" });

    await atCashier(world, order, "pay");
    const paid = await events.next();
    expect(paid).toMatchObject({ event: "version" });
    expect(JSON.parse((paid as { data: string }).data)).toMatchObject({ status: "paid" });

    // The shopper leaves: the stream ends and stops watching.
    abort.abort();
    expect(await events.next()).toBe("ended");
  });

  it("answer 404 for a public id that is not ours", async () => {
    const response = await paymentEventStream(world.db, feed, "A".repeat(22), new AbortController().signal);
    expect(response.status).toBe(404);
  });
});
