import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";

// The million-order data set the console benchmarks read (bench/seed-orders.sql), made once per
// database: a later run finds its version row and skips the minutes of seeding.

export const ORDERS = Number(process.env.BENCH_CONSOLE_ORDERS ?? 1_000_000);
/** The seed's newest order is just before this instant (UTC). */
export const SEED_END = "2026-12-01 00:00:00";
const SEED_VERSION = `orders=${ORDERS};end=${SEED_END};v3`;

/** Creates the database when missing, applies the migrations, seeds once; returns a connected client. */
export async function ensureSeeded(url: string): Promise<pg.Client> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();

  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "ignore", "inherit"] });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS "_bench_seed" (version text PRIMARY KEY)`);
  const seeded = await client.query(`SELECT 1 FROM "_bench_seed" WHERE version = $1`, [SEED_VERSION]);
  if (!seeded.rowCount) {
    console.log(`Seeding ${ORDERS.toLocaleString("en")} orders (once; a few minutes)…`);
    const started = performance.now();
    await client.query(`TRUNCATE "_bench_seed", "Order", "WebhookDelivery" CASCADE`);
    const script = readFileSync("bench/seed-orders.sql", "utf8").replaceAll(":'end'", `'${SEED_END}'`).replace(/(?<!:):orders\b/g, String(ORDERS));
    await client.query(`BEGIN;\n${script}\nINSERT INTO "_bench_seed" VALUES ('${SEED_VERSION}');\nCOMMIT;`);
    await client.query(`VACUUM ANALYZE "Order", "Charge", "OrderItem", "OrderEvent", "WebhookDelivery"`);
    console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } else {
    await client.query(`ANALYZE "Order", "Charge"`); // indexes a new migration added
  }
  return client;
}
