// The benchmarks' chart: p95 per query as bars on a log scale, one bar per measured column
// (original, before, after…), with the target as a dashed line. SVG, so the results file shows it.

export interface ChartSeries {
  label: string;
  color: string;
}

export function p95Chart(title: string, series: ChartSeries[], rows: { name: string; values: (number | undefined)[] }[], targetMs: number): string {
  const bar = 14;
  const rowHeight = series.length * bar + 10;
  const left = 250;
  const width = 900;
  const top = 40;
  const max = Math.max(...rows.flatMap((row) => row.values.map((value) => value ?? 0)), targetMs, 1);
  // Log scale: the slow queries are tens of times the fast ones.
  const x = (ms: number) => left + ((width - left - 90) * Math.log10(1 + ms)) / Math.log10(1 + max);
  const height = top + rows.length * rowHeight + 30;
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...series.map((entry, index) => `<rect x="${left + index * 90}" y="28" width="10" height="10" fill="${entry.color}"/><text x="${left + index * 90 + 14}" y="37">${escape(entry.label)}</text>`),
    `<line x1="${x(targetMs)}" y1="${top}" x2="${x(targetMs)}" y2="${height - 25}" stroke="#555" stroke-dasharray="4 3"/>`,
    `<text x="${x(targetMs) + 3}" y="${height - 12}">${targetMs} ms target</text>`,
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
