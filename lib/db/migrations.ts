import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "./client";

// The Prisma CLI cannot hold an in-process database, so for PGlite the app applies the committed
// migrations itself: each migration.sql in order, each in a transaction, remembered in a table.
// A real PostgreSQL server gets the same files through `prisma migrate deploy`.

const MIGRATIONS_TABLE = "_gerai_migrations";

export function migrationsDir(): string {
  // Read at run time only; next.config.ts includes the folder in the server's file trace.
  return join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
}

export function listMigrations(dir = migrationsDir()): { name: string; sql: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

/** Applies the migrations this database has not seen yet; returns their names. */
export async function applyMigrations(db: PGlite, dir = migrationsDir()): Promise<string[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = new Set(
    (await db.query<{ name: string }>(`SELECT name FROM "${MIGRATIONS_TABLE}"`)).rows.map((row) => row.name),
  );
  const applied: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (done.has(migration.name)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name) VALUES ($1)`, [migration.name]);
    });
    applied.push(migration.name);
  }
  return applied;
}

/**
 * The committed migrations a database has not applied: on PostgreSQL as `prisma migrate deploy`
 * records them, on PGlite as applyMigrations does.
 */
export async function unappliedMigrations(database: { kind: "postgres" | "pglite"; db: Pick<Db, "$queryRawUnsafe"> }): Promise<string[]> {
  const query =
    database.kind === "postgres"
      ? `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
      : `SELECT name FROM "${MIGRATIONS_TABLE}"`;
  const applied = new Set((await database.db.$queryRawUnsafe<{ name: string }[]>(query)).map((row) => row.name));
  return committedMigrationNames().filter((name) => !applied.has(name));
}

let committed: string[] | undefined;
/** The names of the committed migrations; the folder does not change while the app runs. */
function committedMigrationNames(): string[] {
  committed ??= listMigrations().map((migration) => migration.name);
  return committed;
}
