"use client";

import { useSyncExternalStore } from "react";

// The shopper's latest order, kept in the browser beside the cart: pressing Back from the
// payment page lands on an emptied checkout, which then offers the way back to the code.

const STORAGE_KEY = "gerai-last-order";

export interface LastOrder {
  paymentPath: string;
}

export function rememberLastOrder(order: LastOrder): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(order));
}

function read(): string | null {
  return window.localStorage.getItem(STORAGE_KEY);
}

function subscribe(listener: () => void) {
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
}

export function useLastOrder(): LastOrder | undefined {
  const stored = useSyncExternalStore(subscribe, read, () => null);
  if (!stored) return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    const path = (parsed as { paymentPath?: unknown })?.paymentPath;
    // Only our own payment pages: the value is the browser's, not ours.
    return typeof path === "string" && /^\/pay\/[0-9A-Za-z]{22}$/.test(path) ? { paymentPath: path } : undefined;
  } catch {
    return undefined;
  }
}
