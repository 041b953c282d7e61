// Playwright drives Debian's Chromium (it never downloads a browser), and the print tests turn
// its PDFs into images with poppler's pdftoppm. On a fresh machine of ours (root, Debian) this
// installs what is missing; elsewhere it says exactly what is.
import { execFileSync, spawnSync } from "node:child_process";

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const missing = [];
if (!process.env.CHROMIUM_PATH && !has("chromium")) missing.push("chromium");
if (!has("pdftoppm")) missing.push("poppler-utils");
if (missing.length === 0) process.exit(0);

if (process.getuid?.() === 0 && has("apt-get")) {
  console.log(`Installing Debian's ${missing.join(" and ")} for the end-to-end tests…`);
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-q", ...missing], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  process.exit(0);
}
console.error(`End-to-end tests need ${missing.join(" and ")}: \`sudo apt-get install -y ${missing.join(" ")}\` (or set CHROMIUM_PATH to a Chromium binary).`);
process.exit(1);
