"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

// Watches the order while the shopper has the page open. When anything the page shows changes
// (paid, expired, a new code), the server-rendered page is refreshed in place: no reload, and
// "paid" is only ever shown from the server's confirmed state.

export interface PaymentStatus {
  status: string;
  version: string;
  serverTime: string;
}

export function StatusWatcher({ publicId, version, active }: { publicId: string; version: string; active: boolean }) {
  const router = useRouter();
  const seen = useRef(version);
  const { data } = useQuery({
    queryKey: ["payment-status", publicId],
    queryFn: async (): Promise<PaymentStatus> => {
      const response = await fetch(`/api/pay/${publicId}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return (await response.json()) as PaymentStatus;
    },
    // Every 3 s while a code is open; a paid or closed order only checks now and then.
    refetchInterval: active ? 3_000 : 60_000,
    refetchIntervalInBackground: false,
  });

  useEffect(() => {
    seen.current = version;
  }, [version]);

  useEffect(() => {
    if (data && data.version !== seen.current) {
      seen.current = data.version;
      router.refresh();
    }
  }, [data, router]);

  return null;
}
