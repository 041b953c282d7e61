import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ClosedNotice, Receipt } from "@/components/payment/payment-outcome";
import { PaymentSlip } from "@/components/payment/payment-slip";
import { StatusWatcher } from "@/components/payment/status-watcher";
import { STORE_NAMES } from "@/lib/domain";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { formatRupiah } from "@/lib/money";
import { checkAgainAction, renewCodeAction } from "./actions";
import { loadView } from "./load-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ publicId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { publicId } = await params;
  const [{ view }, { t }] = await Promise.all([loadView(publicId), getTranslator()]);
  if (!view) return { title: t("pay.notFound.title"), robots: { index: false } };
  return {
    title: `${t("pay.title", { store: STORE_NAMES[view.store] })} · ${formatRupiah(view.amount)}`,
    robots: { index: false, follow: false },
  };
}

export default async function PaymentPage({ params }: Props) {
  const { publicId } = await params;
  const [{ deps, view }, { t, locale }] = await Promise.all([loadView(publicId), getTranslator()]);
  if (!view) notFound();
  const config = env();
  const common = { view, merchantName: config.merchantName, locale, t };

  return (
    <>
      <StatusWatcher publicId={view.publicId} version={view.version} active={view.status === "pending"} />
      {view.status === "paid" ? (
        <Receipt {...common} />
      ) : view.status === "pending" && view.code ? (
        <PaymentSlip
          {...common}
          view={{ ...view, code: view.code }}
          serverNow={deps.now()}
          sandbox={config.sandbox.enabled}
          checkAgain={checkAgainAction.bind(null, view.publicId)}
        />
      ) : (
        <ClosedNotice {...common} serverNow={deps.now()} renew={renewCodeAction.bind(null, view.publicId)} />
      )}
    </>
  );
}
