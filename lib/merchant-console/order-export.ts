import "server-only";
import type { Db } from "@/lib/db/client";
import { CURRENT_CHARGE } from "@/lib/orders/charges";
import { toJakartaIso, toJakartaWallClock } from "@/lib/time";
import { csvLines } from "./csv";
import { findOrderIds, selectOrders, type OrderKey } from "./order-search";
import { orderFiltersSchema, type OrderFilters } from "./orders";
import { memberForRoute, requireMember } from "./session";

// The orders list as CSV, every order the filters select, however many: read in batches of
// EXPORT_BATCH_SIZE by keyset (newest first), each batch fetched only when the client has taken
// the previous one (a pull-based stream), so a million rows never sit in memory at once.

export const EXPORT_BATCH_SIZE = 1000;

const COLUMNS = [
  "reference",
  "created_at",
  "status",
  "store",
  "provider",
  "payment_code",
  "amount_idr",
  "paid_at",
  "needs_attention",
  "customer_name",
  "customer_email",
  "customer_phone",
  "order_id",
];

/** "gerai-orders-2026-12-06.csv", dated in WIB, where the merchant's day is. */
export function exportFileName(now: Date = new Date()): string {
  return `gerai-orders-${toJakartaWallClock(now).slice(0, 10)}.csv`;
}

/** The filtered orders as a stream of CSV (UTF-8 with a BOM, so Excel reads the names right). */
export async function exportOrdersCsv(db: Db, filters: OrderFilters, batchSize: number = EXPORT_BATCH_SIZE): Promise<ReadableStream<Uint8Array>> {
  await requireMember("orders:read");
  const encoder = new TextEncoder();
  const selection = await selectOrders(db, filters);
  let after: OrderKey | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvLines([COLUMNS])}`));
          return;
        }
        const keys = await findOrderIds(db, selection, batchSize, after);
        if (keys.length) {
          const orders = await db.order.findMany({ where: { id: { in: keys.map((key) => key.id) } }, include: { charges: CURRENT_CHARGE } });
          const byId = new Map(orders.map((order) => [order.id, order]));
          const rows = keys.flatMap((key) => {
            const order = byId.get(key.id);
            if (!order) return []; // deleted between the two reads
            const charge = order.charges[0];
            return [
              [
                order.reference,
                toJakartaIso(order.createdAt),
                order.status,
                order.store,
                charge?.provider ?? null,
                charge?.paymentCode ?? null,
                order.amount,
                order.paidAt ? toJakartaIso(order.paidAt) : null,
                order.needsAttention,
                order.customerName,
                order.customerEmail,
                order.customerPhone,
                order.id,
              ],
            ];
          });
          controller.enqueue(encoder.encode(csvLines(rows)));
          after = keys.at(-1);
        }
        if (keys.length < batchSize) controller.close();
      },
    },
    // One batch waiting at most: the next is read only once the client has taken it.
    { highWaterMark: 0 },
  );
}

/** GET /api/merchant/orders/export: the signed-in merchant's download of the list's filters. */
export async function ordersCsvResponse(db: () => Promise<Db>, url: URL): Promise<Response> {
  const member = await memberForRoute("orders:read");
  if (member instanceof Response) return member;
  const filters = orderFiltersSchema.parse(Object.fromEntries(url.searchParams));
  return new Response(await exportOrdersCsv(await db(), { ...filters, before: undefined }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName()}"`,
      "Cache-Control": "no-store",
    },
  });
}
