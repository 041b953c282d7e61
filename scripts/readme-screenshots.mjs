// The README's pictures, taken by the end-to-end tests themselves (e2e/support.ts `screenshot`
// saves each under test-results/screens/) and copied to docs/screenshots/ here, so they show the
// app as it is now, never as it once was.
//
//   npm run screenshots            runs the specs that take them, then copies them
//   npm run screenshots -- --copy  copies what the last e2e run took
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");

/** docs/screenshots/<name> ← test-results/screens/<from>, taken by `spec` in Playwright project `project`. */
export const README_SCREENSHOTS = {
  "payment-page.png": { from: "payment-pending.png", spec: "e2e/pay-at-store.spec.ts", project: "phone" },
  "payment-paid.png": { from: "payment-paid.png", spec: "e2e/pay-at-store.spec.ts", project: "phone" },
  "merchant-order-failover.png": { from: "merchant-order-failover-down.png", spec: "e2e/failover.spec.ts", project: "failover" },
  "sandbox-tour.png": { from: "sandbox-tour.png", spec: "e2e/failover.spec.ts", project: "failover" },
  "console-dashboard.png": { from: "dashboard-id-7d-desktop.png", spec: "e2e/dashboard.spec.ts", project: "phone" },
  "console-order-handled.png": { from: "console-handled.png", spec: "e2e/console-actions.spec.ts", project: "phone" },
};

function main() {
  const entries = Object.entries(README_SCREENSHOTS);
  if (!process.argv.includes("--copy")) {
    const specs = [...new Set(entries.map(([, shot]) => shot.spec))];
    const projects = [...new Set(entries.map(([, shot]) => shot.project))].flatMap((project) => ["--project", project]);
    // --no-deps: only these specs, not the projects each one waits for in the full run; one at a
    // time, as the full run keeps the failover spec (which switches providers off) apart.
    execFileSync("npx", ["playwright", "test", ...specs, ...projects, "--no-deps", "--workers", "1"], { cwd: root, stdio: "inherit" });
  }
  mkdirSync(join(root, "docs/screenshots"), { recursive: true });
  const missing = entries.filter(([, shot]) => !existsSync(join(root, "test-results/screens", shot.from)));
  if (missing.length > 0) {
    console.error(`Not taken by the last e2e run: ${missing.map(([, shot]) => shot.from).join(", ")}. Run npm run screenshots.`);
    process.exit(1);
  }
  for (const [name, shot] of entries) {
    copyFileSync(join(root, "test-results/screens", shot.from), join(root, "docs/screenshots", name));
    console.log(`docs/screenshots/${name} ← ${shot.spec} (${shot.from})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
