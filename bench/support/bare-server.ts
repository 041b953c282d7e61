import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type pg from "pg";
import type { Tx } from "@/lib/db/client";

// What the bare ceilings (bench/*-ceiling.ts: node:http + pg) share: their settings, the body
// read with a size cap, JSON answers, and pg-boss jobs queued on their own transaction.

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The body as text, or null when it is over `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** pg-boss builds the job's INSERT (lib/jobs/queue.ts), run here on this transaction's client. */
export function jobsOn(client: pg.PoolClient) {
  return { $queryRawUnsafe: async (text: string, ...values: unknown[]) => (await client.query(text, values)).rows } as unknown as Pick<Tx, "$queryRawUnsafe">;
}

/**
 * Counts one request for `key` in the RateLimit table, as the app's limiters do (a window of
 * `windowMs` from the first request; an expired window starts again): answers the points used.
 */
export async function countRequest(db: pg.Pool, key: string, windowMs: number, now: Date): Promise<number> {
  const { rows } = await db.query<{ points: number }>(
    `INSERT INTO "RateLimit" (key, points, expire) VALUES ($1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       points = CASE WHEN "RateLimit".expire <= now() THEN 1 ELSE "RateLimit".points + 1 END,
       expire = CASE WHEN "RateLimit".expire <= now() THEN EXCLUDED.expire ELSE "RateLimit".expire END
     RETURNING points`,
    [key, new Date(now.getTime() + windowMs)],
  );
  return rows[0]!.points;
}

/**
 * Listens on loopback for POST `path` only; a failure is logged and answered 500. SIGTERM closes
 * the server and `pool` (the load driver stops the ceiling that way, so profiles are written).
 */
export function serveBare(name: string, port: number, path: string, pool: pg.Pool, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>) {
  const server = createServer((request, response) => {
    if (request.method !== "POST" || request.url !== path) return answer(response, 404, { error: "not found" });
    handle(request, response).catch((error: unknown) => {
      console.error(`ceiling: ${name} failed`, error);
      if (!response.headersSent) answer(response, 500, { error: "temporarily unable to process" });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => console.log(`${name} ceiling listening on http://127.0.0.1:${port}`));
  process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
}
