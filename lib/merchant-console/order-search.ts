import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import type { OrderFilters } from "./orders";

// Which orders the console's filters and search select, newest first, one page or batch at a time:
// the list (lib/merchant-console/orders.ts) and the CSV export (order-export.ts) both read here.
//
// Search is a case-insensitive "contains" over the reference, the shopper's name, email and phone,
// and every payment code of the order. At a million orders an OR of ILIKE '%q%' with an EXISTS
// over the charges walks the whole createdAt index and every charge (about 1 s); here each field is
// looked up in its pg_trgm index (migration 20261206191727_console_search_indexes), the matching
// ids are united, and only those are filtered, ordered and cut to the page.

/** A position in the newest-first order: strictly older orders come next. */
export interface OrderKey {
  createdAt: Date;
  id: string;
}

/** What one search text is compared with, per field, as LIKE patterns. */
export interface SearchPatterns {
  /** reference and name, ILIKE */
  text: string;
  /** emails are stored in lower case */
  email: string;
  /** phones are stored as digits from 08…; empty when the text cannot be part of one */
  phones: string[];
  /** codes are stored in upper case without spaces */
  code: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const contains = (value: string) => `%${escapeLike(value)}%`;

/**
 * The patterns for one search text. A phone is matched as typed (digits) and in the stored
 * writing, so "+62 812-3456" finds 0812 3456…; a code as typed without spaces, in upper case.
 */
export function searchPatterns(q: string): SearchPatterns {
  const text = q.trim();
  const compact = text.replace(/[\s\-().]/g, "");
  const phones = /^\+?\d+$/.test(compact) ? [...new Set([compact.replace(/^\+/, ""), compact.replace(/^\+?62(?=8)/, "0")])] : [];
  return { text: contains(text), email: contains(text.toLowerCase()), phones: phones.map(contains), code: contains(text.replace(/\s/g, "").toUpperCase()) };
}

function matchingOrderIds(patterns: SearchPatterns): Prisma.Sql {
  // One SELECT per index, so each is a bitmap scan of its own trigram index.
  const phone = patterns.phones.map((pattern) => Prisma.sql`UNION SELECT id FROM "Order" WHERE "customerPhone" LIKE ${pattern}`);
  return Prisma.sql`
    SELECT id FROM "Order" WHERE "reference" ILIKE ${patterns.text}
    UNION SELECT id FROM "Order" WHERE "customerName" ILIKE ${patterns.text}
    UNION SELECT id FROM "Order" WHERE "customerEmail" LIKE ${patterns.email}
    ${phone.length ? Prisma.join(phone, " ") : Prisma.empty}
    UNION SELECT "orderId" FROM "Charge" WHERE "paymentCode" LIKE ${patterns.code}`;
}

/**
 * The ids of up to `limit` orders that match the filters, newest first (ties by id), strictly after
 * `after` when given; `filters.before` (the list's cursor) keeps only orders created before it.
 */
export async function findOrderIds(db: Db, filters: OrderFilters, limit: number, after?: OrderKey): Promise<OrderKey[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.status) conditions.push(Prisma.sql`o."status" = ${filters.status}::"OrderStatus"`);
  if (filters.store) conditions.push(Prisma.sql`o."store" = ${filters.store}::"Store"`);
  if (filters.attention) conditions.push(Prisma.sql`o."needsAttention"`);
  if (filters.provider) {
    // The provider of the order's current charge (lib/orders/charges.ts), as the list shows it.
    conditions.push(Prisma.sql`(SELECT c."provider" FROM "Charge" c WHERE c."orderId" = o.id AND c."status" <> 'not_issued' ORDER BY c."attempt" DESC LIMIT 1) = ${filters.provider}`);
  }
  if (filters.before) conditions.push(Prisma.sql`o."createdAt" < ${new Date(filters.before)}`);
  if (after) conditions.push(Prisma.sql`(o."createdAt", o.id) < (${after.createdAt}, ${after.id})`);
  const q = filters.q?.trim();
  if (q) conditions.push(Prisma.sql`o.id IN (${matchingOrderIds(searchPatterns(q))})`);
  return db.$queryRaw<OrderKey[]>`
    SELECT o.id, o."createdAt" FROM "Order" o
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY o."createdAt" DESC, o.id DESC
    LIMIT ${limit}`;
}
