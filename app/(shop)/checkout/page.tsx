import type { Metadata } from "next";
import { CheckoutForm } from "@/components/shop/checkout-form";
import { getDb } from "@/lib/db/client";
import { PROVIDER_NAMES } from "@/lib/providers/catalog";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { newShopReference } from "@/lib/orders/create-order";
import { getProviders } from "@/lib/providers/registry";
import { listProducts } from "@/lib/shop/catalog";
import { placeOrderAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("checkout.title") };
}

export default async function CheckoutPage() {
  const [{ t }, products] = await Promise.all([getTranslator(), getDb().then(listProducts)]);
  // In test mode the shopper (a tester) may pin the provider; real shoppers never see this.
  const testProviders = env().sandbox.enabled
    ? [...getProviders().keys()].map((id) => ({ id, name: PROVIDER_NAMES[id] }))
    : [];
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">{t("checkout.title")}</h1>
      <CheckoutForm products={products} testProviders={testProviders} reference={newShopReference(new Date())} action={placeOrderAction} />
    </>
  );
}
