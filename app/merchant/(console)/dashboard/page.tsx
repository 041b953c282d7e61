import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { BarChart, OutcomeBar } from "@/components/merchant/dashboard-charts";
import { ScrollRegion } from "@/components/scroll-region";
import { getDb } from "@/lib/db/client";
import { STORE_NAMES } from "@/lib/domain";
import { getTranslator } from "@/lib/i18n/server";
import { DASHBOARD_RANGES, dashboardRangeSchema, getDashboard, type CodeOutcomes, type DashboardBucket } from "@/lib/merchant-console/dashboard";
import { requireMember } from "@/lib/merchant-console/session";
import { formatRupiah } from "@/lib/money";
import { PROVIDER_NAMES } from "@/lib/providers/catalog";
import { JAKARTA_TZ } from "@/lib/time";

export const metadata: Metadata = { title: "Overview" };

type Translate = Awaited<ReturnType<typeof getTranslator>>["t"];

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireMember("orders:read");
  const range = dashboardRangeSchema.parse((await searchParams).range);
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const figures = await getDashboard(db, range);
  const tag = locale === "id" ? "id-ID" : "en-GB";
  const number = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(tag, { notation: "compact", maximumFractionDigits: 1 });
  const hourly = figures.bucket === "hour";
  const tick = new Intl.DateTimeFormat(tag, hourly ? { timeZone: JAKARTA_TZ, hour: "2-digit", hourCycle: "h23" } : { timeZone: JAKARTA_TZ, day: "numeric" });
  const long = new Intl.DateTimeFormat(
    tag,
    hourly ? { timeZone: JAKARTA_TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone: JAKARTA_TZ, weekday: "short", day: "numeric", month: "short" },
  );
  const when = (slot: DashboardBucket) => (hourly ? `${long.format(slot.start)} WIB` : long.format(slot.start));
  const series = figures.series;
  const first = when(series[0]!);
  const last = when(series.at(-1)!);
  const peakOf = (pick: (slot: DashboardBucket) => number) => series.reduce((best, slot) => (pick(slot) > pick(best) ? slot : best), series[0]!);
  const createdPeak = peakOf((slot) => slot.ordersCreated);
  const volumePeak = peakOf((slot) => slot.paidVolume);
  const { totals } = figures;
  const rate = (value: number | null) => (value === null ? t("merchant.dashboard.none") : percent.format(value));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t("merchant.dashboard.title")}</h1>
          <p className="mt-1 max-w-2xl text-sm text-ink/70">{t("merchant.dashboard.intro")}</p>
        </div>
        <nav aria-label={t("merchant.dashboard.rangeLabel")} className="flex rounded-full border border-black/10 bg-white p-1 text-sm shadow-sm">
          {DASHBOARD_RANGES.map((option) => (
            <Link
              key={option}
              href={`/merchant/dashboard?range=${option}`}
              aria-current={option === range ? "page" : undefined}
              className={`rounded-full px-3 py-1.5 font-semibold ${option === range ? "bg-brand-700 text-white" : "text-ink/80 hover:bg-black/5"}`}
            >
              {t(`merchant.dashboard.ranges.${option}`)}
            </Link>
          ))}
        </nav>
      </div>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="dashboard-totals">
        <Figure label={t("merchant.dashboard.ordersCreated")} value={number.format(totals.ordersCreated)} />
        <Figure label={t("merchant.dashboard.ordersPaid")} value={number.format(totals.ordersPaid)} />
        <Figure label={t("merchant.dashboard.paidVolume")} value={formatRupiah(totals.paidVolume)} wide />
        <Figure label={t("merchant.dashboard.paidRate")} value={rate(totals.codes.paidRate)} hint={t("merchant.dashboard.paidRateHint")} />
        <Figure label={t("merchant.dashboard.medianToPay")} value={duration(totals.medianMinutesToPay, t)} hint={t("merchant.dashboard.medianToPayHint")} />
        <Figure label={t("merchant.dashboard.latePayments")} value={number.format(totals.latePayments)} hint={t("merchant.dashboard.latePaymentsHint")} />
        <Figure label={t("merchant.dashboard.rejectedWebhooks")} value={number.format(totals.rejectedWebhooks)} hint={t("merchant.dashboard.rejectedWebhooksHint")} />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          title={t("merchant.dashboard.ordersChart", { bucket: figures.bucket })}
          legend={[
            { label: t("merchant.dashboard.created"), className: "bg-brand-200" },
            { label: t("merchant.dashboard.paid"), className: "bg-brand-700" },
          ]}
          chart={
            <BarChart
              summary={t("merchant.dashboard.ordersChartSummary", {
                created: number.format(totals.ordersCreated),
                paid: number.format(totals.ordersPaid),
                first,
                last,
                peak: number.format(createdPeak.ordersCreated),
                peakAt: when(createdPeak),
              })}
              ticks={series.map((slot) => tick.format(slot.start))}
              series={[
                { label: "created", className: "fill-brand-200", values: series.map((slot) => slot.ordersCreated) },
                { label: "paid", className: "fill-brand-700", values: series.map((slot) => slot.ordersPaid) },
              ]}
              formatValue={(value) => number.format(value)}
            />
          }
          tableLabel={t("merchant.dashboard.ordersChart", { bucket: figures.bucket })}
          showTable={t("merchant.dashboard.showTable")}
          columns={[t("merchant.dashboard.period"), t("merchant.dashboard.created"), t("merchant.dashboard.paid")]}
          rows={series.map((slot) => [when(slot), number.format(slot.ordersCreated), number.format(slot.ordersPaid)])}
        />
        <ChartCard
          title={t("merchant.dashboard.volumeChart", { bucket: figures.bucket })}
          legend={[]}
          chart={
            <BarChart
              summary={t("merchant.dashboard.volumeChartSummary", {
                total: formatRupiah(totals.paidVolume),
                first,
                last,
                peak: formatRupiah(volumePeak.paidVolume),
                peakAt: when(volumePeak),
              })}
              ticks={series.map((slot) => tick.format(slot.start))}
              series={[{ label: "paid", className: "fill-brand-600", values: series.map((slot) => slot.paidVolume) }]}
              formatValue={(value) => compact.format(value)}
            />
          }
          tableLabel={t("merchant.dashboard.volumeChart", { bucket: figures.bucket })}
          showTable={t("merchant.dashboard.showTable")}
          columns={[t("merchant.dashboard.period"), t("merchant.dashboard.paidVolume")]}
          rows={series.map((slot) => [when(slot), formatRupiah(slot.paidVolume)])}
        />
      </div>

      <section className="space-y-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title" className="text-lg font-bold">
          {t("merchant.dashboard.outcomesTitle")}
        </h2>
        <p className="text-sm text-ink/70">{t("merchant.dashboard.outcomesIntro")}</p>
        <Legend
          items={[
            { label: t("merchant.dashboard.paid"), className: "bg-brand-600" },
            { label: t("merchant.dashboard.expired"), className: "bg-amber-500" },
            { label: t("merchant.dashboard.other"), className: "bg-black/20" },
          ]}
        />
        <OutcomesTable
          caption={t("merchant.dashboard.byStore")}
          keyColumn={t("merchant.dashboard.store")}
          rows={figures.byStore.map((row) => ({ name: STORE_NAMES[row.key], outcomes: row }))}
          t={t}
          number={number}
          rate={rate}
        />
        <OutcomesTable
          caption={t("merchant.dashboard.byProvider")}
          keyColumn={t("merchant.dashboard.provider")}
          rows={figures.byProvider.map((row) => ({
            name: PROVIDER_NAMES[row.key],
            outcomes: row,
            extra: [duration(row.medianMinutesToPay, t), number.format(row.rejectedWebhooks)],
          }))}
          extraColumns={[t("merchant.dashboard.medianToPay"), t("merchant.dashboard.rejectedWebhooks")]}
          t={t}
          number={number}
          rate={rate}
        />
      </section>
    </div>
  );
}

