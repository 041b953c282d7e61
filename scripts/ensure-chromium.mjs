// Playwright drives Debian's Chromium; it never downloads a browser. On a fresh machine of ours
// (root, Debian) this installs it; elsewhere it says exactly what is missing.
import { execFileSync, spawnSync } from "node:child_process";

const found = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
if (process.env.CHROMIUM_PATH || found) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt) {
  console.log("Chromium is missing: installing Debian's chromium package…");
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  process.exit(0);
}
console.error("End-to-end tests need Chromium: `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.");
process.exit(1);
