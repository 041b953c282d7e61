"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

interface Props {
  /** What a shared message says beside the page's address. */
  shareText: string;
  downloadHref: string;
  downloadName: string;
  cashierView: React.ReactNode;
}

// Print, download as an image, keep the page (copy its link, share it), and the full-screen
// "show to cashier" view.
export function SlipActions({ shareText, downloadHref, downloadName, cashierView }: Props) {
  const t = useTranslations("pay");
  const dialog = useRef<HTMLDialogElement>(null);
  useScreenAwakeWhileOpen(dialog);
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
      <KeepThePage shareText={shareText} className={button} />
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
          <p className="text-center text-sm text-ink/70">{t("brighten")}</p>
          <button type="button" className="rounded-xl bg-ink px-6 py-3 font-semibold text-white" onClick={() => dialog.current?.close()}>
            {t("closeCashierView")}
          </button>
        </div>
      </dialog>
    </div>
  );
}

/**
 * Ways to keep the page: copy its address, or share it (the system's share sheet where the
 * browser has the Web Share API, else WhatsApp, which most shoppers here use).
 */
function KeepThePage({ shareText, className }: { shareText: string; className: string }) {
  const t = useTranslations("pay");
  const [copied, setCopied] = useState(false);
  // Known only in the browser: until then (and without JavaScript) the WhatsApp link stands.
  const [canShare, setCanShare] = useState(false);
  const [address, setAddress] = useState("");
  useEffect(() => {
    setAddress(window.location.href);
    setCanShare(typeof navigator.share === "function");
  }, []);
  const copy = async () => {
    await navigator.clipboard.writeText(window.location.href);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="mt-2 flex gap-2">
      <button type="button" className={className} onClick={copy} aria-live="polite">
        {copied ? `✓ ${t("linkCopied")}` : t("copyLink")}
      </button>
      {canShare ? (
        <button type="button" className={className} onClick={() => navigator.share({ text: shareText, url: window.location.href }).catch(() => undefined)}>
          {t("share")}
        </button>
      ) : (
        <a className={className} href={`https://wa.me/?text=${encodeURIComponent(`${shareText} ${address}`.trim())}`} target="_blank" rel="noopener noreferrer">
          {t("share")}
        </a>
      )}
    </div>
  );
}

/**
 * Keeps the screen on while the cashier view is open (Screen Wake Lock API, where the browser has
 * it): a phone that dims while the cashier reaches for the scanner costs a retry. The browser
 * drops the lock when the page is hidden, so it is taken again when the page comes back.
 */
function useScreenAwakeWhileOpen(dialog: React.RefObject<HTMLDialogElement | null>) {
  useEffect(() => {
    const element = dialog.current;
    if (!element || !("wakeLock" in navigator)) return;
    let lock: WakeLockSentinel | undefined;
    const update = async () => {
      if (element.open && document.visibilityState === "visible") {
        if (!lock || lock.released) lock = await navigator.wakeLock.request("screen").catch(() => undefined);
      } else {
        await lock?.release().catch(() => undefined);
        lock = undefined;
      }
    };
    // The dialog's open attribute changes when it is shown and closed, by any means (Esc too).
    const watcher = new MutationObserver(() => void update());
    watcher.observe(element, { attributes: true, attributeFilter: ["open"] });
    document.addEventListener("visibilitychange", update);
    return () => {
      watcher.disconnect();
      document.removeEventListener("visibilitychange", update);
      void lock?.release().catch(() => undefined);
    };
  }, [dialog]);
}
