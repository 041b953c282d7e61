"use client";

import Image from "next/image";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId, useRef } from "react";
import { useTranslations } from "use-intl";
import { StoreBadge } from "@/components/store-badge";
import { STORES, type ProviderId } from "@/lib/domain";
import { formatRupiah } from "@/lib/money";
import type { ShopProduct } from "@/lib/shop/catalog";
import type { CheckoutField, CheckoutState } from "@/lib/shop/checkout";
import { useCart } from "./cart-context";
import { rememberLastOrder, useLastOrder } from "./last-order";

interface Props {
  products: ShopProduct[];
  testProviders: { id: ProviderId; name: string }[];
  /** The order's reference, fixed for this page: sending the form again retries the same order. */
  reference: string;
  action: (state: CheckoutState, form: FormData) => Promise<CheckoutState>;
}

export function CheckoutForm({ products, testProviders, reference, action }: Props) {
  const t = useTranslations();
  const router = useRouter();
  const cart = useCart();
  const [state, submit, pending] = useActionState(action, { status: "idle" });
  const byId = new Map(products.map((product) => [product.id, product]));
  const lines = cart.lines.flatMap((line) => {
    const product = byId.get(line.productId);
    return product ? [{ ...line, product }] : [];
  });
  const total = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);

  const lastOrder = useLastOrder();
  const form = useRef<HTMLFormElement>(null);

  // The order exists: open its payment page. The filled form, its total and the cart stay as
  // they are, busy, until that page replaces this one; only then does the cart empty.
  const paymentPath = state.status === "created" ? state.paymentPath : undefined;
  const clearCart = useRef(cart.clear);
  clearCart.current = cart.clear;
  useEffect(() => {
    if (!paymentPath) return;
    rememberLastOrder({ paymentPath });
    router.push(paymentPath);
    return () => clearCart.current();
  }, [paymentPath, router]);

  // After a refused submit: the first field to fix gets the focus, in view.
  useEffect(() => {
    if (state.status !== "error") return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: "center" });
  }, [state]);

  const values = state.status === "idle" ? {} : state.values;
  const fieldError = (field: CheckoutField) => (state.status === "error" ? state.fields[field] : undefined);

  if (lines.length === 0 && !paymentPath) {
    return (
      <div className="space-y-4 rounded-2xl border border-black/5 bg-white p-8 text-center shadow-sm">
        <p className="text-ink/70">{t("shop.emptyCart")}</p>
        {lastOrder && (
          <p data-testid="last-order">
            {t("shop.lastOrder")}{" "}
            <Link href={lastOrder.paymentPath} className="font-semibold text-brand-700 underline">
              {t("shop.openLastOrder")}
            </Link>
          </p>
        )}
        <Link href="/" className="inline-block rounded-xl bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700">
          {t("shop.continueShopping")}
        </Link>
      </div>
    );
  }

  // On screen and for the keyboard alike: the fields, the store, then the summary and its button.
  return (
    <form ref={form} action={submit} className="grid gap-6 lg:grid-cols-[1fr_22rem]" noValidate>
      <input type="hidden" name="cart" value={JSON.stringify(cart.lines)} />
      <input type="hidden" name="reference" value={reference} />
      <div className="space-y-6">
        <fieldset className="space-y-4 rounded-2xl border border-black/5 bg-white p-5 shadow-sm">
          <legend className="float-left mb-2 w-full text-lg font-semibold">{t("checkout.contact")}</legend>
          <Field name="name" label={t("checkout.name")} autoComplete="name" defaultValue={values.name} error={fieldError("name")} />
          <Field
            name="email"
            type="email"
            label={t("checkout.email")}
            hint={t("checkout.emailHint")}
            autoComplete="email"
            defaultValue={values.email}
            error={fieldError("email")}
          />
          <Field
            name="phone"
            type="tel"
            inputMode="tel"
            label={t("checkout.phone")}
            hint={t("checkout.phoneHint")}
            autoComplete="tel"
            defaultValue={values.phone}
            error={fieldError("phone")}
          />
        </fieldset>

        <fieldset className="rounded-2xl border border-black/5 bg-white p-5 shadow-sm" aria-describedby={fieldError("store") ? "store-error" : undefined}>
          <legend className="float-left mb-3 w-full text-lg font-semibold">{t("checkout.chooseStore")}</legend>
          <div className="grid clear-both gap-3 sm:grid-cols-2">
            {STORES.map((store) => (
              <label
                key={store}
                className="flex cursor-pointer items-center gap-3 rounded-xl border-2 border-black/10 p-4 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="store"
                  value={store}
                  defaultChecked={values.store === store}
                  aria-invalid={fieldError("store") ? true : undefined}
                  className="h-5 w-5 accent-brand-600"
                />
                <span className="flex flex-col items-start gap-1">
                  <StoreBadge store={store} />
                  <span className="text-sm text-ink/70">{t(`checkout.storeHint.${store}`)}</span>
                </span>
              </label>
            ))}
          </div>
          {fieldError("store") && (
            <p id="store-error" className="mt-2 text-sm font-medium text-red-700">
              {fieldError("store")}
            </p>
          )}
        </fieldset>

        {testProviders.length > 0 && (
          <fieldset className="rounded-2xl border border-dashed border-amber-400 bg-amber-50 p-5">
            <legend className="px-1 text-sm font-semibold text-amber-900">{t("common.testMode")}</legend>
            <label className="block text-sm font-medium text-amber-950" htmlFor="provider">
              {t("checkout.testProvider")}
            </label>
            <select
              id="provider"
              name="provider"
              defaultValue={values.provider ?? ""}
              className="mt-1 w-full rounded-lg border border-amber-300 bg-white px-3 py-2"
            >
              <option value="">{t("checkout.automatic")}</option>
              {testProviders.map((provider) => (
                <option key={provider.id} value={provider.id}>
                  {provider.name}
                </option>
              ))}
            </select>
          </fieldset>
        )}
      </div>

      <aside>
        <div className="space-y-4 rounded-2xl border border-black/5 bg-white p-5 shadow-sm lg:sticky lg:top-4">
          <h2 className="text-lg font-semibold">{t("checkout.summary")}</h2>
          <ul className="divide-y divide-black/5">
            {lines.map(({ product, quantity }) => (
              <li key={product.id} className="flex items-center gap-3 py-3">
                <Image src={product.imagePath} alt="" width={56} height={42} className="rounded-md" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">{product.name}</p>
                  <p className="text-sm text-ink/70 tabular">{formatRupiah(product.price)}</p>
                </div>
                <div className="flex items-center gap-1" role="group" aria-label={`${t("shop.quantity")}: ${product.name}`}>
                  <QuantityButton label={t("shop.decrease", { name: product.name })} onClick={() => cart.setQuantity(product.id, quantity - 1)}>
                    −
                  </QuantityButton>
                  <span className="w-6 text-center text-sm tabular" data-testid={`qty-${product.id}`}>
                    {quantity}
                  </span>
                  <QuantityButton label={t("shop.increase", { name: product.name })} onClick={() => cart.setQuantity(product.id, quantity + 1)}>
                    +
                  </QuantityButton>
                </div>
              </li>
            ))}
          </ul>
          <div className="flex items-baseline justify-between border-t border-black/10 pt-3">
            <span className="font-medium">{t("checkout.total")}</span>
            <span className="text-xl font-bold tabular" data-testid="checkout-total">
              {formatRupiah(total)}
            </span>
          </div>
          {state.status === "error" && (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800">
              {state.message}
            </p>
          )}
          <button
            type="submit"
            disabled={pending || Boolean(paymentPath)}
            className="w-full rounded-xl bg-brand-600 px-4 py-3 text-base font-semibold text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
          >
            {pending || paymentPath ? t("checkout.submitting") : t("checkout.submit")}
          </button>
        </div>
      </aside>
    </form>
  );
}

function QuantityButton({ label, onClick, children }: { label: string; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="grid h-7 w-7 place-items-center rounded-full border border-black/15 text-base leading-none hover:bg-black/5"
    >
      {children}
    </button>
  );
}

function Field({
  name,
  label,
  hint,
  error,
  ...input
}: { name: string; label: string; hint?: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="clear-both">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2.5 text-base aria-[invalid]:border-red-600"
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-ink/70">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
