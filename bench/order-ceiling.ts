// The bare ceiling for order creation (issue 12): node:http + pg, no framework, no ORM, doing the
// app's work for POST /api/v1/orders, so the load driver (order-load.ts) can say how close the
// app comes. Same work, no shortcuts the app could not take:
// - the bearer checked the same way (a test key: its sha256 looked up in ApiKey, revoked or not);
// - the request counted in the RateLimit table (the app's per-key order limit);
// - the Idempotency-Key claimed in ApiIdempotencyKey (the same id and request hash), the answer
//   stored on it after;
// - the body parsed and validated with the app's schema (apiOrderSchema);
// - the order's reference and its earlier provider calls looked up (a repeat would replay);
// - the call written down (ChargeRequest) and committed before it is made, with the app's
//   request hash, so a lost answer can be asked for again;
// - the same create call over HTTP to the same simulator (the app's /sandbox/midtrans, the body
//   the app's Midtrans adapter builds, with its Idempotency-Key);
// - one transaction: the order, its items, the charge, the two timeline entries, the shopper's
//   code email with its pg-boss job, the NOTIFY to the order's watchers, the written-down call
//   deleted.
// Only the path the load takes (a new order, routed to Midtrans, issued at the first try) is
// handled; anything else is answered 500 without writes, which the driver's checks would catch.
//
//   DATABASE_URL=postgres://… SIMULATOR_URL=http://127.0.0.1:3340/sandbox/midtrans \
//   MIDTRANS_SERVER_KEY=… MERCHANT_NAME=… APP_URL=… CEILING_PORT=3341 tsx bench/order-ceiling.ts
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { newId, newPublicId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/queue";
import { idempotencyRequestHash } from "@/lib/merchant-api/idempotency-key";
import { hashOrderRequest } from "@/lib/orders/issue-charge";
import { apiOrderSchema, orderTotal } from "@/lib/orders/order-input";
import { buildChargeRequest, MIDTRANS_LIMITS } from "@/lib/providers/midtrans/client";
import { parseJakartaWallClock } from "@/lib/time";
import { answer, countRequest, jobsOn, readBody, required, serveBare } from "./support/bare-server";

const MAX_BODY_BYTES = 1024 * 1024;
const API_KEY = /^sk_(test|live)_[A-Za-z0-9]{32}$/;
const RATE_WINDOW_MS = 60_000;
const IN_HAND_MS = 60_000;
const KEY_LIFETIME_MS = 24 * 3_600_000;
const EXPIRY_MINUTES = Number(process.env.PAYMENT_EXPIRY_MINUTES ?? 1440);

const port = Number(process.env.CEILING_PORT ?? 3341);
const simulatorUrl = required("SIMULATOR_URL");
const merchantName = required("MERCHANT_NAME");
const appUrl = required("APP_URL");
const serverKey = required("MIDTRANS_SERVER_KEY");
const pool = new pg.Pool({ connectionString: required("DATABASE_URL"), max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const providerAuth = `Basic ${Buffer.from(`${serverKey}:`).toString("base64")}`;

const sha256 = (text: string, encoding: "hex" | "base64url") => createHash("sha256").update(text).digest(encoding);
const apiError = (response: ServerResponse, status: number, type: string) => answer(response, status, { error: { type } });

async function handle(request: IncomingMessage, response: ServerResponse) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? "")?.[1];
  if (!bearer || !API_KEY.test(bearer)) return apiError(response, 401, "authentication_required");
  const keys = await pool.query<{ id: string; mode: string; revokedAt: Date | null }>(`SELECT id, mode, "revokedAt" FROM "ApiKey" WHERE hash = $1`, [sha256(bearer, "hex")]);
  const key = keys.rows[0];
  if (!key || key.revokedAt) return apiError(response, 401, "authentication_required");
  const now = new Date();
  if ((await countRequest(pool, `ceiling-orders:${key.id}`, RATE_WINDOW_MS, now)) > 1_000_000) return apiError(response, 429, "rate_limited");
  if (key.mode !== "test") return apiError(response, 403, "wrong_mode");

  const text = await readBody(request, MAX_BODY_BYTES);
  if (text === null) return apiError(response, 413, "invalid_request");
  const idempotencyKey = request.headers["idempotency-key"];
  if (typeof idempotencyKey !== "string" || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) return apiError(response, 500, "not_handled");
  const claimId = sha256(`${key.id}:${idempotencyKey}`, "base64url");
  const claimed = await pool.query(
    `INSERT INTO "ApiIdempotencyKey" (id, "requestHash", "lockedUntil", "expiresAt") VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [claimId, idempotencyRequestHash(text), new Date(now.getTime() + IN_HAND_MS), new Date(now.getTime() + KEY_LIFETIME_MS)],
  );
  if (claimed.rowCount !== 1) return apiError(response, 500, "not_handled");
  const finish = async (status: number, body: unknown) => {
    const json = JSON.stringify(body);
    await pool.query(`UPDATE "ApiIdempotencyKey" SET status = $2, body = $3 WHERE id = $1`, [claimId, status, json]);
    response.writeHead(status, { "content-type": "application/json" }).end(json);
  };

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return finish(400, { error: { type: "invalid_json" } });
  }
  const parsed = apiOrderSchema.safeParse(body);
  if (!parsed.success) return finish(422, { error: { type: "invalid_request" } });
  const input = parsed.data;
  const amount = orderTotal(input.items);
  const limits = MIDTRANS_LIMITS[input.store];
  if (amount < limits.min || amount > limits.max) return finish(422, { error: { type: "amount_out_of_range" } });
  const items = input.items.map((item) => ({ sku: item.sku ?? null, name: item.name, unitPrice: item.unit_price, quantity: item.quantity }));
  const description = input.description ?? `Order ${input.reference} at ${merchantName}`;
  const expiryMinutes = input.expires_in_minutes ?? EXPIRY_MINUTES;

  const before = await pool.query<{ existing: string | null; calls: number }>(
    `SELECT (SELECT id FROM "Order" WHERE reference = $1) AS existing, (SELECT count(*)::int FROM "ChargeRequest" WHERE "orderReference" = $1) AS calls`,
    [input.reference],
  );
  if (before.rows[0]!.existing || before.rows[0]!.calls > 0) return apiError(response, 500, "not_handled");

  const chargeId = newId("chg");
  const chargeReference = `${input.reference}-1`;
  const startedAt = new Date();
  const expiresAt = new Date(now.getTime() + expiryMinutes * 60_000);
  await pool.query(
    `INSERT INTO "ChargeRequest" (id, "orderReference", attempt, provider, reference, "idempotencyKey", "requestHash", "sentAt", "expiresAt") VALUES ($1, $2, 1, 'midtrans', $3, $1, $4, $5, $6)`,
    [chargeId, input.reference, chargeReference, hashOrderRequest({ ...input, amount, description, items }, merchantName), startedAt, expiresAt],
  );
  const call = await fetch(`${simulatorUrl}/v2/charge`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: providerAuth, "Idempotency-Key": chargeId },
    body: JSON.stringify(
      buildChargeRequest({ idempotencyKey: chargeId, reference: chargeReference, amount, store: input.store, expiresAt, now: startedAt, merchantName, description, customer: input.customer, items }),
    ),
    signal: AbortSignal.timeout(Number(required("PROVIDER_TIMEOUT_MS"))),
  });
  const issued = (await call.json()) as { status_code?: string; transaction_id?: string; payment_code?: string; gross_amount?: string; transaction_status?: string; expiry_time?: string };
  if (issued.status_code !== "201" || !issued.payment_code || !issued.transaction_id || Math.round(Number(issued.gross_amount)) !== amount) {
    return apiError(response, 500, "not_handled");
  }
  const codeExpiresAt = parseJakartaWallClock(issued.expiry_time ?? "") ?? expiresAt;

  const orderId = newId("ord");
  const publicId = newPublicId();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Order" (id, "publicId", reference, status, amount, store, source, "customerName", "customerEmail", "customerPhone", description, "expiryMinutes", "returnUrl", locale, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, 'pending', $4, $5::"Store", 'api', $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [orderId, publicId, input.reference, amount, input.store, input.customer.name, input.customer.email, input.customer.phone, description, expiryMinutes, input.return_url ?? null, input.locale ?? "id", now],
    );
    await client.query(
      `INSERT INTO "OrderItem" (id, "orderId", position, sku, name, "unitPrice", quantity) VALUES ${items.map((_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, ${i}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`).join(", ")}`,
      items.flatMap((item) => [newId("itm"), orderId, item.sku, item.name, item.unitPrice, item.quantity]),
    );
    await client.query(
      `INSERT INTO "Charge" (id, "orderId", attempt, provider, store, reference, "idempotencyKey", status, amount, "providerChargeId", "paymentCode", "expiresAt", "providerStatus", "createdAt", "updatedAt")
       VALUES ($1, $2, 1, 'midtrans', $3::"Store", $4, $1, 'pending', $5, $6, $7, $8, $9, $10, $10)`,
      [chargeId, orderId, input.store, chargeReference, amount, issued.transaction_id, issued.payment_code, codeExpiresAt, issued.transaction_status ?? "pending", startedAt],
    );
    await client.query(
      `INSERT INTO "OrderEvent" (id, "orderId", at, type, "toStatus", "chargeId", data) VALUES
         ($1, $3, $4, 'order_created', 'pending', NULL, $6),
         ($2, $3, $5, 'charge_issued', NULL, $7, $8)`,
      [
        newId("oev"),
        newId("oev"),
        orderId,
        now,
        startedAt,
        JSON.stringify({ source: "api", amount, store: input.store }),
        chargeId,
        JSON.stringify({ provider: "midtrans", providerChargeId: issued.transaction_id, paymentCode: issued.payment_code, expiresAt: codeExpiresAt.toISOString() }),
      ],
    );
    const emailId = newId("eml");
    await client.query(`INSERT INTO "ShopperEmail" (id, kind, "orderId", "chargeId", "createdAt") VALUES ($1, 'code', $2, $3, $4)`, [emailId, orderId, chargeId, startedAt]);
    await enqueue(jobsOn(client), "shopper-email", { emailId });
    await client.query(`SELECT pg_notify('order_changed', $1)`, [orderId]);
    await client.query(`DELETE FROM "ChargeRequest" WHERE "orderReference" = $1`, [input.reference]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return finish(201, {
    id: orderId,
    reference: input.reference,
    status: "pending",
    amount,
    currency: "IDR",
    store: input.store,
    provider: "midtrans",
    payment_code: issued.payment_code,
    expires_at: codeExpiresAt.toISOString(),
    payment_url: `${appUrl}/pay/${publicId}`,
    created_at: now.toISOString(),
  });
}

serveBare("order creation", port, "/api/v1/orders", pool, handle);
