// Prisma CLI configuration. The CLI's native schema engine cannot be downloaded on our machines,
// so it runs as WebAssembly through a driver adapter (engine: "js"). See ../shared/prisma.md.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { PGLITE_EXTENSIONS } from "./lib/db/pglite-extensions";

// Without DATABASE_URL the CLI works on a throw-away in-memory PGlite, which is enough for
// `generate` and `migrate diff --from-migrations`. The schema's env("DATABASE_URL") must resolve
// or Prisma 6.19 falls back to the native query engine and tries to download it.
const useServer = Boolean(process.env.DATABASE_URL);
process.env.DATABASE_URL ??= "postgresql://unused@localhost/unused";

// prisma/orm#27403: adapter-pg cannot map the catalog types "name" (OID 19) and "char" (OID 18)
// that the Wasm schema engine reads; report them as text (OID 25). Affects only the CLI process.
const PgResult = (pg as unknown as { Result: { prototype: { addFields(f: { dataTypeID: number }[]): void } } }).Result;
const addFields = PgResult.prototype.addFields;
PgResult.prototype.addFields = function (fields) {
  for (const field of fields) if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  return addFields.call(this, fields);
};

function connectionConfig(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

// adapter-pg 6.19 runs a migration script by splitting it on every ";", which cuts the job
// queue's function bodies ($$ … $$) apart. PostgreSQL's simple query protocol takes the whole
// script at once (as one implicit transaction), so scripts go to the pool unsplit.
async function connectWholeScripts(config: ReturnType<typeof connectionConfig>) {
  const adapter = await new PrismaPg(config).connect();
  const pool = (adapter as unknown as { client: pg.Pool }).client;
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

// adapter-pg's own shadow database ignores `database` with a connection string and drops the
// database while still connected; a temporary database dropped WITH (FORCE) works.
class ServerMigrateFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  constructor(private readonly config: ReturnType<typeof connectionConfig>) {}
  connect() {
    return connectWholeScripts(this.config);
  }
  async connectToShadowDb() {
    const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
    const admin = new pg.Client(this.config);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const adapter = await connectWholeScripts({ ...this.config, database: name });
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

// pglite-prisma-adapter 0.6.1 sends multi-statement scripts as one prepared statement, which
// PostgreSQL refuses; run those through PGlite's simple-query exec() instead.
class EmbeddedMigrateFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "pglite-prisma-adapter";
  private async open() {
    const db = new PGlite({ extensions: PGLITE_EXTENSIONS });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const adapter: any = await new PrismaPGlite(db).connect();
    const run = async (sql: string) => {
      try {
        return await db.exec(sql);
      } catch (error) {
        adapter.onError(error);
      }
    };
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeScript = async (sql: string) => {
      await run(sql);
    };
    adapter.executeRaw = async (query: { sql: string; args?: unknown[] }) =>
      query.args?.length ? executeRaw(query) : ((await run(query.sql))?.at(-1)?.affectedRows ?? 0);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await db.close();
    };
    return adapter;
  }
  connect() {
    return this.open();
  }
  connectToShadowDb() {
    return this.open();
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  adapter: async () => (useServer ? new ServerMigrateFactory(connectionConfig(process.env.DATABASE_URL!)) : new EmbeddedMigrateFactory()) as any,
});
