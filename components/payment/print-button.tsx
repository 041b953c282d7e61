"use client";

export function PrintButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="no-print w-full rounded-xl border border-black/10 px-4 py-2.5 font-semibold hover:bg-black/5"
    >
      {label}
    </button>
  );
}
