import { openDatabase, type OpenedDatabase } from "@/lib/db/client";

// Integration tests run on a real database: a fresh in-memory PGlite per test file by default,
// or the PostgreSQL server named by TEST_DATABASE_URL (migrated by `prisma migrate deploy`),
// emptied at the start of each file (files then run one at a time).

export async function openTestDatabase(): Promise<OpenedDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({ pgliteDataDir: "memory://" });
  const opened = await openDatabase({ databaseUrl: url, pgliteDataDir: "memory://" });
  const tables = await opened.db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%'`;
  if (tables.length) {
    await opened.db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
  }
  return opened;
}
