import { expect, test } from "./fixtures";
import { screenshot } from "./support";

// The merchant API documents itself: the OpenAPI document is served, and the reference page
// renders every operation from it, readable on a phone.

test("the OpenAPI document is served and the reference page shows every operation", async ({ page, request }, testInfo) => {
  const answer = await request.get("/api/v1/openapi.json");
  expect(answer.status()).toBe(200);
  const document = (await answer.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe("3.1.0");
  const operations = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);

  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Gerai merchant API" })).toBeVisible();
  await expect(page.getByTestId("operation")).toHaveCount(operations);
  await expect(page.getByTestId("operation").filter({ hasText: "/api/v1/orders/{id}/cancel" })).toContainText("cannot_cancel");
  await screenshot(page, testInfo, "api-reference");
});
