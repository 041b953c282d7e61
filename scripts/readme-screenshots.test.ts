import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_SCREENSHOTS } from "./readme-screenshots.mjs";

// The README shows only pictures the e2e run takes, so `npm run screenshots` can always renew them.

describe("the README's screenshots", () => {
  it("are each one the e2e run takes", () => {
    const readme = readFileSync("README.md", "utf8");
    const shown = [...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((match) => match[1]);
    expect(shown.length).toBeGreaterThan(0);
    for (const name of shown) expect(Object.keys(README_SCREENSHOTS), `${name} has no source in the e2e run`).toContain(name);
    for (const [name, shot] of Object.entries(README_SCREENSHOTS)) {
      const spec = readFileSync(shot.spec, "utf8");
      // The spec names its screenshot literally, or as a template whose fixed part matches.
      const taken = shot.from.replace(/\.png$/, "");
      const named = [...spec.matchAll(/screenshot\([^,]+, testInfo, (?:"([^"]+)"|`([^`]+)`)/g)].map((match) => (match[1] ?? match[2])!);
      expect(
        named.some((pattern) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\$\\\{[^}]*\\\}/g, ".+")}$`).test(taken)),
        `${shot.spec} takes no screenshot called ${taken} (for ${name})`,
      ).toBe(true);
    }
  });
});
