import type { Metadata } from "next";
import Link from "next/link";
import { ScrollRegion } from "@/components/scroll-region";
import { SandboxTour } from "@/components/sandbox/sandbox-tour";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { openSandbox } from "@/lib/open-sandbox";
import type { OutageMode } from "@/lib/sandbox/outage";
import { chooseFormAction, resetFormsAction, setOutageAction } from "./actions";

export const metadata: Metadata = { title: "Sandbox" };

const OUTAGE_TEXT: Record<OutageMode, string> = {
  none: "Healthy",
  down: "Down (503)",
  error: "Errors (500)",
  timeout: "Times out",
};

export default async function SandboxPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  const { getSimulators, listOutages, OUTAGE_MODES, readForms, readTourProgress, simulatorName } = await openSandbox();
  const config = env();
  const [db, { t }] = await Promise.all([getDb(), getTranslator()]);
  const simulators = [...getSimulators().values()];
  const [outages, queued, chosenForms, progress] = await Promise.all([
    listOutages(db),
    db.sandboxWebhook.findMany({ orderBy: { createdAt: "desc" }, take: 15 }),
    Promise.all(simulators.map((simulator) => readForms(db, simulator.id, simulator.forms))),
    readTourProgress(db),
  ]);
  return (
    <div className="space-y-8">
      <SandboxTour progress={progress} firstIndomaretProvider={config.routing.indomaret[0] ?? "midtrans"} providerName={simulatorName} t={t} />

      <section>
        <h2 className="text-xl font-bold">Provider simulators</h2>
        <p className="max-w-2xl text-ink/70">
          Each simulator answers its provider&apos;s own API under <code>/sandbox/&lt;provider&gt;/…</code> with the same
          auth, bodies, errors and signed notifications, and retries them on the provider&apos;s schedule
          {config.sandbox.timeScale < 1 ? ` (time compressed ×${config.sandbox.timeScale})` : ""}. Notifications go to{" "}
          <code className="break-all">{config.sandbox.webhookBaseUrl}/api/webhooks/&lt;provider&gt;</code>.
        </p>
        <Link href="/sandbox/cashier" className="mt-3 inline-block rounded-lg bg-amber-400 px-4 py-2 font-semibold text-ink hover:bg-amber-300">
          Open the cashier →
        </Link>
        {typeof error === "string" && (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {error}
          </p>
        )}
      </section>

      <ScrollRegion label="Outage switches" className="scroll-mt-4 rounded-2xl border border-black/10 bg-white shadow-sm" id="outage-switches">
        <table className="w-full text-left text-sm">
          <thead className="bg-black/[0.03] text-xs uppercase tracking-wide text-ink/70">
            <tr>
              <th className="px-4 py-2">Provider</th>
              <th className="hidden px-4 py-2 sm:table-cell">Base URL</th>
              <th className="px-4 py-2">Outage switch</th>
            </tr>
          </thead>
          <tbody>
            {[...getSimulators().keys()].map((id) => (
              <tr key={id} className="border-t border-black/5" data-testid={`sandbox-${id}`}>
                <td className="px-4 py-3 font-semibold">{simulatorName(id)}</td>
                <td className="hidden px-4 py-3 font-mono text-xs sm:table-cell">{config.providers[id]?.baseUrl}</td>
                <td className="px-4 py-3">
                  <form action={setOutageAction} className="flex flex-wrap gap-1">
                    <input type="hidden" name="provider" value={id} />
                    {OUTAGE_MODES.map((mode) => (
                      <button
                        key={mode}
                        name="outage"
                        value={mode}
                        aria-pressed={(outages[id] ?? "none") === mode}
                        className="rounded-md border border-black/10 px-2 py-1 text-xs aria-pressed:border-ink aria-pressed:bg-ink aria-pressed:text-white"
                      >
                        {OUTAGE_TEXT[mode]}
                      </button>
                    ))}
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <section className="space-y-3" aria-labelledby="forms-heading">
        <div>
          <h2 id="forms-heading" className="text-lg font-semibold">
            Documented forms
          </h2>
          <p className="max-w-2xl text-sm text-ink/70">
            Where a provider&apos;s documents show something more than one way, its simulator sends the form chosen here,
            so you can see the app cope with each. A form that must not pay (say, Monxa amounts in a unit the app is not
            configured for) shows the order staying unpaid.
          </p>
        </div>
        {simulators
          .map((simulator, index) => ({ simulator, chosen: chosenForms[index]! }))
          .filter(({ simulator }) => simulator.forms.length > 0)
          .map(({ simulator, chosen }) => (
            <div key={simulator.id} className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid={`forms-${simulator.id}`}>
              <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-semibold">{simulatorName(simulator.id)}</h3>
                <form action={resetFormsAction}>
                  <input type="hidden" name="provider" value={simulator.id} />
                  <button className="rounded-md border border-black/10 px-2 py-1 text-xs">Reset to defaults</button>
                </form>
              </div>
              <dl className="space-y-2">
                {simulator.forms.map((setting) => (
                  <div key={setting.key} className="grid gap-1 sm:grid-cols-[12rem_1fr]" data-testid={`form-${simulator.id}-${setting.key}`}>
                    <dt className="text-sm font-medium">{setting.title}</dt>
                    <dd>
                      <form action={chooseFormAction} className="flex flex-wrap gap-1">
                        <input type="hidden" name="provider" value={simulator.id} />
                        <input type="hidden" name="key" value={setting.key} />
                        {setting.options.map((option) => (
                          <button
                            key={option.value}
                            name="value"
                            value={option.value}
                            aria-pressed={chosen[setting.key] === option.value}
                            className="rounded-md border border-black/10 px-2 py-1 text-left text-xs aria-pressed:border-ink aria-pressed:bg-ink aria-pressed:text-white"
                          >
                            {option.label}
                            {option.value === setting.defaultValue ? " · default" : ""}
                          </button>
                        ))}
                      </form>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
      </section>

      <section className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">Latest notifications</h2>
        <ul className="space-y-1 font-mono text-xs">
          {queued.map((row) => (
            <li key={row.id} className="flex flex-wrap gap-x-3">
              <span className="font-semibold">{row.provider}</span>
              <span>{row.event}</span>
              <span>{row.status}</span>
              <span>{row.lastStatus ? `HTTP ${row.lastStatus}` : (row.lastError ?? "")}</span>
              <span className="text-ink/70">attempts {row.attempts}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