function Figure({ label, value, hint, wide }: { label: string; value: string; hint?: string; wide?: boolean }) {
  return (
    <div className={`rounded-2xl border border-black/10 bg-white p-3 shadow-sm ${wide ? "col-span-2 lg:col-span-1" : ""}`}>
      <dt className="text-xs font-semibold uppercase tracking-wide text-ink/70">{label}</dt>
      <dd className="mt-1 text-xl font-bold tabular sm:text-2xl">{value}</dd>
      {hint && <dd className="text-xs text-ink/70">{hint}</dd>}
    </div>
  );
}

function Legend({ items }: { items: { label: string; className: string }[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-3 text-xs text-ink/80">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`inline-block size-3 rounded-sm ${item.className}`} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function ChartCard(props: {
  title: string;
  legend: { label: string; className: string }[];
  chart: ReactNode;
  tableLabel: string;
  showTable: string;
  columns: string[];
  rows: string[][];
}) {
  return (
    <section className="space-y-2 rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
      <h2 className="text-lg font-bold">{props.title}</h2>
      <Legend items={props.legend} />
      {props.chart}
      <details className="text-sm">
        <summary className="cursor-pointer font-semibold text-brand-700">{props.showTable}</summary>
        <ScrollRegion label={props.tableLabel} className="mt-2">
          <table className="w-full text-left">
            <thead className="text-xs uppercase tracking-wide text-ink/70">
              <tr>
                {props.columns.map((column, index) => (
                  <th key={column} className={`px-2 py-1 ${index > 0 ? "text-right" : ""}`}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={row[0]} className="border-t border-black/5">
                  {row.map((cell, index) => (
                    <td key={index} className={`px-2 py-1 whitespace-nowrap ${index > 0 ? "text-right tabular" : ""}`}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </section>
  );
}

function OutcomesTable(props: {
  caption: string;
  keyColumn: string;
  rows: { name: string; outcomes: CodeOutcomes<string>; extra?: string[] }[];
  extraColumns?: string[];
  t: Translate;
  number: Intl.NumberFormat;
  rate: (value: number | null) => string;
}) {
  const { t, number } = props;
  const cell = "px-2 py-2";
  return (
    <ScrollRegion label={props.caption}>
      <table className="w-full text-left text-sm">
        <caption className="py-1 text-left text-sm font-semibold">{props.caption}</caption>
        <thead className="bg-black/[0.03] text-xs uppercase tracking-wide text-ink/70">
          <tr>
            <th className={cell}>{props.keyColumn}</th>
            <th className={`${cell} text-right`}>{t("merchant.dashboard.issued")}</th>
            <th className={`${cell} text-right`}>{t("merchant.dashboard.rate")}</th>
            {props.extraColumns?.map((column) => (
              <th key={column} className={`${cell} text-right`}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ name, outcomes, extra }) => {
            const paidShare = outcomes.paidRate;
            return (
              <tr key={name} className="border-t border-black/5">
                <th scope="row" className={`${cell} font-semibold whitespace-nowrap`}>
                  {name}
                </th>
                <td className={`${cell} text-right tabular`}>{number.format(outcomes.issued)}</td>
                <td className={`${cell} text-right tabular whitespace-nowrap`}>
                  {t("merchant.dashboard.rateValue", { paid: props.rate(paidShare), expired: props.rate(paidShare === null ? null : 1 - paidShare) })}
                  <OutcomeBar
                    paid={outcomes.paid}
                    expired={outcomes.expired}
                    other={outcomes.other}
                    label={t("merchant.dashboard.rateBar", { paid: number.format(outcomes.paid), expired: number.format(outcomes.expired), other: number.format(outcomes.other) })}
                  />
                </td>
                {extra?.map((value, index) => (
                  <td key={index} className={`${cell} text-right tabular whitespace-nowrap`}>
                    {value}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function duration(minutes: number | null, t: Translate): string {
  if (minutes === null) return t("merchant.dashboard.none");
  const whole = Math.round(minutes);
  if (whole < 60) return t("merchant.dashboard.minutes", { minutes: whole });
  return t("merchant.dashboard.hoursMinutes", { hours: Math.floor(whole / 60), minutes: whole % 60 });
}
