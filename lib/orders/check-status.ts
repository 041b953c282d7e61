import type { LimitFunction } from "p-limit";
import type { Charge } from "@/lib/db/generated/prisma/client";
import { PROVIDER_NAMES, type ProviderId } from "@/lib/providers/catalog";
import { isRupiahCurrency } from "@/lib/money";
import type { ChargeSnapshot, ProviderError } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { applyChargeObservation, flagNonRupiah, statusCurrencyKey, type ApplyResult } from "./apply-charge-outcome";
import { batchWriter, settleByProvider } from "./ask-in-bulk";
import { findCurrentCharge } from "./charges";
import type { WebhookDeps } from "./ingest-webhook";
import { recordOrderEvent } from "./timeline";

// Asking the provider instead of waiting to be told: the shopper's "I have paid, check again",
// the merchant's "re-check", the deadline sweep and the reconciliation of quiet charges. A lost
// webhook therefore never leaves an order stuck on pending.

/** A pending code nobody has heard about for this long is asked about (RECONCILE_AFTER_SECONDS). */
export const RECONCILE_AFTER_MS = 5 * 60_000;

export type CheckError = { code: "not_found" | "provider_missing"; message: string } | { code: "provider_error"; error: ProviderError };

export type CheckResult = ApplyResult | { result: "same"; providerStatus: string };

/** One provider state of one charge, seen by asking: the same ledger key however often we ask. */
export const statusEventKey = (charge: Pick<Charge, "reference">, providerStatus: string) => `status:${charge.reference}:${providerStatus}`;

/** The fields of a charge a status check reads. */
export type CheckedCharge = Pick<Charge, "id" | "orderId" | "provider" | "reference" | "providerChargeId" | "status">;

/** `actor`: the console member who asked, named on what the answer writes to the timeline. */
export async function checkChargeStatus(deps: WebhookDeps, charge: CheckedCharge, actor?: string): Promise<Result<CheckResult, CheckError>> {
  return applyProviderAnswer(deps, charge, await askProviderAbout(deps, charge), actor);
}

/** What the provider says about the charge now: its status API, asked once. Writes nothing. */
export async function askProviderAbout(deps: WebhookDeps, charge: CheckedCharge): Promise<Result<ChargeSnapshot, CheckError>> {
  const provider = deps.providers.get(charge.provider as ProviderId);
  if (!provider) return err({ code: "provider_missing", message: `${charge.provider} is not configured` });
  const snapshot = await provider.getCharge({ reference: charge.reference, providerChargeId: charge.providerChargeId });
  return snapshot.ok ? snapshot : err({ code: "provider_error", error: snapshot.error });
}

/**
 * The answer changes nothing: the provider shows our status, in rupiah. The deadline sweep
 * writes what follows from such answers for many charges at once.
 */
export function answerChangesNothing(charge: CheckedCharge, answer: Result<ChargeSnapshot, CheckError>): boolean {
  return answer.ok && answer.value.status === charge.status && (answer.value.currency === undefined || isRupiahCurrency(answer.value.currency));
}

/** Records that the provider was asked (checkedAt) and what its answer changes. */
export async function applyProviderAnswer(
  deps: WebhookDeps,
  charge: CheckedCharge,
  answer: Result<ChargeSnapshot, CheckError>,
  actor?: string,
): Promise<Result<CheckResult, CheckError>> {
  if (!answer.ok && answer.error.code !== "provider_error") return answer; // nobody was asked
  await deps.db.charge.update({ where: { id: charge.id }, data: { checkedAt: deps.now() } });
  if (!answer.ok) return answer;
  const providerId = charge.provider as ProviderId;
  const currency = answer.value.currency;
  if (currency !== undefined && !isRupiahCurrency(currency)) {
    const message = `${PROVIDER_NAMES[providerId]} status answers in ${currency}, not IDR`;
    await flagNonRupiah(
      deps.db,
      {
        chargeId: charge.id,
        eventKey: statusCurrencyKey(charge.reference, currency),
        params: { provider: providerId, source: "status_check", providerStatus: answer.value.providerStatus, currency },
      },
      deps.now(),
    );
    return err({ code: "provider_error", error: { provider: providerId, kind: "rejected", message, shopper: "provider_unavailable" } });
  }
  if (answer.value.status === charge.status) {
    // A person asked: the timeline keeps who asked and what the provider said. Background checks
    // (the deadline sweep, reconciliation) ask often and name nobody, so they write nothing here.
    if (actor) {
      const params = { provider: providerId, providerStatus: answer.value.providerStatus };
      await deps.db.$transaction((tx) =>
        recordOrderEvent(tx, { orderId: charge.orderId, chargeId: charge.id, at: deps.now(), type: "recheck_unchanged", params, actor }),
      );
    }
    return ok({ result: "same", providerStatus: answer.value.providerStatus });
  }
  return ok(
    await applyChargeObservation(
      deps.db,
      {
        chargeId: charge.id,
        outcome: answer.value.status,
        providerStatus: answer.value.providerStatus,
        eventKey: statusEventKey(charge, answer.value.providerStatus),
        source: "status_check",
        paidAt: answer.value.paidAt,
        amount: answer.value.amount,
        amountConflict: answer.value.amountConflict,
        settledBeforeReversal: answer.value.settledBeforeReversal,
        actor,
      },
      deps.now(),
    ),
  );
}

