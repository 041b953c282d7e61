"use client";

import { useActionState, type ReactNode } from "react";

export type FormMessage = { ok: boolean; message: string } | undefined;

/** A form whose server action answers with one line, shown under it (what was done, or why not). */
export function MessageForm({
  action,
  children,
  className,
}: {
  action: (state: FormMessage, form: FormData) => Promise<FormMessage>;
  children: ReactNode;
  className?: string;
}) {
  const [state, submit, pending] = useActionState(action, undefined);
  return (
    <form action={submit} className={className} aria-busy={pending}>
      {children}
      {state && (
        <p role={state.ok ? "status" : "alert"} className={`basis-full text-sm font-medium ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}
