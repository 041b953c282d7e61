"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";

type OrderActionResult = { message: string; changed: boolean };
type Action = () => Promise<OrderActionResult>;

/**
 * What a member may do to the order in its present state, as server actions bound to its id;
 * an action left out has no button. One status line shows the last answer: it stays while the
 * page re-renders after a change, even when the button that caused it is gone.
 */
export interface OrderActionsProps {
  recheck: Action;
  cancel?: Action;
  issueNewCode?: Action;
  markHandled?: (note: string) => Promise<OrderActionResult>;
  /** The longest note the use case accepts (lib/orders/mark-handled.ts). */
  noteMaxChars: number;
}

const BUTTON = "rounded-lg border px-3 py-1.5 text-sm font-semibold disabled:opacity-60";
const PLAIN = `${BUTTON} border-brand-600 text-brand-700 hover:bg-brand-50`;
const DANGER = `${BUTTON} border-red-700 text-red-800 hover:bg-red-50`;

export function OrderActions({ recheck, cancel, issueNewCode, markHandled, noteMaxChars }: OrderActionsProps) {
  const t = useTranslations("merchant");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<string>();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [note, setNote] = useState("");
  const [message, setMessage] = useState("");

  const run = (name: string, action: Action, after?: () => void) =>
    startTransition(async () => {
      setRunning(name);
      const result = await action();
      setMessage(result.message);
      setRunning(undefined);
      if (result.changed) {
        after?.();
        router.refresh();
      }
    });

  return (
    <div className="space-y-3" data-testid="order-actions">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" disabled={pending} className={PLAIN} onClick={() => run("recheck", recheck)}>
          {running === "recheck" ? t("rechecking") : t("recheck")}
        </button>
        {issueNewCode && (
          <button type="button" disabled={pending} className={PLAIN} onClick={() => run("renew", issueNewCode)}>
            {running === "renew" ? t("orderActions.renewing") : t("orderActions.renew")}
          </button>
        )}
        {cancel && !confirmingCancel && (
          <button type="button" disabled={pending} className={DANGER} onClick={() => setConfirmingCancel(true)}>
            {t("orderActions.cancel")}
          </button>
        )}
      </div>
      {cancel && confirmingCancel && (
        <div role="group" aria-labelledby="cancel-question" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm">
          <p id="cancel-question" className="text-red-900">
            {t("orderActions.cancelQuestion")}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              disabled={pending}
              className={`${BUTTON} border-red-700 bg-red-700 text-white hover:bg-red-800`}
              onClick={() => run("cancel", cancel, () => setConfirmingCancel(false))}
            >
              {running === "cancel" ? t("orderActions.cancelling") : t("orderActions.cancelConfirm")}
            </button>
            <button type="button" disabled={pending} className={PLAIN} onClick={() => setConfirmingCancel(false)}>
              {t("orderActions.keep")}
            </button>
          </div>
        </div>
      )}
      {markHandled && (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            run("handled", () => markHandled(note), () => setNote(""));
          }}
        >
          <label className="block text-sm font-medium">
            {t("orderActions.note")}
            <textarea
              value={note}
              onChange={(event) => setNote(event.target.value)}
              required
              maxLength={noteMaxChars}
              rows={2}
              className="mt-1 block w-full rounded-lg border border-black/20 px-3 py-2 text-sm"
            />
          </label>
          <button type="submit" disabled={pending} className={PLAIN}>
            {running === "handled" ? t("orderActions.saving") : t("orderActions.markHandled")}
          </button>
        </form>
      )}
      <p role="status" className="text-sm text-ink/70">
        {message}
      </p>
    </div>
  );
}
