import Link from "next/link";
import { StoreBadge } from "@/components/store-badge";
import { STORE_NAMES } from "@/lib/domain";
import { PROVIDER_NAMES } from "@/lib/providers/catalog";
import type { Translator } from "@/lib/i18n/catalog";
import { formatRupiah } from "@/lib/money";
import type { PaymentView } from "@/lib/orders/payment-view";
import { barcodeSvg, groupCode, qrSvg } from "@/lib/payment-page/code-images";
import { howToPaySteps } from "@/lib/payment-page/how-to-pay";
import { nightPauseNotice } from "@/lib/payment-page/night-pause-notice";
import { whereCodeCanBePaid } from "@/lib/store-acceptance";
import { formatWib, type Locale } from "@/lib/time";
import { Barcode } from "./barcode";
import { CheckAgainButton, type CheckAgainResult } from "./check-again-button";
import { GroupedCode } from "./grouped-code";
import { LiveDeadline } from "./live-deadline";
import { PaymentCode } from "./payment-code";
import { SlipActions } from "./slip-actions";


interface SlipProps {
  view: PaymentView & { code: NonNullable<PaymentView["code"]> };
  merchantName: string;
  locale: Locale;
  t: Translator;
  serverNow: Date;
  sandbox: boolean;
  checkAgain: () => Promise<CheckAgainResult>;
}

/**
 * The slip a shopper takes to the store. Everything the cashier needs — store, amount, merchant,
 * code, deadline — sits in the first screen of a 360 px phone, so one screenshot holds it all.
 */
