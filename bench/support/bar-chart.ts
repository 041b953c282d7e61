// The benchmarks' chart: one figure per row (a query's p95, a page's weight) as bars, one bar per
// measured column (original, before, after…), with the target, if any, as a dashed line. SVG, so the
// results file shows it. Log scale when the figures span tens of times (slow vs fast queries).

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartTarget {
  value: number;
  /** e.g. "50 ms target" */
  label: string;
}

export function barChart(
  title: string,
  series: ChartSeries[],
  rows: { name: string; values: (number | undefined)[] }[],
  target: ChartTarget | undefined,
  scale: "log" | "linear" = "log",
): string {
  const bar = 14;
  const rowHeight = series.length * bar + 10;
  const left = 250;
  const width = 900;
  const top = 40;
  const max = Math.max(...rows.flatMap((row) => row.values.map((value) => value ?? 0)), target?.value ?? 0, 1);
  const scaled = scale === "log" ? (value: number) => Math.log10(1 + value) : (value: number) => value;
  const x = (value: number) => left + ((width - left - 90) * scaled(value)) / scaled(max);
  const height = top + rows.length * rowHeight + 30;
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`,
    // Each legend entry starts after the previous one's label (about 7 px a character at 12 px).
    ...series.map((entry, index) => {
      const at = left + series.slice(0, index).reduce((sum, previous) => sum + 30 + previous.label.length * 7, 0);
      return `<rect x="${at}" y="28" width="10" height="10" fill="${entry.color}"/><text x="${at + 14}" y="37">${escape(entry.label)}</text>`;
    }),
    ...(target
      ? [
          `<line x1="${x(target.value)}" y1="${top}" x2="${x(target.value)}" y2="${height - 25}" stroke="#555" stroke-dasharray="4 3"/>`,
          `<text x="${x(target.value) + 3}" y="${height - 12}">${escape(target.label)}</text>`,
        ]
      : []),
  ];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y + bar + 4}" text-anchor="end">${escape(row.name)}</text>`);
    row.values.forEach((value, column) => {
      if (value === undefined) return;
      const barY = y + column * bar;
      parts.push(`<rect x="${left}" y="${barY}" width="${(x(value) - left).toFixed(1)}" height="${bar}" fill="${series[column]!.color}"/>`);
      parts.push(`<text x="${(x(value) + 4).toFixed(1)}" y="${barY + bar - 3}">${value.toFixed(1)}</text>`);
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
