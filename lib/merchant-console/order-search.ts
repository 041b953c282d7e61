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

/** Past this many orders matching by code, the code is checked per order instead of listed. */
const CODE_MATCH_LIMIT = 1000;

/** An order selection: the filters as SQL over "Order" o, ready to be paged or streamed. */
export type OrderSelection = Prisma.Sql;

/**
 * Step one of a search: the orders whose codes match, from the codes' trigram index. Step two
 * (selectOrders' condition) ORs them with the order's own fields, each with its own trigram
 * index, which PostgreSQL unites in one bitmap; or, when a term is common, walks the newest
 * orders and stops at the page's end.
 */
async function searchCondition(db: Db, q: string): Promise<Prisma.Sql> {
  const patterns = searchPatterns(q);
  const byCode = await db.$queryRaw<{ orderId: string }[]>`
    SELECT DISTINCT "orderId" FROM "Charge" WHERE "paymentCode" LIKE ${patterns.code} LIMIT ${CODE_MATCH_LIMIT + 1}`;
  const code =
    byCode.length > CODE_MATCH_LIMIT
      ? Prisma.sql`EXISTS (SELECT 1 FROM "Charge" c WHERE c."orderId" = o.id AND c."paymentCode" LIKE ${patterns.code})`
      : byCode.length
        ? Prisma.sql`o.id IN (${Prisma.join(byCode.map((row) => row.orderId))})`
        : Prisma.sql`FALSE`;
  const phones = patterns.phones.map((pattern) => Prisma.sql`OR o."customerPhone" LIKE ${pattern}`);
  return Prisma.sql`(o."reference" ILIKE ${patterns.text} OR o."customerName" ILIKE ${patterns.text} OR o."customerEmail" LIKE ${patterns.email}
    ${phones.length ? Prisma.join(phones, " ") : Prisma.empty} OR ${code})`;
}

/** The list's filters as one SQL condition; a search looks its codes up once, here. */
export async function selectOrders(db: Db, filters: OrderFilters): Promise<OrderSelection> {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.status) conditions.push(Prisma.sql`o."status" = ${filters.status}::"OrderStatus"`);
  if (filters.store) conditions.push(Prisma.sql`o."store" = ${filters.store}::"Store"`);
  if (filters.attention) conditions.push(Prisma.sql`o."needsAttention"`);
  if (filters.provider) {
    // The provider of the order's current charge (lib/orders/charges.ts), as the list shows it.
    conditions.push(Prisma.sql`(SELECT c."provider" FROM "Charge" c WHERE c."orderId" = o.id AND c."status" <> 'not_issued' ORDER BY c."attempt" DESC LIMIT 1) = ${filters.provider}`);
  }
  if (filters.before) conditions.push(Prisma.sql`o."createdAt" < ${new Date(filters.before)}`);
  const q = filters.q?.trim();
  if (q) conditions.push(await searchCondition(db, q));
  return Prisma.join(conditions, " AND ");
}

/** The ids of up to `limit` selected orders, newest first (ties by id), strictly after `after` when given. */
export function findOrderIds(db: Db, selection: OrderSelection, limit: number, after?: OrderKey): Promise<OrderKey[]> {
  return db.$queryRaw<OrderKey[]>`
    SELECT o.id, o."createdAt" FROM "Order" o
    WHERE ${selection} ${after ? Prisma.sql`AND (o."createdAt", o.id) < (${after.createdAt}, ${after.id})` : Prisma.empty}
    ORDER BY o."createdAt" DESC, o.id DESC
    LIMIT ${limit}`;
}