export async function PaymentSlip({ view, merchantName, locale, t, serverNow, sandbox, checkAgain }: SlipProps) {
  const { code } = view;
  const grouped = groupCode(code.paymentCode);
  const amount = formatRupiah(view.amount);
  const barcode = barcodeSvg(code.paymentCode, { title: t("pay.barcodeLabel", { code: code.paymentCode }) }).svg;
  const qr = await qrSvg(code.paymentCode, { title: t("pay.qrLabel", { code: code.paymentCode }) });
  const steps = howToPaySteps(t, locale, { store: view.store, amount: view.amount, merchantName, code: code.paymentCode });
  // Where this code, for this store and amount, can be paid: the steps and the warnings agree.
  const acceptance = whereCodeCanBePaid(view.store, view.amount);
  const outlets = new Intl.ListFormat(locale, { type: "disjunction" }).format(acceptance.payAt);
  const nightPause = nightPauseNotice(t, locale, code.expiresAt, serverNow);

  return (
    <article className="space-y-4 print:space-y-2" aria-labelledby="slip-title">
      <section className="print-plain print-avoid-break overflow-hidden rounded-2xl border border-black/10 bg-white shadow-sm">
        <header className="flex items-center justify-between gap-3 border-b border-black/5 px-4 py-3">
          <div className="flex items-center gap-2">
            <StoreBadge store={view.store} />
            <h1 id="slip-title" className="sr-only">
              {t("pay.title", { store: STORE_NAMES[view.store] })}
            </h1>
          </div>
          <p className="min-w-0 text-right text-xs text-ink/70 [overflow-wrap:anywhere]">{t("pay.orderRef", { reference: view.reference })}</p>
        </header>

        <div className="space-y-3 px-4 py-3">
          <div className="flex items-end justify-between gap-3">
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-ink/70">{t("pay.amount")}</p>
              <p className="text-3xl font-extrabold tabular" data-testid="amount">
                {amount}
              </p>
            </div>
            <div className="text-right">
              <p className="text-xs font-medium uppercase tracking-wide text-ink/70">{t("pay.merchant")}</p>
              <p className="font-semibold" data-testid="merchant-name">
                {merchantName}
              </p>
            </div>
          </div>

          <div className="rounded-xl bg-brand-50 px-3 py-2.5 print-plain">
            <PaymentCode code={code.paymentCode} grouped={grouped} label={t("pay.code")} />
          </div>

          <LiveDeadline
            publicId={view.publicId}
            deadline={code.expiresAt.toISOString()}
            deadlineText={formatWib(code.expiresAt, locale)}
            serverNow={serverNow.toISOString()}
          />
          {nightPause && (
            <p role="note" data-testid="night-pause" className="rounded-lg bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950">
              {nightPause}
            </p>
          )}

          {/* Out to the card's edges: the wider the box, the more device pixels per bar. */}
          <Barcode svg={barcode} className="slip-barcode -mx-4 bg-white [&_svg]:mx-auto" testId="barcode" />
          <p className="no-print text-center text-xs text-ink/70">{t(`pay.scanHint.${view.store}`)}</p>
          <SlipActions
            shareText={t("pay.shareText", { store: STORE_NAMES[view.store], merchant: merchantName, code: grouped, amount, deadline: formatWib(code.expiresAt, locale) })}
            downloadHref={`/pay/${view.publicId}/slip`}
            downloadName={`${merchantName}-${view.reference}.png`.replace(/\s+/g, "-")}
            cashierView={
              <div className="w-full max-w-xl space-y-4 text-center">
                <StoreBadge store={view.store} size="lg" />
                <p className="text-4xl font-extrabold tabular">{amount}</p>
                <Barcode svg={barcode} className="[&_svg]:mx-auto" />
                <GroupedCode grouped={grouped} maxRem={2.5} />
                <div className="mx-auto w-48" dangerouslySetInnerHTML={{ __html: qr }} />
                <p className="font-semibold">{merchantName}</p>
              </div>
            }
          />
        </div>
      </section>

      <section className="print-plain print-avoid-break grid gap-4 rounded-2xl border border-black/10 bg-white p-4 shadow-sm sm:grid-cols-[10rem_1fr]">
        <div className="mx-auto w-40" data-testid="qr" dangerouslySetInnerHTML={{ __html: qr }} />
        <div>
          <h2 className="mb-2 font-semibold">{t("pay.howToPay")}</h2>
          <ol className="list-decimal space-y-1.5 pl-5 text-sm" data-testid="instructions">
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      </section>

      <section className="print-plain print-avoid-break rounded-2xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950">
        <h2 className="mb-1 font-semibold">{t("pay.warnings.title")}</h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>{t("pay.warnings.exactAmount")}</li>
          <li>{t("pay.warnings.lateNight")}</li>
          <li data-testid="store-acceptance">
            {t("pay.warnings.payAt", { outlets })}
            {acceptance.refusedAt.map(({ outlet, above }) => ` ${t("pay.warnings.refusedAbove", { outlet, limit: formatRupiah(above) })}`)}
          </li>
          <li>{t("pay.warnings.keepReceipt")}</li>
        </ul>
      </section>

      <section className="no-print space-y-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
        <p className="text-sm text-ink/70">{t("pay.watching")}</p>
        <CheckAgainButton action={checkAgain} />
      </section>

      {/* The cashier needs none of it on paper. */}
      <div className="no-print">
        <OrderItems view={view} t={t} />
      </div>

      {sandbox && (
        <aside className="no-print rounded-2xl border border-dashed border-amber-400 bg-amber-50 p-4 text-sm">
          <p className="font-semibold text-amber-900">{t("common.testMode")}</p>
          <p className="mb-2 text-amber-950">{t("pay.testMode", { provider: PROVIDER_NAMES[code.provider] })}</p>
          <Link
            href={`/sandbox/cashier?store=${view.store}&provider=${code.provider}&code=${encodeURIComponent(code.paymentCode)}`}
            target="_blank"
            className="inline-block rounded-lg bg-amber-400 px-3 py-2 font-semibold text-ink hover:bg-amber-300"
            data-testid="open-cashier"
          >
            {t("pay.openCashier")} ↗
          </Link>
        </aside>
      )}
    </article>
  );
}

export function OrderItems({ view, t }: { view: PaymentView; t: Translator }) {
  return (
    <details className="print-plain rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
      <summary className="cursor-pointer font-semibold">{t("pay.items")}</summary>
      <ul className="mt-3 divide-y divide-black/5 text-sm">
        {view.items.map((item, index) => (
          <li key={index} className="flex justify-between gap-3 py-2">
            <span>
              {item.quantity} × {item.name}
            </span>
            <span className="tabular">{formatRupiah(item.unitPrice * item.quantity)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
