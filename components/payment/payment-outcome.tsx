import { StoreBadge } from "@/components/store-badge";
import { STORE_NAMES } from "@/lib/domain";
import type { Translator } from "@/lib/i18n/catalog";
import { formatRupiah } from "@/lib/money";
import type { PaymentView } from "@/lib/orders/payment-view";
import { groupCode } from "@/lib/payment-page/code-images";
import { formatWib, type Locale } from "@/lib/time";
import { OrderItems } from "./payment-slip";
import { PrintButton } from "./print-button";
import { RenewButton } from "./renew-button";


/** The way back to the merchant's own page, when the order came with one. */
function BackToMerchant({ view, merchantName, t }: { view: PaymentView; merchantName: string; t: Translator }) {
  if (!view.returnUrl) return null;
  return (
    <a
      href={view.returnUrl}
      rel="noopener noreferrer"
      className="no-print block w-full rounded-xl border border-brand-600 px-4 py-2.5 text-center font-semibold text-brand-700 hover:bg-brand-50"
      data-testid="back-to-merchant"
    >
      {t("pay.backTo", { merchant: merchantName })}
    </a>
  );
}

/** The receipt the page turns into once the provider has confirmed the payment. */
export function Receipt({ view, merchantName, locale, t }: { view: PaymentView; merchantName: string; locale: Locale; t: Translator }) {
  // [label, value]: the label keeps its line (it is what a screenshot is read by); a long value
  // (a date, a merchant's long reference) takes two lines at 360 px rather than squeezing it.
  const rows: [string, string][] = [
    [t("pay.receipt.amount"), formatRupiah(view.amount)],
    [t("pay.receipt.paidAt"), view.paidAt ? formatWib(view.paidAt, locale) : "—"],
    [t("pay.receipt.paidVia"), STORE_NAMES[view.store]],
    [t("pay.receipt.reference"), view.reference],
    [t("pay.receipt.code"), view.code ? groupCode(view.code.paymentCode) : "—"],
    [t("pay.merchant"), merchantName],
  ];
  return (
    <article className="space-y-4" data-testid="receipt">
      <section className="print-plain overflow-hidden rounded-2xl border border-brand-200 bg-white shadow-sm">
        <div className="bg-brand-600 px-5 py-6 text-center text-white print-plain">
          <div aria-hidden className="mx-auto mb-3 grid h-14 w-14 place-items-center rounded-full bg-white text-3xl text-brand-600">
            ✓
          </div>
          <h1 className="text-2xl font-bold">{t("pay.receipt.title")}</h1>
          <p className="mt-1 text-brand-100">{t("pay.receipt.subtitle")}</p>
          <p className="mt-3 inline-block rounded-full bg-brand-800 px-3 py-1 text-sm font-semibold" data-testid="order-status">
            {t("common.status.paid")}
          </p>
        </div>
        <dl className="divide-y divide-black/5 px-5">
          {rows.map(([label, value]) => (
            <div key={label} className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
              <dt className="shrink-0 whitespace-nowrap text-ink/70">{label}</dt>
              <dd className="min-w-0 text-right font-semibold tabular [overflow-wrap:anywhere]">{value}</dd>
            </div>
          ))}
        </dl>
        {view.amountReceived > view.amount ? (
          <p className="mx-5 mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="overpaid">
            {t("pay.receipt.overpaid", { received: formatRupiah(view.amountReceived), refund: formatRupiah(view.amountReceived - view.amount), merchant: merchantName })}
          </p>
        ) : (
          view.needsAttention && <p className="mx-5 mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{t("pay.receipt.attention")}</p>
        )}
        <div className="space-y-2 px-5 pb-5">
          <PrintButton label={t("pay.receipt.printReceipt")} />
          <BackToMerchant view={view} merchantName={merchantName} t={t} />
        </div>
      </section>
      <OrderItems view={view} t={t} />
    </article>
  );
}

/** Expired, failed, cancelled, reversed or underpaid: said plainly, with the way forward. */
export function ClosedNotice({
  view,
  merchantName,
  locale,
  t,
  serverNow,
  renew,
}: {
  view: PaymentView;
  merchantName: string;
  locale: Locale;
  t: Translator;
  serverNow: Date;
  renew: () => Promise<{ ok: boolean }>;
}) {
  const status = view.status as "expired" | "failed" | "cancelled" | "reversed" | "underpaid";
  const deadline = view.code ? formatWib(view.code.expiresAt, locale) : "";
  const body =
    status === "expired"
      ? // A provider may close a code before its deadline: then "the deadline has passed" is untrue.
        view.code && view.code.expiresAt > serverNow
        ? t("pay.expired.closedEarly")
        : t("pay.expired.body", { deadline })
      : status === "failed"
        ? t("pay.failed.body")
        : status === "underpaid"
          ? t("pay.underpaid.body", { received: formatRupiah(view.amountReceived), amount: formatRupiah(view.amount), merchant: merchantName })
        : status === "cancelled"
          ? t("pay.cancelled.body", { merchant: merchantName })
          : t("pay.reversed.body", { merchant: merchantName });
  const title = status === "expired" ? t("pay.expired.title") : t(`pay.${status}.title`);
  const canRenew = status === "expired" || status === "failed";
  return (
    <article className="space-y-4" data-testid={`notice-${status}`}>
      <section className="rounded-2xl border border-black/10 bg-white p-5 shadow-sm">
        <div className="mb-3 flex items-center justify-between gap-3">
          <StoreBadge store={view.store} />
          <span className="rounded-full bg-red-50 px-3 py-1 text-sm font-semibold text-red-800" data-testid="order-status">
            {t(`common.status.${status}`)}
          </span>
        </div>
        <h1 className="text-xl font-bold">{title}</h1>
        <p className="mt-2 text-ink/75">{body}</p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-ink/70">{t("pay.amount")}</dt>
            <dd className="font-semibold tabular">{formatRupiah(view.amount)}</dd>
          </div>
          <div>
            <dt className="text-ink/70">{t("pay.receipt.reference")}</dt>
            <dd className="font-semibold">{view.reference}</dd>
          </div>
          {view.code && (
            <div className="col-span-2">
              <dt className="text-ink/70">{t("pay.code")}</dt>
              <dd className="font-mono text-ink/70 line-through">{groupCode(view.code.paymentCode)}</dd>
            </div>
          )}
        </dl>
        {canRenew && (
          <div className="mt-5">
            <RenewButton action={renew} />
          </div>
        )}
        {view.returnUrl && (
          <div className="mt-3">
            <BackToMerchant view={view} merchantName={merchantName} t={t} />
          </div>
        )}
      </section>
      <OrderItems view={view} t={t} />
    </article>
  );
}
