"use client";

import { useRef } from "react";
import { useTranslations } from "use-intl";

// Print, download as an image, and the full-screen "show to cashier" view.
export function SlipActions({ downloadHref, downloadName, cashierView }: { downloadHref: string; downloadName: string; cashierView: React.ReactNode }) {
  const t = useTranslations("pay");
  const dialog = useRef<HTMLDialogElement>(null);
  const shape = "flex flex-1 items-center justify-center gap-2 rounded-xl border px-3 py-2.5 text-sm font-semibold";
  const button = `${shape} border-black/10 bg-white hover:bg-black/5`;
  return (
    <div className="no-print">
      <div className="flex gap-2">
        <button type="button" className={`${shape} border-brand-600 bg-brand-600 text-white hover:bg-brand-700`} onClick={() => dialog.current?.showModal()}>
          {t("showCashier")}
        </button>
        <button type="button" className={button} onClick={() => window.print()}>
          {t("print")}
        </button>
        <a className={button} href={downloadHref} download={downloadName}>
          {t("download")}
        </a>
      </div>
      <dialog
        ref={dialog}
        aria-label={t("showCashier")}
        className="m-0 h-dvh max-h-none w-dvw max-w-none bg-white p-0 backdrop:bg-black"
        onClick={(event) => {
          if (event.target === dialog.current) dialog.current?.close();
        }}
      >
        <div className="flex h-full flex-col items-center justify-center gap-6 p-6">
          {cashierView}
          <p className="text-center text-sm text-ink/60">{t("brighten")}</p>
          <button type="button" className="rounded-xl bg-ink px-6 py-3 font-semibold text-white" onClick={() => dialog.current?.close()}>
            {t("closeCashierView")}
          </button>
        </div>
      </dialog>
    </div>
  );
}
