import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { createOrderByApi, signInToConsole } from "./support";

// The merchant filters the orders list, exports it, and the file holds exactly those orders.

test("Export CSV downloads the filtered list, streamed from the server", async ({ page }) => {
  const tag = `Ekspor${Date.now().toString(36)}`;
  const orders = [];
  for (const [index, store] of (["indomaret", "alfamart", "indomaret"] as const).entries()) {
    orders.push(await createOrderByApi(page, { reference: `${tag}-${index}`, store, customer: { name: `Pembeli ${tag} ${index}`, email: `ekspor${index}@example.com`, phone: "+62 812-5555-0000" } }));
  }

  await signInToConsole(page);
  await page.getByLabel("Cari nomor pesanan, pembeli, email, atau kode").fill(tag.toLowerCase());
  await page.getByLabel("Toko").selectOption("indomaret");
  await page.getByRole("button", { name: "Saring" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(2);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Ekspor CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^gerai-orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFFreference,created_at,status,")).toBe(true);
  const lines = text.slice(1).trim().split("\r\n");
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([`${tag}-2`, `${tag}-0`]);
  const row = lines.find((line) => line.startsWith(`${tag}-0,`))!;
  expect(row).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00,pending,indomaret,/);
  expect(row).toContain(`,${orders[0]!.payment_code.replace(/\s/g, "")},89000,,false,Pembeli ${tag} 0,ekspor0@example.com,081255550000,`);
});
