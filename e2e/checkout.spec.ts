import { expect, test } from "./fixtures";
import { addToCart, checkout, placeOrder, SHOPPER } from "./support";

// The checkout as a shopper on a phone meets it: fields, store, then the summary and its button;
// a mistake puts the focus on the field to fix; after a successful submit the filled form stays
// until the payment page opens; and Back leads to that order again.

test("the form reads fields → store → summary → button, and a mistake puts the focus on the field to fix", async ({ page }) => {
  await addToCart(page, ["Kopi Arabika Gayo 250 g"]);
  await page.goto("/checkout");
  const top = async (locator: ReturnType<typeof page.locator>) => (await locator.boundingBox())!.y;
  const order = [
    await top(page.getByLabel("Nama lengkap")),
    await top(page.getByLabel("Nomor HP")),
    await top(page.getByRole("radio", { name: /Indomaret/ })),
    await top(page.getByTestId("checkout-total")),
    await top(page.getByRole("button", { name: "Buat kode pembayaran" })),
  ];
  expect(order).toEqual([...order].sort((a, b) => a - b));

  // The keyboard goes the same way: from the phone field, Tab reaches the store before the button.
  await page.getByLabel("Nomor HP").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: /Alfamart/ })).toBeFocused();

  // Sent with a bad phone number and no store: the phone field, the first to fix, has the focus.
  await page.getByLabel("Nama lengkap").fill(SHOPPER.name);
  await page.getByLabel("Email").fill(SHOPPER.email);
  await page.getByLabel("Nomor HP").fill("12");
  await page.getByRole("button", { name: "Buat kode pembayaran" }).click();
  await expect(page.getByLabel("Nomor HP")).toBeFocused();
  await expect(page.getByLabel("Nomor HP")).toBeInViewport();
  await expect(page.getByLabel("Nama lengkap")).toHaveValue(SHOPPER.name);
});

test("the filled form stays until the payment page opens, and Back leads to the order again", async ({ page }) => {
  await addToCart(page, ["Kopi Arabika Gayo 250 g", "Teh Melati Tubruk 100 g"]);
  await checkout(page, { store: "Indomaret" });
  // Everything the checkout page shows for the total, the cart count and the name, until it is gone.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const record = () => {
      const total = document.querySelector('[data-testid="checkout-total"]');
      if (!total) return;
      const name = document.querySelector<HTMLInputElement>('input[name="name"]');
      seen.push(`${total.textContent} | ${document.querySelector('[data-testid="cart-count"]')?.textContent} | ${name?.value}`);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener("input", record, true);
  });
  await placeOrder(page);
  const paymentPage = page.url();
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(new Set(seen)).toEqual(new Set([`Rp 121.500 | 2 | ${SHOPPER.name}`]));

  await page.goBack();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("cart-count")).toHaveText("0");
  await expect(page.getByTestId("last-order")).toContainText("Kode pembayaran pesanan terakhir Anda masih bisa dibuka.");
  await page.getByRole("link", { name: "Buka halaman pembayaran" }).click();
  await expect(page).toHaveURL(paymentPage);
  await expect(page.getByTestId("payment-code")).toBeVisible();
});
