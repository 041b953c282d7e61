"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

// Counts down to the deadline against the server's clock (the shopper's phone may be wrong),
// ticking every second but announcing only milestones to screen readers.

const HOUR = 3_600_000;
const TEN_MINUTES = 600_000;

function parts(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3_600),
    minutes: Math.floor((total % 3_600) / 60),
    seconds: total % 60,
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

export function Countdown({ deadline, serverNow, onExpire }: { deadline: string; serverNow: string; onExpire?: () => void }) {
  const t = useTranslations("pay");
  const target = new Date(deadline).getTime();
  // Offset between the server's clock and this device's, fixed at first render.
  const offset = useRef<number | null>(null);
  const [now, setNow] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const announced = useRef(new Set<string>());

  useEffect(() => {
    offset.current ??= new Date(serverNow).getTime() - Date.now();
    const tick = () => setNow(Date.now() + (offset.current ?? 0));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverNow]);

  const remaining = now === null ? target - new Date(serverNow).getTime() : target - now;
  useEffect(() => {
    if (now === null) return;
    const milestone =
      remaining <= 0 ? "expired" : remaining <= TEN_MINUTES ? "ten" : remaining <= HOUR ? "hour" : undefined;
    if (!milestone || announced.current.has(milestone)) return;
    announced.current.add(milestone);
    // The first milestone seen on load is announced too: a shopper opening the page late needs it.
    setAnnouncement(
      milestone === "expired" ? t("milestoneExpired") : milestone === "ten" ? t("milestoneTenMinutes") : t("milestoneHour"),
    );
    if (milestone === "expired") onExpire?.();
  }, [now, remaining, t, onExpire]);

  const { days, hours, minutes, seconds } = parts(remaining);
  const urgent = remaining <= TEN_MINUTES;
  return (
    <>
      <span
        role="timer"
        aria-live="off"
        data-testid="countdown"
        className={`font-mono text-lg font-bold tabular ${urgent ? "text-red-700" : "text-ink"}`}
      >
        {days > 0 && <span>{t("days", { count: days })} </span>}
        {pad(hours)}:{pad(minutes)}:{pad(seconds)}
      </span>
      <span className="sr-only" aria-live="assertive" role="status">
        {announcement}
      </span>
    </>
  );
}
