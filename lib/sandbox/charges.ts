import type { Db } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import type { SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { CashierCharge, SimulatorContext } from "./types";

// Small pieces every simulator needs when it keeps charges.

/** The notification URL a merchant would have entered in the provider's dashboard. */
export function notificationUrl(context: SimulatorContext, provider: ProviderId): string {
  return `${context.webhookBaseUrl}/api/webhooks/${provider}`;
}

/** Draws payment codes until one is free at this provider. */
export async function uniquePaymentCode(db: Db, provider: ProviderId, draw: () => string): Promise<string> {
  for (let tries = 0; tries < 10; tries++) {
    const code = draw();
    const taken = await db.sandboxCharge.findUnique({ where: { provider_paymentCode: { provider, paymentCode: code } } });
    if (!taken) return code;
  }
  throw new Error(`could not draw a free ${provider} payment code`);
}

/** Reads a request body as JSON; undefined when it is empty or malformed. */
export async function readJsonBody(request: Request): Promise<{ text: string; json: unknown }> {
  const text = await request.text();
  try {
    return { text, json: text.trim() ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return { text, json: undefined };
  }
}

/** A simulator's provider-specific fields, kept in SandboxCharge.data. */
export function chargeData<T>(charge: SandboxCharge): T {
  return charge.data as T;
}

export async function findCharge(db: Db, provider: ProviderId, idOrReference: string): Promise<SandboxCharge | null> {
  return (
    (await db.sandboxCharge.findFirst({ where: { provider, id: idOrReference } })) ??
    (await db.sandboxCharge.findFirst({ where: { provider, merchantReference: idOrReference }, orderBy: { createdAt: "desc" } }))
  );
}

/**
 * Expires a provider's codes whose deadline has passed while they are still open, the way that
 * provider does it (`expire` writes its own status word and queues its notification).
 */
export async function expireOpenChargesPastDeadline(
  context: SimulatorContext,
  provider: ProviderId,
  openStatuses: string[],
  now: Date,
  expire: (charge: SandboxCharge) => Promise<unknown>,
): Promise<number> {
  const db = await context.db();
  const due = await db.sandboxCharge.findMany({
    where: { provider, status: { in: openStatuses }, expiresAt: { lte: now } },
    take: 100,
  });
  for (const charge of due) await expire(charge);
  return due.length;
}

/** How a cashier sees a stored charge, once its simulator has read the provider's status word. */
export function cashierView(
  provider: ProviderId,
  charge: SandboxCharge,
  reading: Pick<CashierCharge, "status" | "state" | "actions">,
): CashierCharge {
  return {
    provider,
    id: charge.id,
    reference: charge.merchantReference,
    store: charge.store,
    amount: charge.amount,
    paymentCode: charge.paymentCode,
    merchantName: charge.merchantName,
    expiresAt: charge.expiresAt,
    paidAt: charge.paidAt,
    ...reading,
  };
}
