import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { onShutdown } from "@/lib/shutdown.mjs";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { applyMigrations } from "./migrations";
import { PGLITE_EXTENSIONS } from "./pglite-extensions";
import { ensureDemoOwner } from "@/lib/console-accounts/demo-owner";
import { ensureCatalog } from "./seed";

export type Db = PrismaClient;
/** What a use case may run inside `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

export type OpenedDatabase = {
  db: Db;
  close(): Promise<void>;
} & ({ kind: "postgres"; databaseUrl: string } | { kind: "pglite"; pglite: PGlite });

/**
 * PostgreSQL when a URL is given; otherwise embedded PGlite in `pgliteDataDir`
 * ("memory://" keeps it in memory), with the committed migrations applied.
 */
export async function openDatabase(options: { databaseUrl?: string; poolSize?: number; pgliteDataDir: string }): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 }) });
    return { db, kind: "postgres", databaseUrl: options.databaseUrl, close: () => db.$disconnect() };
  }
  const inMemory = options.pgliteDataDir === "memory://";
  if (!inMemory) mkdirSync(options.pgliteDataDir, { recursive: true });
  const pglite = new PGlite({ ...(inMemory ? {} : { dataDir: options.pgliteDataDir }), extensions: PGLITE_EXTENSIONS });
  await applyMigrations(pglite);
  // pglite-prisma-adapter 0.6.1 declares driver-adapter-utils 6.10 types; the runtime contract is
  // the one Prisma 6.19 expects (see ../shared/prisma.md), so only the type needs bridging.
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const db = new PrismaClient({ adapter });
  return {
    db,
    kind: "pglite",
    pglite,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

// One database per process. PGlite allows a single opener per data folder, and Next.js may load
// this module more than once (dev reloads, separate bundles for instrumentation and routes), so
// the handle lives on globalThis rather than in a module variable.
const holder = globalThis as typeof globalThis & { __geraiDatabase?: Promise<OpenedDatabase> };

export function getDatabase(): Promise<OpenedDatabase> {
  holder.__geraiDatabase ??= (async () => {
    const config = env();
    const opened = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, pgliteDataDir: config.pgliteDataDir });
    await ensureCatalog(opened.db);
    // The sandbox's documented console account; MERCHANT_CONSOLE_PASSWORD is its password.
    if (config.sandbox.enabled) await ensureDemoOwner(opened.db, config.consolePassword);
    onShutdown("database", () => opened.close());
    return opened;
  })().catch((error: unknown) => {
    holder.__geraiDatabase = undefined; // let the next request try again
    throw error;
  });
  return holder.__geraiDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
