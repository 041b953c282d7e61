import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";

// The dashboard's charts, drawn with visx on the server as plain SVG: nothing runs in the
// browser and nothing is fetched. Each chart is drawn twice, at a phone's width and at a
// desktop's, and CSS shows the one that fits, so the axis text stays readable at both sizes.
// The SVG is named by a one-sentence summary; the page puts the numbers in a table beside it.

export interface BarSeries {
  label: string;
  /** A Tailwind fill class. */
  className: string;
  values: number[];
}

interface BarChartProps {
  /** What the chart shows, read out in place of the picture. */
  summary: string;
  /** One short label per bucket, for the axis. */
  ticks: string[];
  series: BarSeries[];
  formatValue: (value: number) => string;
}

// Sized so that the drawing is close to its box at each breakpoint (phone, one column, two
// columns), which keeps the axis text near 11–13 px wherever it is read.
const SIZES = [
  { width: 300, height: 190, fontSize: 11, className: "sm:hidden", tickEvery: (count: number) => (count > 12 ? 5 : count > 8 ? 2 : 1) },
  { width: 720, height: 240, fontSize: 11, className: "hidden sm:block lg:hidden", tickEvery: (count: number) => (count > 16 ? 2 : 1) },
  { width: 480, height: 220, fontSize: 11, className: "hidden lg:block", tickEvery: (count: number) => (count > 16 ? 3 : count > 12 ? 2 : 1) },
];

/** Bars per bucket, side by side when there are several series. */
export function BarChart(props: BarChartProps) {
  return (
    <>
      {SIZES.map((size) => (
        <BarChartAt key={size.width} {...props} {...size} />
      ))}
    </>
  );
}

function BarChartAt({
  summary,
  ticks,
  series,
  formatValue,
  width,
  height,
  fontSize,
  className,
  tickEvery,
}: BarChartProps & (typeof SIZES)[number]) {
  const margin = { top: 8, right: 8, bottom: 24 };
  const innerHeight = height - margin.top - margin.bottom;
  const highest = Math.max(1, ...series.flatMap((one) => one.values));
  // Rounded up to the step of the labelled lines, so the highest bar stays under a labelled one.
  const y = scaleLinear<number>({ domain: [0, highest], range: [innerHeight, 0], nice: 4 });
  // Counts and rupiah are whole numbers: no "0,5 orders" on the axis.
  const values = y.ticks(4).filter(Number.isInteger);
  // Room on the left for the longest value label ("400 rb", "1,2 jt"), whatever the amounts, and
  // for the axis' own offset of its labels (visx sets them a tick's length off the axis).
  const left = Math.ceil(Math.max(...values.map((value) => formatValue(value).length)) * fontSize * 0.62) + 18;
  const innerWidth = width - left - margin.right;
  const indexes = ticks.map((_, index) => index);
  const x = scaleBand<number>({ domain: indexes, range: [0, innerWidth], padding: 0.2 });
  const inner = scaleBand<number>({ domain: series.map((_, index) => index), range: [0, x.bandwidth()], padding: 0.05 });
  // Labels counted back from the newest bucket: today (or this hour) is always labelled.
  const every = tickEvery(ticks.length);
  const tickLabel = { fill: "#15201c", fontSize, fontFamily: "inherit" };

  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={`${className} h-auto w-full`} role="img" aria-label={summary}>
      <Group left={left} top={margin.top}>
        {values.map((tick) => (
          <line key={tick} x1={0} x2={innerWidth} y1={y(tick)} y2={y(tick)} className="stroke-black/10" />
        ))}
        {indexes.map((index) => (
          <Group key={index} left={x(index)}>
            {series.map((one, which) => {
              const value = one.values[index] ?? 0;
              const top = y(value);
              return <Bar key={one.label} x={inner(which)} y={top} width={inner.bandwidth()} height={innerHeight - top} className={one.className} />;
            })}
          </Group>
        ))}
        <AxisLeft scale={y} tickValues={values} tickFormat={(value) => formatValue(Number(value))} hideAxisLine hideTicks tickLabelProps={{ ...tickLabel, textAnchor: "end", dx: -4, dy: "0.33em" }} />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickValues={indexes.filter((index) => (indexes.length - 1 - index) % every === 0)}
          tickFormat={(index) => ticks[index] ?? ""}
          stroke="#15201c"
          hideTicks
          tickLabelProps={{ ...tickLabel, textAnchor: "middle", dy: "0.25em" }}
        />
      </Group>
    </svg>
  );
}

/** One horizontal bar split into paid, expired and other, as shares of its total. */
export function OutcomeBar({ paid, expired, other, label }: { paid: number; expired: number; other: number; label: string }) {
  const total = paid + expired + other;
  const width = 120;
  const x = scaleLinear<number>({ domain: [0, Math.max(total, 1)], range: [0, width] });
  const parts = [
    { value: paid, className: "fill-brand-600" },
    { value: expired, className: "fill-amber-500" },
    { value: other, className: "fill-black/20" },
  ];
  let start = 0;
  return (
    <svg viewBox={`0 0 ${width} 12`} className="ml-auto mt-1 block h-2.5 w-28" role="img" aria-label={label}>
      <Bar x={0} y={0} width={width} height={12} className="fill-black/5" />
      {parts.map((part, index) => {
        const left = x(start);
        start += part.value;
        return <Bar key={index} x={left} y={0} width={x(start) - left} height={12} className={part.className} />;
      })}
    </svg>
  );
}
