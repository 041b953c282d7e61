import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { listBackgroundJobs } from "@/lib/merchant-console/background-jobs";
import { formatWib } from "@/lib/time";
import { ScrollRegion } from "@/components/scroll-region";

export const metadata: Metadata = { title: "Background jobs" };

export default async function BackgroundJobsPage() {
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const { queues, deadLetters, deadLetterCount } = await listBackgroundJobs(db);
  const cell = "px-2 py-2";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("merchant.jobs.title")}</h1>
      <p className="max-w-3xl text-sm text-ink/70">{t("merchant.jobs.intro")}</p>
      <ScrollRegion label={t("merchant.jobs.title")} className="rounded-2xl border border-black/10 bg-white shadow-sm">
        <table className="w-full text-left text-sm" data-testid="job-queues">
          <thead className="bg-black/[0.03] text-xs uppercase tracking-wide text-ink/70">
            <tr>
              <th className={cell}>{t("merchant.jobs.queue")}</th>
              <th className={cell}>{t("merchant.jobs.waiting")}</th>
              <th className={cell}>{t("merchant.jobs.running")}</th>
              <th className={cell}>{t("merchant.jobs.retrying")}</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.queue} className="border-t border-black/5">
                <td className={`${cell} font-mono text-xs whitespace-nowrap`}>{queue.queue}</td>
                <td className={`${cell} tabular`}>{queue.waiting}</td>
                <td className={`${cell} tabular`}>{queue.running}</td>
                <td className={`${cell} tabular`}>{queue.retrying}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <section className="space-y-2">
        <h2 className="text-lg font-bold">{t("merchant.jobs.deadLetters", { count: deadLetterCount })}</h2>
        {deadLetters.length === 0 ? (
          <p className="text-sm text-ink/70" data-testid="no-dead-letters">
            {t("merchant.jobs.noDeadLetters")}
          </p>
        ) : (
          <ul className="space-y-2" data-testid="dead-letters">
            {deadLetters.map((job) => (
              <li key={job.id} className="rounded-2xl border border-red-200 bg-white p-3 text-sm shadow-sm">
                <div className="flex flex-wrap justify-between gap-2">
                  <span className="font-mono font-semibold">{job.queue}</span>
                  <span className="text-ink/70">{formatWib(job.failedAt, locale, { weekday: false })}</span>
                </div>
                <p className="mt-1 text-red-800">{job.error}</p>
                <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-black/[0.03] p-2 text-xs">{JSON.stringify(job.data)}</pre>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
