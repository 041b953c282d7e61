// The bare ceiling for webhook ingestion (issue 12): node:http + pg, no framework, no ORM, doing
// the app's work for a Midtrans settlement notification, so the load driver (webhook-load.ts) can
// say how close the app comes. Same work, no shortcuts the app could not take:
// - the body read with the same size cap, parsed, the signature checked the same way (SHA-512,
//   constant-time compare) before any database work;
// - the request counted in the RateLimit table (the app's per-provider-and-address limit);
// - the ledger and the charge looked up; the delivery stored (raw body, redacted headers) and
//   committed before the status call; one status call from the charge's budget;
// - the same status call over HTTP to the same simulator (the app's /sandbox/midtrans);
// - one transaction: the ledger row, the order locked, order and charge read under the lock,
//   charge and order updated, the timeline entries, the merchant notification and the receipt
//   email with their pg-boss jobs, the NOTIFY to the order's watchers, and the delivery finished.
// Only the settled-and-pending path the load sends is handled; anything else is answered 200
// "ignored" without writes, which the driver's exactly-once check would catch.
//
//   DATABASE_URL=postgres://… STATUS_BASE_URL=http://127.0.0.1:3330/sandbox/midtrans \
//   MIDTRANS_SERVER_KEY=… CEILING_PORT=3331 tsx bench/webhook-ceiling.ts
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { enqueueMany } from "@/lib/jobs/queue";
import { answer, countRequest, jobsOn, readBody, required, serveBare } from "./support/bare-server";

const MAX_BODY_BYTES = 64 * 1024;
const WINDOW_MS = 60_000;
const CALLS_PER_WINDOW = 5;
const RATE_WINDOW_MS = 60_000;

