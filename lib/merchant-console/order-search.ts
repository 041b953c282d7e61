import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import type { OrderFilters } from "./orders";
import { searchPatterns } from "./search-patterns";
import { requireMember } from "./session";

// Which orders the console's filters and search select, newest first, one page or batch at a time:
// the list (lib/merchant-console/orders.ts) and the CSV export (order-export.ts) both read here.
//
// Search is a case-insensitive "contains" over the reference, the shopper's name, email and phone,
// and every payment code of the order. At a million orders an OR of ILIKE '%q%' with an EXISTS
// over the charges walks the whole createdAt index and every charge (seconds); here each field has
// its pg_trgm index (migration 20261206191727_console_search_indexes): the codes are looked up
// first, then one OR over the order's own fields lets PostgreSQL unite their index lookups (rare
// terms) or walk the newest orders until the page is full (common ones).

/** A position in the newest-first order: strictly older orders come next. */
export interface OrderKey {
  createdAt: Date;
  id: string;
}

/**
 * `column LIKE pattern`, looked up in the index by the telling part only: the whole pattern is
 * checked on the rows found, over `column || ''`, which no index serves, so the planner keeps it out
 * of the index condition. Same rows as the plain LIKE, since the part is inside the pattern.
 */
function narrowedLike(column: Prisma.Sql, operator: Prisma.Sql, pattern: string, part: string | undefined): Prisma.Sql {
  if (!part) return Prisma.sql`${column} ${operator} ${pattern}`;
  return Prisma.sql`(${column} ${operator} ${part} AND (${column} || '') ${operator} ${pattern})`;
}

/** Past this many orders matching by code, the code is checked per order instead of listed. */
const CODE_MATCH_LIMIT = 1000;

/** The provider of order o's current charge (lib/orders/charges.ts currentChargeOf), as the list shows it. */
export const CURRENT_PROVIDER = Prisma.sql`(SELECT c.provider FROM "Charge" c WHERE c."orderId" = o.id AND c.status <> 'not_issued' ORDER BY c.attempt DESC LIMIT 1)`;

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
  const reference = patterns.inReference
    ? Prisma.sql`OR ${narrowedLike(Prisma.sql`o."reference"`, Prisma.sql`ILIKE`, patterns.text, patterns.part?.text)}`
    : Prisma.empty;
  const email = patterns.email ? Prisma.sql`OR ${narrowedLike(Prisma.sql`o."customerEmail"`, Prisma.sql`LIKE`, patterns.email, patterns.part?.email)}` : Prisma.empty;
  return Prisma.sql`(o."customerName" ILIKE ${patterns.text} ${reference} ${email}
    ${phones.length ? Prisma.join(phones, " ") : Prisma.empty} OR ${code})`;
}

/**
 * The list's filters as one SQL condition; a search looks its codes up once, here. A search reads
 * orders, so this checks the member itself; findOrderIds reads only what a selection made here names.
 */
export async function selectOrders(db: Db, filters: OrderFilters): Promise<OrderSelection> {
  await requireMember("orders:read");
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.status) conditions.push(Prisma.sql`o."status" = ${filters.status}::"OrderStatus"`);
  if (filters.store) conditions.push(Prisma.sql`o."store" = ${filters.store}::"Store"`);
  if (filters.attention) conditions.push(Prisma.sql`o."needsAttention"`);
  if (filters.provider) conditions.push(Prisma.sql`${CURRENT_PROVIDER} = ${filters.provider}`);
  if (filters.before) conditions.push(Prisma.sql`o."createdAt" < ${new Date(filters.before)}`);
  const q = filters.q?.trim();
  if (q) conditions.push(await searchCondition(db, q));
  return Prisma.join(conditions, " AND ");
}

/**
 * The query for up to `limit` selected orders' ids and creation times, newest first (ties by id),
 * strictly after `after` when given. The row comparison alone cannot use the createdAt index; the
 * plain bound on createdAt lets each batch start where the last one ended instead of reading every
 * newer order again.
 */
export function orderKeysQuery(selection: OrderSelection, limit: number, after?: OrderKey): Prisma.Sql {
  return Prisma.sql`
    SELECT o.id, o."createdAt" FROM "Order" o
    WHERE ${selection} ${after ? Prisma.sql`AND o."createdAt" <= ${after.createdAt} AND (o."createdAt", o.id) < (${after.createdAt}, ${after.id})` : Prisma.empty}
    ORDER BY o."createdAt" DESC, o.id DESC
    LIMIT ${limit}`;
}

/** The keys orderKeysQuery selects. */
export function findOrderIds(db: Db, selection: OrderSelection, limit: number, after?: OrderKey): Promise<OrderKey[]> {
  return db.$queryRaw<OrderKey[]>(orderKeysQuery(selection, limit, after));
}
