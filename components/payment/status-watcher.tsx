"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

// Watches the order while the shopper has the page open. When anything the page shows changes
// (paid, expired, a new code), the server-rendered page is refreshed in place: no reload, and
// "paid" is only ever shown from the server's confirmed state.
//
// The server pushes each change (Server-Sent Events, /api/pay/<id>/events) within moments of its
// commit. A slow poll stays as a backstop for a network that holds such streams back.

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
    refetchInterval: active ? 15_000 : 60_000,
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

  // The pushed versions; EventSource reconnects by itself when a stream ends.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const events = new EventSource(`/api/pay/${publicId}/events`);
    events.addEventListener("version", (event) => {
      const pushed = (JSON.parse((event as MessageEvent<string>).data) as { version: string }).version;
      if (pushed !== seen.current) {
        seen.current = pushed;
        router.refresh();
      }
    });
    return () => events.close();
  }, [publicId, router]);

  return null;
}
