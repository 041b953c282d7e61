import Link from "next/link";
import type { ReactNode } from "react";
import type { Translator } from "@/lib/i18n/catalog";
import type { TourProgress } from "@/lib/sandbox/tour";

const linkClass = "inline-block rounded-lg border border-black/15 bg-white px-3 py-1.5 text-sm font-semibold hover:bg-black/[0.03]";

function Step({ number, done, title, body, doneLabel, children }: { number: number; done: boolean; title: string; body: string; doneLabel: string; children: ReactNode }) {
  return (
    <li className="flex gap-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid={`tour-step-${number}`}>
      <span
        className={`flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-bold ${done ? "bg-brand-700 text-white" : "bg-amber-100 text-ink"}`}
        aria-hidden="true"
      >
        {done ? "✓" : number}
      </span>
      <div className="min-w-0 space-y-2">
        <h3 className="font-semibold">
          {title}
          {done && <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-800">{doneLabel}</span>}
        </h3>
        <p className="text-sm text-ink/70">{body}</p>
        <div className="flex flex-wrap gap-2">{children}</div>
      </div>
    </li>
  );
}

/** The sandbox home's guided tour: each step links to the place to do it, marked done once done. */
export function SandboxTour({ progress, firstIndomaretProvider, providerName, t }: { progress: TourProgress; firstIndomaretProvider: string; providerName: (id: string) => string; t: Translator }) {
  const { latest, failedOver, paidOrders } = progress;
  const openCode = latest?.status === "pending" && latest.paymentCode ? { store: latest.store, code: latest.paymentCode } : undefined;
  return (
    <section aria-labelledby="tour-heading" className="space-y-3">
      <div>
        <h1 id="tour-heading" className="text-2xl font-bold">
          {t("sandboxTour.title")}
        </h1>
        <p className="max-w-2xl text-ink/70">{t("sandboxTour.intro")}</p>
        {latest && (
          <p className="mt-2 text-sm" data-testid="tour-latest">
            {t("sandboxTour.latest", { reference: latest.reference, store: latest.store === "alfamart" ? "Alfamart" : "Indomaret", provider: latest.provider ? providerName(latest.provider) : "—" })}
          </p>
        )}
      </div>
      <ol className="grid gap-3 md:grid-cols-2">
        <Step number={1} done={latest !== null} title={t("sandboxTour.create.title")} body={t("sandboxTour.create.body")} doneLabel={t("sandboxTour.done")}>
          <Link href="/" className={linkClass}>
            {t("sandboxTour.create.action")}
          </Link>
        </Step>
        <Step number={2} done={paidOrders > 0} title={t("sandboxTour.pay.title")} body={t("sandboxTour.pay.body")} doneLabel={t("sandboxTour.done")}>
          <Link href={openCode ? `/sandbox/cashier?${new URLSearchParams(openCode).toString()}` : "/sandbox/cashier"} className={linkClass} target="_blank">
            {openCode ? t("sandboxTour.pay.action") : t("sandboxTour.pay.actionNoOrder")}
          </Link>
        </Step>
        <Step number={3} done={paidOrders > 0} title={t("sandboxTour.flip.title")} body={t("sandboxTour.flip.body")} doneLabel={t("sandboxTour.done")}>
          {latest && (
            <>
              <Link href={`/pay/${latest.publicId}`} className={linkClass}>
                {t("sandboxTour.flip.page")}
              </Link>
              <Link href={`/merchant/orders/${latest.id}`} className={linkClass}>
                {t("sandboxTour.flip.console")}
              </Link>
            </>
          )}
        </Step>
        <Step
          number={4}
          done={failedOver !== null}
          title={t("sandboxTour.failover.title")}
          body={t("sandboxTour.failover.body", { provider: providerName(firstIndomaretProvider) })}
          doneLabel={t("sandboxTour.done")}
        >
          <a href="#outage-switches" className={linkClass}>
            {t("sandboxTour.failover.switches")}
          </a>
          {failedOver && (
            <Link href={`/merchant/orders/${failedOver.id}`} className={linkClass}>
              {t("sandboxTour.failover.console")}
            </Link>
          )}
        </Step>
      </ol>
    </section>
  );
}
