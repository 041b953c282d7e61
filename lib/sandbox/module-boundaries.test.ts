import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The simulators must be able to disagree with the adapters: a simulator that imports an adapter's
// constants, mappers or signing agrees with it by construction, and every wrong assumption passes
// every test. So nothing under lib/sandbox/ or app/sandbox/ may import from lib/providers/, and
// nothing under lib/providers/ may import the sandbox. Tests that pair an adapter with its
// simulator build the pair in test/world.ts, outside both.

const ROOT = path.resolve(__dirname, "../..");

type Side = "sandbox" | "providers" | "neither";

function sideOf(file: string): Side {
  const relative = path.relative(ROOT, file).split(path.sep).join("/");
  if (relative === "lib/providers" || relative.startsWith("lib/providers/")) return "providers";
  if (/^(lib|app)\/sandbox(\/|$)/.test(relative)) return "sandbox";
  return "neither";
}

/** Every module a file names: static imports, `export … from`, `import x = require()`, dynamic `import()` and `require()`. */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteralLike(expression)) found.push(expression.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const [first] = node.arguments;
      if ((isImport || isRequire) && first && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a specifier points inside the project ("@/…" and relative paths); undefined for packages. */
function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(fromFile), specifier);
  return undefined;
}

export interface BoundaryViolation {
  file: string;
  specifier: string;
}

/** The imports in `file` that cross between the adapters and the sandbox, in either direction. */
export function boundaryViolations(file: string, text: string): BoundaryViolation[] {
  const from = sideOf(file);
  if (from === "neither") return [];
  return moduleSpecifiers(file, text).flatMap((specifier) => {
    const target = resolveSpecifier(file, specifier);
    const to = target ? sideOf(target) : "neither";
    return to !== "neither" && to !== from ? [{ file: path.relative(ROOT, file), specifier }] : [];
  });
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

describe("the boundary between the adapters and the sandbox", () => {
  it("is not crossed by any file, in either direction", () => {
    const files = ["lib/providers", "lib/sandbox", "app/sandbox"].flatMap((directory) => sourceFiles(path.join(ROOT, directory)));
    expect(files.length).toBeGreaterThan(20);
    const violations = files.flatMap((file) => boundaryViolations(file, readFileSync(file, "utf8")));
    expect(violations).toEqual([]);
  });

  const at = (relative: string) => path.join(ROOT, relative);

  it("catches every way of importing, from the sandbox into the adapters", () => {
    const file = at("lib/sandbox/monxa/simulator.ts");
    const text = [
      'import { MONXA_LIMITS } from "@/lib/providers/monxa/client";',
      'import type { MonxaWebhook } from "../../providers/monxa/wire";',
      'export { mapMonxaStatus } from "@/lib/providers/monxa/status-map";',
      'export * from "@/lib/providers/crypto";',
      'const lazy = () => import("@/lib/providers/http");',
      'const old = require("../../providers/types");',
      'import legacy = require("@/lib/providers/registry");',
      'type Config = import("@/lib/providers/monxa/client").MonxaConfig;',
    ].join("\n");
    expect(boundaryViolations(file, text).map((violation) => violation.specifier)).toEqual([
      "@/lib/providers/monxa/client",
      "../../providers/monxa/wire",
      "@/lib/providers/monxa/status-map",
      "@/lib/providers/crypto",
      "@/lib/providers/http",
      "../../providers/types",
      "@/lib/providers/registry",
      "@/lib/providers/monxa/client",
    ]);
  });

  it("catches the adapters importing the sandbox, its pages included, by any path", () => {
    const file = at("lib/providers/doku/client.ts");
    const text = [
      'import { createDokuSimulator } from "@/lib/sandbox/doku/simulator";',
      'import { getSimulators } from "../../sandbox/registry";',
      'const page = () => import("@/app/sandbox/page");',
    ].join("\n");
    expect(boundaryViolations(file, text)).toHaveLength(3);
    expect(boundaryViolations(at("app/sandbox/actions.ts"), 'import { x } from "../../lib/providers/registry";')).toHaveLength(1);
  });

  it("lets each side use its own files and neutral modules", () => {
    const sandbox = [
      'import { newId } from "@/lib/ids";',
      'import type { Store } from "@/lib/domain";',
      'import { toJakartaWallClock } from "../../time";',
      'import { readForms } from "../forms";',
      'import { createHash } from "node:crypto";',
      'const text = "@/lib/providers/monxa/client";',
    ].join("\n");
    expect(boundaryViolations(at("lib/sandbox/monxa/simulator.ts"), sandbox)).toEqual([]);
    expect(boundaryViolations(at("lib/providers/monxa/client.ts"), 'import { mapMonxaStatus } from "./status-map";')).toEqual([]);
    // Files outside both sides (test/world.ts, the use cases) may use both.
    expect(boundaryViolations(at("test/world.ts"), 'import "@/lib/providers/monxa/client"; import "@/lib/sandbox/monxa";')).toEqual([]);
  });
});

/**
 * The imports in `file` that load the sandbox's code as soon as `file` is loaded: anything but a
 * type-only import or a dynamic import(). The app outside lib/sandbox must reach the sandbox only
 * through openSandbox() (lib/open-sandbox.ts) or another dynamic import behind the SANDBOX_ENABLED
 * check, so that a production start without the sandbox runs none of its code.
 */
export function eagerSandboxImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const intoSandbox = (specifier: string) => {
    const target = resolveSpecifier(file, specifier);
    return target !== undefined && path.relative(ROOT, target).split(path.sep).join("/").startsWith("lib/sandbox");
  };
  return source.statements.flatMap((statement) => {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteralLike(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((element) => element.isTypeOnly));
      return !typeOnly && intoSandbox(statement.moduleSpecifier.text) ? [statement.moduleSpecifier.text] : [];
    }
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier)) {
      return !statement.isTypeOnly && intoSandbox(statement.moduleSpecifier.text) ? [statement.moduleSpecifier.text] : [];
    }
    return [];
  });
}

