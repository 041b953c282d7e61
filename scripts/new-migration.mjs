// Usage: npm run db:new-migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the committed
// migrations (replayed on a shadow database) to prisma/schema.prisma. Needs no database server:
// without DATABASE_URL the shadow is an in-memory PGlite (see prisma.config.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";

const name = (process.argv[2] ?? "").replace(/[^a-zA-Z0-9_]/g, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const dir = "prisma/migrations";
const hasMigrations = existsSync(dir) && readdirSync(dir).some((entry) => /^\d/.test(entry));
const from = hasMigrations ? ["--from-migrations", dir] : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!sql.trim() || /^-- This is an empty migration\.$/.test(sql.trim())) {
  console.log("The schema matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = `${dir}/${stamp}_${name}`;
mkdirSync(target, { recursive: true });
writeFileSync(`${target}/migration.sql`, sql);
if (!existsSync(`${dir}/migration_lock.toml`)) {
  writeFileSync(`${dir}/migration_lock.toml`, 'provider = "postgresql"\n');
}
console.log(`Wrote ${target}/migration.sql`);
