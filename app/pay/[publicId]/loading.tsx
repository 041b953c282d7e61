export default function PaymentLoading() {
  return (
    <div className="space-y-4" aria-busy="true">
      <div className="h-72 animate-pulse rounded-2xl bg-white shadow-sm" />
      <div className="h-40 animate-pulse rounded-2xl bg-white shadow-sm" />
    </div>
  );
}