const port = Number(process.env.CEILING_PORT ?? 3331);
const statusBaseUrl = required("STATUS_BASE_URL");
const serverKey = required("MIDTRANS_SERVER_KEY");
const pool = new pg.Pool({ connectionString: required("DATABASE_URL"), max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const statusAuth = `Basic ${Buffer.from(`${serverKey}:`).toString("base64")}`;

const id = (prefix: string) => `${prefix}_${randomBytes(15).toString("base64url")}`;

interface Notification {
  order_id: string;
  status_code: string;
  gross_amount: string;
  signature_key: string;
  transaction_id: string;
  transaction_status: string;
  fraud_status?: string;
  settlement_time?: string;
}

function verified(rawBody: string): Notification | null {
  let body: Partial<Notification>;
  try {
    body = JSON.parse(rawBody) as Partial<Notification>;
  } catch {
    return null;
  }
  const { order_id, status_code, gross_amount, signature_key, transaction_id, transaction_status } = body;
  if (![order_id, status_code, gross_amount, signature_key, transaction_id, transaction_status].every((field) => typeof field === "string")) return null;
  const expected = Buffer.from(createHash("sha512").update(`${order_id}${status_code}${gross_amount}${serverKey}`).digest("hex"));
  const given = Buffer.from(signature_key!.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected) ? (body as Notification) : null;
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  const rawBody = await readBody(request, MAX_BODY_BYTES);
  if (rawBody === null) return answer(response, 413, { error: "body too large" });
  const receivedAt = new Date();
  const notification = verified(rawBody);
  if (!notification) return answer(response, 401, { error: "signature_key does not match" });

  const address = request.socket.remoteAddress ?? "unknown";
  const points = await countRequest(pool, `ceiling-webhooks:midtrans:${address}`, RATE_WINDOW_MS, receivedAt);
  if (points > 1_000_000) return answer(response, 429, { error: "too many requests" });

  const eventKey = `${notification.transaction_id}:${notification.transaction_status}:${notification.fraud_status ?? ""}`;
  const found = await pool.query<{ id: string; orderId: string; reference: string; handled: string | null }>(
    `SELECT c.id, c."orderId", c.reference,
       (SELECT "deliveryId" FROM "PaymentEvent" WHERE provider = 'midtrans' AND "eventKey" = $3) AS handled
     FROM "Charge" c WHERE c.provider = 'midtrans' AND (c.reference = $1 OR c."providerChargeId" = $2) LIMIT 1`,
    [notification.order_id, notification.transaction_id, eventKey],
  );
  const charge = found.rows[0];
  if (charge?.handled) {
    await pool.query(`UPDATE "WebhookDelivery" SET "duplicateCount" = "duplicateCount" + 1, "lastDuplicateAt" = $2 WHERE id = $1`, [charge.handled, receivedAt]);
    return answer(response, 200, { status: "ok" });
  }
  if (!charge) return answer(response, 404, { error: "no such charge" });

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = name === "authorization" ? "[redacted]" : String(value);
  const deliveryId = id("whd");
  await pool.query(
    `INSERT INTO "WebhookDelivery" (id, provider, "receivedAt", path, headers, "rawBody", verified, "eventKey", "chargeId", "orderId", outcome)
     VALUES ($1, 'midtrans', $2, '/api/webhooks/midtrans', $3, $4, true, $5, $6, $7, 'received')`,
    [deliveryId, receivedAt, JSON.stringify(headers), rawBody, eventKey, charge.id, charge.orderId],
  );
  const now = new Date();
  const claimed = await pool.query(
    `UPDATE "Charge" SET
       "notifiedChecks" = CASE WHEN "notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= $2 THEN 1 ELSE "notifiedChecks" + 1 END,
       "notifiedChecksSince" = CASE WHEN "notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= $2 THEN $3 ELSE "notifiedChecksSince" END
     WHERE id = $1 AND ("notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= $2 OR "notifiedChecks" < $4)`,
    [charge.id, new Date(now.getTime() - WINDOW_MS), now, CALLS_PER_WINDOW],
  );
  if (claimed.rowCount !== 1) return answer(response, 503, { error: "deferred" });

  const status = await fetch(`${statusBaseUrl}/v2/${encodeURIComponent(charge.reference)}/status`, {
    headers: { authorization: statusAuth, accept: "application/json" },
    signal: AbortSignal.timeout(Number(required("PROVIDER_TIMEOUT_MS"))),
  });
  const snapshot = (await status.json()) as { status_code?: string; transaction_status?: string; gross_amount?: string; settlement_time?: string };
  if (snapshot.status_code !== "200" || snapshot.transaction_status !== "settlement") return answer(response, 503, { error: "not confirmed" });
  const amount = Math.round(Number(snapshot.gross_amount));

  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const appliedAt = new Date();
    // The ledger row and the order's lock in one round trip, as the app takes them.
    const ledger = await client.query(
      `WITH entry AS (
         INSERT INTO "PaymentEvent" (id, provider, "eventKey", "chargeId", kind, source, "deliveryId") VALUES ($1, 'midtrans', $2, $3, 'paid', 'webhook', $4)
         ON CONFLICT (provider, "eventKey") DO NOTHING
         RETURNING 1
       )
       SELECT id FROM "Order" WHERE id = $5 AND EXISTS (SELECT 1 FROM entry) FOR UPDATE`,
      [id("pev"), eventKey, charge.id, deliveryId, charge.orderId],
    );
    if (ledger.rowCount !== 1) {
      await client.query("ROLLBACK");
      await pool.query(`DELETE FROM "WebhookDelivery" WHERE id = $1`, [deliveryId]);
      return answer(response, 200, { status: "ok" });
    }
    const { rows } = await client.query<{ orderStatus: string; needsAttention: boolean; chargeStatus: string; amount: number; code: string; currentId: string }>(
      `SELECT o.status AS "orderStatus", o."needsAttention", c.status AS "chargeStatus", c.amount, coalesce(c."paymentCode", c.reference) AS code,
         (SELECT id FROM "Charge" WHERE "orderId" = o.id AND status <> 'not_issued' ORDER BY attempt DESC LIMIT 1) AS "currentId"
       FROM "Order" o JOIN "Charge" c ON c.id = $2 WHERE o.id = $1`,
      [charge.orderId, charge.id],
    );
    const state = rows[0]!;
    if (state.orderStatus !== "pending" || state.chargeStatus !== "pending" || state.currentId !== charge.id || amount !== state.amount) {
      await client.query("ROLLBACK");
      return answer(response, 200, { status: "ignored" });
    }
    const paidAt = snapshot.settlement_time ? new Date(`${snapshot.settlement_time.replace(" ", "T")}+07:00`) : appliedAt;
    // The charge, the order and the delivery in one round trip, as the app writes them.
    await client.query(
      `WITH charge AS (
         UPDATE "Charge" SET status = 'paid', "providerStatus" = 'settlement', "paidAt" = $2, "paidAmount" = $3, "checkedAt" = $4, "updatedAt" = $4 WHERE id = $1 RETURNING 1
       ), moved AS (
         UPDATE "Order" SET status = 'paid', "paidAt" = $2, "updatedAt" = $4 WHERE id = $5 RETURNING 1
       ), finished AS (
         UPDATE "WebhookDelivery" SET outcome = 'applied', "outcomeDetail" = 'order is paid', "processedAt" = $4 WHERE id = $6 RETURNING 1
       )
       SELECT 1`,
      [charge.id, paidAt, amount, appliedAt, charge.orderId, deliveryId],
    );
    const said = { provider: "midtrans", source: "webhook", providerStatus: "settlement" };
    await client.query(
      `INSERT INTO "OrderEvent" (id, "orderId", at, type, "fromStatus", "toStatus", "chargeId", "deliveryId", data) VALUES
         ($1, $3, $4, 'webhook_received', NULL, NULL, $5, $6, $7),
         ($2, $3, $4, 'status_changed', 'pending', 'paid', $5, $6, $8)`,
      [
        id("oev"),
        id("oev"),
        charge.orderId,
        appliedAt,
        charge.id,
        deliveryId,
        JSON.stringify({ provider: "midtrans", providerStatus: "settlement", unconfirmed: null, recheckMinutes: null }),
        JSON.stringify({ ...said, paymentCode: state.code, reason: "paid" }),
      ],
    );
    // The merchant's notification and the shopper's receipt: each an outbox row; their jobs in one statement.
    const notificationId = id("evt");
    await client.query(`INSERT INTO "OrderNotification" (id, type, "orderId", "chargeId", "createdAt") VALUES ($1, 'order.paid', $2, $3, $4)`, [notificationId, charge.orderId, charge.id, appliedAt]);
    const emailId = id("eml");
    await client.query(`INSERT INTO "ShopperEmail" (id, kind, "orderId", "chargeId", "createdAt") VALUES ($1, 'receipt', $2, $3, $4)`, [emailId, charge.orderId, charge.id, appliedAt]);
    await enqueueMany(jobsOn(client), [
      { queue: "order-notification", data: { notificationId }, startAfter: appliedAt },
      { queue: "shopper-email", data: { emailId } },
    ]);
    await client.query(`SELECT pg_notify('order_changed', $1)`, [charge.orderId]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return answer(response, 200, { status: "ok" });
}

serveBare("webhook", port, "/api/webhooks/midtrans", pool, handle);