/** Re-checks the code an order currently shows (the shopper's and the merchant's button). */
export async function checkOrderStatus(deps: WebhookDeps, where: { publicId: string } | { id: string }, actor?: string) {
  const order = await deps.db.order.findUnique({ where, select: { id: true } });
  if (!order) return err({ code: "not_found" as const, message: "No such order." });
  const charge = await findCurrentCharge(deps.db, order.id);
  if (!charge) return err({ code: "not_found" as const, message: "The order has no code." });
  return checkChargeStatus(deps, charge, actor);
}

export interface ReconcileOptions {
  quietForMs?: number;
  /** Codes asked about in this run, at most (RECONCILE_LIMIT). */
  limit?: number;
  /** Stop reading new codes after about this long; the report then says more may be left. */
  budgetMs?: number;
  /** Status calls in flight per provider, as the deadline sweep's unless given. */
  callsPerProvider?: number;
  pageSize?: number;
}

/** Codes one run of the reconciliation asks about, at most, unless told otherwise. */
export const RECONCILE_LIMIT = 5_000;
/** "Asked, nothing new" written per statement. */
const CHECKED_PER_STATEMENT = 500;

/** The fields the reconciliation reads of each code. */
const RECONCILED = { id: true, orderId: true, provider: true, reference: true, providerChargeId: true, status: true, createdAt: true } as const;
type ReconciledCharge = CheckedCharge & Pick<Charge, "createdAt">;

/**
 * Pending codes nobody has heard about lately: ask the provider, in case a webhook was lost. Each
 * provider is asked about many codes at once (a bound per provider, so a slow or failing one does
 * not hold back the others); answers that change nothing are recorded as asked in batches, and
 * an answer that changes a code is applied on its own, through the ledger, as any status check's.
 */
export async function reconcilePendingCharges(deps: WebhookDeps, options: ReconcileOptions = {}) {
  const now = deps.now();
  const quietSince = new Date(now.getTime() - (options.quietForMs ?? RECONCILE_AFTER_MS));
  const report = { checked: 0, changed: 0, more: false };
  // Asked and nothing new, or the provider could not answer: the code waits another quiet period.
  const asked = batchWriter<string>(CHECKED_PER_STATEMENT, async (ids) => {
    await deps.db.charge.updateMany({ where: { id: { in: ids } }, data: { checkedAt: deps.now() } });
  });

  const settle = async (charge: ReconciledCharge, inTurn: LimitFunction) => {
    const answer = await inTurn(() => askProviderAbout(deps, charge));
    if (!answer.ok || answerChangesNothing(charge, answer)) return asked.add(charge.id);
    const applied = await applyProviderAnswer(deps, charge, answer);
    if (applied.ok && applied.value.result === "applied") report.changed += 1;
  };

  // Each configured provider's quiet codes in (created, id) order from where its last page ended.
  // A code asked about is no longer quiet, so a run cut off at its limit leaves the rest to the
  // next. A provider no longer configured cannot be asked: its codes are left to the deadline sweep.
  // So are codes at their deadline: the sweep asks about them too and writes what the answers say
  // 500 to a transaction (expire-overdue.ts), where asking here as well doubled the calls, and
  // applying each "expired" on its own held the database's connections from the webhooks.
  const readPage = async (provider: ProviderId, after: ReconciledCharge | undefined, take: number) => {
    if (!deps.providers.has(provider)) return [];
    return deps.db.charge.findMany({
      where: {
        provider,
        status: "pending",
        createdAt: { lte: quietSince },
        AND: [
          { OR: [{ checkedAt: null }, { checkedAt: { lte: quietSince } }] },
          { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
          ...(after ? [{ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] : []),
        ],
      },
      select: RECONCILED,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
    });
  };

  const { budgetMs, callsPerProvider, pageSize } = options;
  const limit = options.limit ?? RECONCILE_LIMIT;
  ({ read: report.checked, more: report.more } = await settleByProvider({ limit, pageSize, budgetMs, callsPerProvider, readPage, settle, writer: asked }));
  return report;
}
