import { expect, test } from "./fixtures";
import { cashier, createOrderByApi, expectNotReloaded, markPage, signInToConsole } from "./support";

// The merchant's open console shows a payment as it lands: the orders list and the order's own
// page change by themselves, without a reload (the console's event stream, then a re-render).

test("the orders list and the order page show a payment without a reload", async ({ page, context }) => {
  await signInToConsole(page);
  const reference = `E2E-LIVE-${Date.now()}`;
  const order = await createOrderByApi(page, { reference });

  await page.goto(`/merchant?q=${reference}`);
  const row = page.getByTestId("order-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Menunggu Pembayaran");
  await markPage(page);

  // Paid at the till, in the shopper's browser.
  const shopper = await context.newPage();
  await shopper.goto(order.payment_url);
  await cashier(context, shopper, "Terima pembayaran");
  await expect(row).toContainText("Lunas");
  await expectNotReloaded(page);

  // The order page of a second order, watching only that order.
  const second = await createOrderByApi(page, { reference: `${reference}-2` });
  await page.goto(`/merchant/orders/${second.id}`);
  // The reference and its status badge, side by side.
  const heading = page.getByRole("heading", { name: `${reference}-2` }).locator("..");
  await expect(heading).toContainText("Menunggu Pembayaran");
  await markPage(page);
  await shopper.goto(second.payment_url);
  await cashier(context, shopper, "Terima pembayaran");
  await expect(heading).toContainText("Lunas");
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("Pembayaran terkonfirmasi");
  await expectNotReloaded(page);

  // The timeline is worded and timed for the reader: WIB to the second, statuses in the staff's
  // words, in Indonesian and, after the switch, in English.
  await expect(timeline).toContainText("Menunggu Pembayaran → Lunas");
  await expect(timeline.locator("time").first()).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}\.\d{2}\.\d{2} WIB$/);
  await expect(page.getByTestId("charges")).toContainText("Dibayar");
  await page.getByRole("button", { name: "English" }).click();
  await expect(timeline).toContainText("Payment confirmed — ");
  await expect(timeline).toContainText("Awaiting payment → Paid");
  await expect(timeline.locator("time").first()).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} WIB$/);
  await expect(page.getByTestId("charges")).toContainText("Paid");
});