describe("the app without the sandbox", () => {
  it("loads none of the sandbox's code: outside lib/sandbox it is only imported for types or on demand", () => {
    const appFiles = ["app", "lib", "components"]
      .flatMap((directory) => sourceFiles(path.join(ROOT, directory)))
      .concat(["proxy.ts", "instrumentation.ts", "server.mjs"].map((file) => path.join(ROOT, file)))
      .filter((file) => sideOf(file) !== "sandbox" || file.includes(`${path.sep}app${path.sep}`))
      .filter((file) => !/\.test\.tsx?$/.test(file) && !file.includes(`${path.sep}generated${path.sep}`));
    expect(appFiles.some((file) => file.endsWith("open-sandbox.ts"))).toBe(true);
    const eager = appFiles.flatMap((file) => eagerSandboxImports(file, readFileSync(file, "utf8")).map((specifier) => `${path.relative(ROOT, file)} → ${specifier}`));
    expect(eager).toEqual([]);
  });

  it("tells an eager import from a type-only or on-demand one", () => {
    const file = path.join(ROOT, "app/sandbox/page.tsx");
    const text = [
      'import { getSimulators } from "@/lib/sandbox/registry";',
      'import { type OutageMode, OUTAGE_MODES } from "@/lib/sandbox/outage";',
      'export { summarizeState } from "../../lib/sandbox/state-summary";',
      'import "@/lib/sandbox";',
      'import type { ProviderSimulator } from "@/lib/sandbox/types";',
      'import { type FormChoices } from "@/lib/sandbox/forms";',
      'const later = () => import("@/lib/sandbox");',
    ].join("\n");
    expect(eagerSandboxImports(file, text)).toEqual(["@/lib/sandbox/registry", "@/lib/sandbox/outage", "../../lib/sandbox/state-summary", "@/lib/sandbox"]);
  });
});
