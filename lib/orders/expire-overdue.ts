import type { LimitFunction } from "p-limit";
import type { Charge } from "@/lib/db/generated/prisma/client";
import { applyExpiries, type ChargeObservation, type Expiry } from "./apply-charge-outcome";
import { batchWriter, settleByProvider } from "./ask-in-bulk";
import { answerChangesNothing, applyProviderAnswer, askProviderAbout, statusEventKey, type CheckedCharge } from "./check-status";
import type { WebhookDeps } from "./ingest-webhook";

// Codes past their deadline. The providers expire their codes at the deadline we gave them and
// notify us, so as a rule a code is settled by that notification before this sweep sees it. What
// is left is asked about once (a payment may have landed at the last minute) unless the provider
// has already been asked since the deadline passed; if it still shows the code open, or cannot
// be reached, the code expires on our side, and a payment that arrives later is recorded and
// flagged as late.
//
// A backlog (a provider's notifications lost for an hour, say) moves as a stream: the next page
// is read while the last one's status calls run, each provider has its own bound of calls in
// flight, and the expiries the answers call for are written hundreds to a transaction
// (applyExpiries) while the calls go on. An answer that changes the code (paid at the last
// minute, expired at the provider) is applied on its own, as any status check is. Every change
// goes through the ledger, so a code changes once however often it is swept (two sweeps at once,
// a sweep cut off and run again) and whatever a webhook did meanwhile.

/** How long after the deadline a still-pending code waits for the provider's own expiry. */
export const DEADLINE_GRACE_MS = 30_000;
export { CALLS_PER_PROVIDER } from "./ask-in-bulk";
/** Expiries written per transaction. */
const EXPIRIES_PER_TRANSACTION = 500;

/** Expiry by the deadline rule, and why: the note on the timeline says it. */
const byDeadline = (charge: SweptCharge, why: DeadlineNote["why"], checkedAt?: Date): Expiry => ({
  chargeId: charge.id,
  outcome: "expired",
  providerStatus: "deadline passed",
  eventKey: `deadline:${charge.id}`,
  source: "deadline",
  note: { key: "deadline_passed", why },
  checkedAt,
});
type DeadlineNote = Extract<NonNullable<ChargeObservation["note"]>, { key: "deadline_passed" }>;

export interface SweepOptions {
  /** Only this order's codes, without the grace period (the demo and tests walk one order). */
  orderId?: string;
  /** Codes read in this run, at most. */
  limit?: number;
  /** Stop reading new codes after about this long; the report then says more may be left. */
  budgetMs?: number;
  callsPerProvider?: number;
  /** Codes read per page (500 unless given). */
  pageSize?: number;
}

export interface SweepReport {
  /** Codes read past their deadline. */
  seen: number;
  /** Codes this run expired by the deadline rule. */
  expired: number;
  /** Codes whose provider's answer changed them (paid at the last minute, expired there). */
  changedByProvider: number;
  /** The run stopped at its limit or budget with codes possibly left: run again at once. */
  more: boolean;
}

/** The fields the sweep reads of each code. */
const SWEPT = { id: true, orderId: true, provider: true, reference: true, providerChargeId: true, status: true, expiresAt: true, checkedAt: true } as const;
type SweptCharge = CheckedCharge & Pick<Charge, "expiresAt" | "checkedAt">;

/** Expires codes past their deadline; answers how many the deadline rule expired. */
export async function expireCodesPastDeadline(deps: WebhookDeps, options: SweepOptions = {}): Promise<number> {
  return (await sweepCodesPastDeadline(deps, options)).expired;
}

export async function sweepCodesPastDeadline(deps: WebhookDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - (options.orderId ? 0 : DEADLINE_GRACE_MS));
  const report: SweepReport = { seen: 0, expired: 0, changedByProvider: 0, more: false };
  const writer = batchWriter<Expiry>(EXPIRIES_PER_TRANSACTION, async (batch) => {
    const expired = new Set(await applyExpiries(deps.db, batch, now));
    for (const { chargeId, source } of batch) if (expired.has(chargeId)) report[source === "deadline" ? "expired" : "changedByProvider"] += 1;
  });

  const settle = async (charge: SweptCharge, inTurn: LimitFunction) => {
    // Asked after the deadline already (by the reconciliation, say): it expires without asking again.
    if (charge.checkedAt && charge.expiresAt && charge.checkedAt >= charge.expiresAt) return writer.add(byDeadline(charge, "open_after_deadline"));
    // The provider's slot is held for the call alone; what follows is written after it.
    const answer = await inTurn(() => askProviderAbout(deps, charge));
    const askedAt = deps.now();
    if (!answer.ok) return writer.add(byDeadline(charge, "unreachable", answer.error.code === "provider_error" ? askedAt : undefined));
    if (answerChangesNothing(charge, answer)) return writer.add(byDeadline(charge, "still_open", askedAt));
    // The provider expired it at the deadline, as it should (its notification did not reach us).
    if (answer.value.status === "expired" && answerChangesNothing({ ...charge, status: "expired" }, answer)) {
      return writer.add({
        chargeId: charge.id,
        outcome: "expired",
        providerStatus: answer.value.providerStatus,
        eventKey: statusEventKey(charge, answer.value.providerStatus),
        source: "status_check",
        checkedAt: askedAt,
      });
    }
    // Anything else (paid at the last minute, say) is applied as any status check's answer is.
    const applied = await applyProviderAnswer(deps, charge, answer);
    if (!applied.ok) return writer.add(byDeadline(charge, "unreachable")); // an answer not in rupiah: flagged, and as if unreachable
    if (applied.value.result === "applied") report.changedByProvider += 1;
  };

  // One reader per provider, so a backlog at one provider (its notifications lost for an hour)
  // neither waits behind another's nor leaves the others' slots idle. Each walks its codes in
  // (deadline, id) order from where its last page ended: a code that stays pending (its order
  // changed meanwhile) is not read again in this run.
  const readPage = (provider: string, after: SweptCharge | undefined, take: number) =>
    deps.db.charge.findMany({
      where: {
        provider,
        status: "pending",
        expiresAt: { lte: cutoff },
        ...(options.orderId ? { orderId: options.orderId } : {}),
        ...(after ? { OR: [{ expiresAt: { gt: after.expiresAt! } }, { expiresAt: after.expiresAt!, id: { gt: after.id } }] } : {}),
      },
      select: SWEPT,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take,
    });

  const { limit, pageSize, budgetMs, callsPerProvider } = options;
  ({ read: report.seen, more: report.more } = await settleByProvider({ limit, pageSize, budgetMs, callsPerProvider, readPage, settle, writer: writer }));
  return report;
}
