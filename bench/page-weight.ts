// Benchmark: what the shopper's pages weigh over the wire, from the production build, as a phone
// on a slow link receives them: the HTML and the JavaScript its <script> tags load, each gzipped
// (what the server or CDN sends). Prints the table and writes bench/results/page-weight.md with a chart;
// asserts nothing. Builds first when there is no build.
//
//   npm run bench:weight
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { sandboxServerEnv } from "@/test/sandbox-server";
import { barChart } from "./support/bar-chart";

const PORT = Number(process.env.BENCH_PORT ?? 3500);
const BASE = `http://localhost:${PORT}`;
const JS_TARGET_KB = 110; // issue 10: first-load JavaScript of /pay/…

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function waitUntilReady() {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(`${BASE}/api/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become ready");
}

/**
 * The scripts every App Router page loads before any of ours: React DOM and Next.js' router and
 * runtime, as the build lists them (rootMainFiles). No change to our pages takes them off.
 */
function frameworkScripts(): Set<string> {
  const manifest = JSON.parse(readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] };
  return new Set(manifest.rootMainFiles.map((file) => `/_next/${file}`));
}

async function weigh(path: string, framework: Set<string>) {
  const response = await fetch(`${BASE}${path}`, { headers: { "Accept-Language": "id-ID" } });
  const html = await response.text();
  // Modern browsers skip noModule scripts (the legacy polyfills), so they are not counted.
  const scripts = [...new Set([...html.matchAll(/<script([^>]*)>/g)].filter((match) => !/nomodule/i.test(match[1]!)).flatMap((match) => /src="([^"]+)"/.exec(match[1]!)?.[1] ?? []))];
  let js = 0;
  let jsRaw = 0;
  let frameworkJs = 0;
  for (const src of scripts) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer());
    jsRaw += body.length;
    js += gzipSync(body).length;
    if (framework.has(new URL(src, BASE).pathname)) frameworkJs += gzipSync(body).length;
    if (process.env.BENCH_VERBOSE) console.log(`  ${path} ${src}: ${kb(gzipSync(body).length)} KB gzip`);
  }
  return { path, status: response.status, html: gzipSync(html).length, htmlRaw: Buffer.byteLength(html), js, jsRaw, frameworkJs, scripts: scripts.length };
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const server = spawn(process.execPath, ["server.mjs", "-p", String(PORT)], {
    env: { ...process.env, ...sandboxServerEnv(BASE), NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitUntilReady();
    const created = await fetch(`${BASE}/api/v1/orders`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sandboxServerEnv(BASE).MERCHANT_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        reference: `BENCH-WEIGHT-${Date.now()}`,
        store: "indomaret",
        customer: { name: "Siti Rahmawati", email: "siti@example.com", phone: "081234567890" },
        items: [{ name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
      }),
    });
    const order = (await created.json()) as { payment_url: string };
    const paymentPath = new URL(order.payment_url).pathname;
    const framework = frameworkScripts();
    const rows = [];
    for (const path of [paymentPath, "/", "/checkout", "/merchant/login"]) rows.push(await weigh(path, framework));

    const label = (path: string) => (path === paymentPath ? "/pay/… (pending code)" : path);
    const table = [
      "| Page | HTML gzip (raw) | First-load JS gzip (raw) | of it React + Next.js | of it ours | Scripts |",
      "|---|---:|---:|---:|---:|---:|",
      ...rows.map(
        (row) =>
          `| ${label(row.path)} | ${kb(row.html)} KB (${kb(row.htmlRaw)}) | ${kb(row.js)} KB (${kb(row.jsRaw)}) | ${kb(row.frameworkJs)} KB | ${kb(row.js - row.frameworkJs)} KB | ${row.scripts} |`,
      ),
    ].join("\n");
    const pay = rows[0]!;
    const verdict = [
      `/pay/… first-load JavaScript: ${kb(pay.js)} KB gzip against a target of ≤ ${JS_TARGET_KB} KB (${pay.js / 1024 <= JS_TARGET_KB ? "met" : "not met"}).`,
      `React DOM and the Next.js App Router runtime, which every page of this build loads (the build manifest's rootMainFiles), weigh ${kb(pay.frameworkJs)} KB of it: ${pay.frameworkJs / 1024 > JS_TARGET_KB ? "more than the target before any of our code" : "under the target"}.`,
    ].join("\n\n");
    console.log(`\n${table}\n\n${verdict}\n`);
    mkdirSync("bench/results", { recursive: true });
    writeFileSync(
      "bench/results/page-weight.md",
      `# Page weight\n\nMeasured by \`npm run bench:weight\` on the production build (gzip level 6, as a server sends it), ${new Date().toISOString().slice(0, 10)}.\n\n${table}\n\n${verdict}\n\n![First-load JavaScript per page](page-weight.svg)\n`,
    );
    writeFileSync(
      "bench/results/page-weight.svg",
      barChart(
        "First-load JavaScript, KB gzip",
        [
          { label: "all", color: "#1c7ed6" },
          { label: "React + Next.js", color: "#adb5bd" },
          { label: "ours", color: "#0d7a5b" },
        ],
        rows.map((row) => ({ name: label(row.path), values: [row.js / 1024, row.frameworkJs / 1024, (row.js - row.frameworkJs) / 1024] })),
        { value: JS_TARGET_KB, label: `${JS_TARGET_KB} KB target (/pay)` },
        "linear",
      ),
    );
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
