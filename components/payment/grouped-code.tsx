/**
 * A payment code in blocks of four that never break apart, as large as its box allows (sized
 * with container query units, so a 20-character code still fits one line on a 360 px phone).
 */
export function GroupedCode({ grouped, maxRem, className = "" }: { grouped: string; maxRem: number; className?: string }) {
  return (
    <span className="@container block w-full">
      <span
        style={{ fontSize: `min(${maxRem}rem, calc(100cqw / ${(grouped.length * 0.62).toFixed(2)}))` }}
        className={`block font-mono leading-tight font-bold ${className}`}
      >
        {grouped.split(" ").map((block, index) => (
          <span key={index} className="whitespace-nowrap">
            {index > 0 && " "}
            {block}
          </span>
        ))}
      </span>
    </span>
  );
}
