import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { createApiDocument } from "./openapi";
import { API_ERROR_TYPES } from "./resources";

// The OpenAPI document against the code: every route handler under app/api/v1 with each of its
// methods is in it (and nothing else is), and every error type the API answers is named.

const API_DIR = join(process.cwd(), "app", "api", "v1");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(join(dir, entry.name)) : entry.name === "route.ts" ? [join(dir, entry.name)] : [],
  );
}

/** app/api/v1/orders/[id]/cancel/route.ts → /api/v1/orders/{id}/cancel, with its exported methods. */
function handlers(): [string, string][] {
  return routeFiles(API_DIR).flatMap((file) => {
    const path = `/api/v1/${relative(API_DIR, file).split(sep).slice(0, -1).join("/")}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/$/, "");
    const methods = [...readFileSync(file, "utf8").matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!.toLowerCase());
    return methods.map((method): [string, string] => [path, method]);
  });
}

const document = createApiDocument("https://toko.example.id");

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every route handler and method, and nothing the code does not serve", () => {
    expect(document.openapi).toBe("3.1.0");
    const served = handlers();
    expect(served.length).toBeGreaterThanOrEqual(10);
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {})
        .filter((key) => ["get", "post", "put", "patch", "delete"].includes(key))
        .map((method): [string, string] => [path, method]),
    );
    expect(documented.map((pair) => pair.join(" ")).sort()).toEqual(served.map((pair) => pair.join(" ")).sort());
  });

  it("names every error type the API answers with", () => {
    const named = new Set(
      Object.values(document.paths ?? {}).flatMap((item) =>
        Object.values(item ?? {}).flatMap((operation) =>
          Object.values((operation as { responses?: Record<string, { "x-error-types"?: string[] }> }).responses ?? {}).flatMap((response) => response["x-error-types"] ?? []),
        ),
      ),
    );
    expect([...named].sort()).toEqual([...API_ERROR_TYPES].sort());
  });

  it("describes the webhook events, and serialises", () => {
    expect(Object.keys(document.webhooks ?? {})).toContain("order.paid");
    expect(JSON.parse(JSON.stringify(document)).components.schemas.Order.properties.payment_code).toBeDefined();
  });
});
