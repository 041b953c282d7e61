"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslations } from "use-intl";
import { Countdown } from "./countdown";

/** "Bayar sebelum …" with the live countdown; at zero the page asks the server straight away. */
export function LiveDeadline({ publicId, deadline, deadlineText, serverNow }: { publicId: string; deadline: string; deadlineText: string; serverNow: string }) {
  const t = useTranslations("pay");
  const queryClient = useQueryClient();
  const onExpire = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ["payment-status", publicId] });
  }, [queryClient, publicId]);
  return (
    <div className="grid grid-cols-[1fr_auto] items-end gap-x-3 gap-y-0.5">
      <span className="text-xs font-medium uppercase tracking-wide text-ink/70">{t("payBefore")}</span>
      <span className="no-print text-right text-xs font-medium uppercase tracking-wide text-ink/70">{t("timeLeft")}</span>
      <time dateTime={deadline} className="font-semibold" data-testid="deadline">
        {deadlineText}
      </time>
      <span className="no-print text-right">
        <Countdown deadline={deadline} serverNow={serverNow} onExpire={onExpire} />
      </span>
    </div>
  );
}
