import Image from "next/image";
import { AddToCartButton } from "@/components/shop/add-to-cart-button";
import { StoreBadge } from "@/components/store-badge";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { formatRupiah } from "@/lib/money";
import { listProducts } from "@/lib/shop/catalog";

export const dynamic = "force-dynamic";

export default async function ShopPage() {
  const [{ t }, products] = await Promise.all([getTranslator(), getDb().then(listProducts)]);
  return (
    <>
      <section className="mb-6 rounded-2xl bg-brand-700 px-5 py-6 text-white sm:px-8">
        <h1 className="text-2xl font-bold sm:text-3xl">{t("shop.title", { merchant: env().merchantName })}</h1>
        <p className="mt-2 max-w-xl text-brand-100">{t("shop.tagline")}</p>
        <div className="mt-4 flex gap-2">
          <StoreBadge store="alfamart" size="sm" />
          <StoreBadge store="indomaret" size="sm" />
        </div>
      </section>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Products">
        {products.map((product) => (
          <li key={product.id} className="flex flex-col overflow-hidden rounded-2xl border border-black/5 bg-white shadow-sm" data-testid={`product-${product.id}`}>
            <Image src={product.imagePath} alt="" width={400} height={300} className="aspect-[4/3] w-full object-cover" />
            <div className="flex flex-1 flex-col gap-2 p-4">
              <h2 className="font-semibold leading-snug">{product.name}</h2>
              <p className="flex-1 text-sm text-ink/70">{product.description}</p>
              <p className="text-lg font-bold tabular">{formatRupiah(product.price)}</p>
              <AddToCartButton productId={product.id} productName={product.name} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
