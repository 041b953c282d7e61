"use client";

import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";

// The cart lives in the browser (localStorage) until checkout; prices are never taken from it:
// the server prices the products again when the order is placed.

export interface CartLine {
  productId: string;
  quantity: number;
}

const STORAGE_KEY = "gerai-cart";
const MAX_QUANTITY = 99;
const EMPTY: CartLine[] = [];
const listeners = new Set<() => void>();
let snapshot: CartLine[] | undefined;

function read(): CartLine[] {
  if (snapshot) return snapshot;
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "[]");
    snapshot = Array.isArray(parsed)
      ? parsed.filter(
          (line): line is CartLine =>
            typeof line?.productId === "string" && Number.isInteger(line?.quantity) && line.quantity > 0,
        )
      : EMPTY;
  } catch {
    snapshot = EMPTY;
  }
  return snapshot;
}

function write(lines: CartLine[]) {
  snapshot = lines;
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    snapshot = undefined; // another tab changed the cart
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

interface CartApi {
  lines: CartLine[];
  count: number;
  add(productId: string): void;
  setQuantity(productId: string, quantity: number): void;
  clear(): void;
}

const CartContext = createContext<CartApi | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const lines = useSyncExternalStore(subscribe, read, () => EMPTY);
  const setQuantity = useCallback((productId: string, quantity: number) => {
    const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
    const rest = read().filter((line) => line.productId !== productId);
    const existing = read().find((line) => line.productId === productId);
    if (clamped === 0) return write(rest);
    write(existing ? read().map((line) => (line.productId === productId ? { ...line, quantity: clamped } : line)) : [...rest, { productId, quantity: clamped }]);
  }, []);
  const api = useMemo<CartApi>(
    () => ({
      lines,
      count: lines.reduce((sum, line) => sum + line.quantity, 0),
      add: (productId) => setQuantity(productId, (read().find((line) => line.productId === productId)?.quantity ?? 0) + 1),
      setQuantity,
      // Clearing an empty cart changes nothing: a new empty array would re-render every
      // consumer, and the checkout clears the cart from an effect that depends on it.
      clear: () => {
        if (read().length > 0) write(EMPTY);
      },
    }),
    [lines, setQuantity],
  );
  return <CartContext.Provider value={api}>{children}</CartContext.Provider>;
}

export function useCart(): CartApi {
  const cart = useContext(CartContext);
  if (!cart) throw new Error("useCart needs a CartProvider");
  return cart;
}
