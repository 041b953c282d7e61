// `npm run demo`: fills the app's database (the embedded PGlite at PGLITE_DATA_DIR, or a local
// PostgreSQL at DATABASE_URL) with a week of demo orders, so the console and its charts have
// something to show. What it makes and what it refuses: lib/demo/demo-seed.ts and README.md.
//
//   npm run demo                      # about 200 orders
//   npm run demo -- --orders 60       # fewer (at least 40: every state needs a few)
//   npm run demo -- --force           # beside orders the demo did not make
import { z } from "zod";
import { openDatabase } from "@/lib/db/client";
import { ensureCatalog } from "@/lib/db/seed";
import { MIN_DEMO_ORDERS } from "@/lib/demo/demo-plan";
import { DemoRefusal, formatSummary, refusalFromEnvironment, seedDemoWeek } from "@/lib/demo/demo-seed";
import { EnvError, parseEnv, SANDBOX_SECRETS } from "@/lib/env";

const argsSchema = z.object({
  orders: z.coerce.number().int().min(MIN_DEMO_ORDERS).max(2_000).default(200),
  // Fixed by default, so two runs give the same shape.
  seed: z.coerce.number().int().default(20_261_130),
  force: z.boolean().default(false),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string | boolean> = {};
  for (let index = 0; index < argv.length; index++) {
    const name = /^--([a-z]+)$/.exec(argv[index]!)?.[1];
    if (!name || !(name in argsSchema.shape)) throw new DemoRefusal(`unknown argument ${argv[index]} (use --orders <n>, --seed <n>, --force)`);
    if (name === "force") raw.force = true;
    else raw[name] = argv[++index] ?? "";
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new DemoRefusal(parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; "));
  return parsed.data;
}

async function main(): Promise<void> {
  const refusal = refusalFromEnvironment(process.env);
  if (refusal) throw new DemoRefusal(refusal);
  const args = parseArgs(process.argv.slice(2));
  const config = parseEnv(process.env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, pgliteDataDir: config.pgliteDataDir });
  try {
    await ensureCatalog(database.db);
    const summary = await seedDemoWeek(database, config, { orders: args.orders, seed: args.seed, end: new Date(), force: args.force });
    const consolePassword = process.env.MERCHANT_CONSOLE_PASSWORD ? "your MERCHANT_CONSOLE_PASSWORD" : SANDBOX_SECRETS.consolePassword;
    console.log(formatSummary(summary, { appUrl: config.appUrl, consolePassword }));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DemoRefusal) console.error(`npm run demo: ${error.message}`);
  else if (error instanceof EnvError) console.error(`npm run demo: the configuration is invalid: ${error.problems.join("; ")}`);
  else console.error(error);
  process.exitCode = 1;
});
