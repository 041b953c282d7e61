import { expect, test } from "./fixtures";
import { screenshot, signInToConsole } from "./support";

test("the console shows the background work: every queue, its next sweep waiting, no dead letters", async ({ page }, testInfo) => {
  await signInToConsole(page);
  await page.getByRole("link", { name: "Tugas latar" }).click();
  await expect(page.getByRole("heading", { name: "Tugas latar" })).toBeVisible();
  const queues = page.getByTestId("job-queues");
  for (const queue of ["expire-overdue", "reconcile-pending", "reprocess-webhooks", "recheck-charge", "sandbox-expiry", "sandbox-webhook"]) {
    await expect(queues.getByRole("row").filter({ hasText: queue })).toHaveCount(1);
  }
  // The server's workers keep each sweep's next run queued (or running) at all times.
  const sweep = queues.getByRole("row").filter({ hasText: "expire-overdue" }).getByRole("cell");
  const [waiting, running] = [Number(await sweep.nth(1).textContent()), Number(await sweep.nth(2).textContent())];
  expect(waiting + running).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("no-dead-letters")).toBeVisible();
  await screenshot(page, testInfo, "merchant-background-jobs");
});
