import type { Db, Tx } from "@/lib/db/client";
import { isLocale, type Locale } from "@/lib/i18n/catalog";
import { newId } from "@/lib/ids";
import { Prisma } from "@/lib/db/generated/prisma/client";
import type { JobRequest } from "@/lib/jobs/queue";
import { log } from "@/lib/log.mjs";
import { paymentUrl } from "@/lib/payment-page/payment-url";
import type { OrderEventInput } from "@/lib/orders/timeline";
import { composeShopperEmail, type ComposedEmail } from "./compose-email";

// Emails to the shopper, caused by the order's timeline like the merchant's notifications: an
// issued code (the first, or a new one after expiry) sends the code, a paid order the receipt.
// The email row and its job are written in the transaction of the change, so a rolled-back
// change sends nothing and a committed one is never forgotten; the job composes and sends it.

export type ShopperEmailKind = "code" | "receipt";

/** The emails one timeline entry causes. */
export function shopperEmailsFor(event: Pick<OrderEventInput, "type" | "toStatus">): ShopperEmailKind[] {
  if (event.type === "charge_issued") return ["code"];
  if (event.toStatus === "paid") return ["receipt"];
  return [];
}

/**
 * Writes the emails timeline entries cause, in their transaction, and answers their jobs: the
 * caller queues them in the same transaction (recordOrderEvents).
 */
export async function writeShopperEmails(tx: Tx, events: readonly OrderEventInput[]): Promise<JobRequest<"shopper-email">[]> {
  const rows = events.flatMap((event) =>
    shopperEmailsFor(event).map((kind) => ({ id: newId("eml"), kind, orderId: event.orderId, chargeId: event.chargeId ?? null, createdAt: event.at ?? new Date() })),
  );
  if (rows.length === 0) return [];
  // Raw: this runs on every payment's hot path, where a compiled model query costs more CPU.
  await tx.$executeRaw`INSERT INTO "ShopperEmail" (id, kind, "orderId", "chargeId", "createdAt") VALUES ${Prisma.join(
    rows.map((row) => Prisma.sql`(${row.id}, ${row.kind}, ${row.orderId}, ${row.chargeId}, ${row.createdAt})`),
  )}`;
  return rows.map((row) => ({ queue: "shopper-email", data: { emailId: row.id } }));
}

/** An email ready to go: what the mail transport (SMTP) and the sandbox mailbox are given. */
export interface OutgoingEmail extends ComposedEmail {
  from: string;
  to: string;
}

export interface ShopperEmailDeps {
  db: Db;
  appUrl: string;
  merchantName: string;
  /** Sends over SMTP and answers the server's message id; absent when SMTP_URL is not set. */
  send?: (email: OutgoingEmail) => Promise<{ messageId: string }>;
  /** The sandbox mailbox, when the sandbox is on: it keeps a copy of every email. */
  keepCopy?: (email: OutgoingEmail) => Promise<void>;
  from: string;
  now: () => Date;
}

export type ShopperEmailOutcome = "sent" | "kept" | "skipped" | "already_done";

/** The shopper-email job. A failure (the SMTP server down) throws, and the queue retries it. */
export async function sendShopperEmail(deps: ShopperEmailDeps, job: { emailId: string }): Promise<ShopperEmailOutcome> {
  const email = await deps.db.shopperEmail.findUnique({
    where: { id: job.emailId },
    include: { order: { include: { charges: { orderBy: { attempt: "asc" } } } } },
  });
  if (!email || email.status !== "queued") return "already_done";
  const { order } = email;
  const charge = order.charges.find((candidate) => candidate.id === email.chargeId);

  const skip = async (reason: string) => {
    await deps.db.shopperEmail.update({ where: { id: email.id }, data: { status: "skipped" } });
    log.info({ emailId: email.id, orderId: order.id, kind: email.kind, reason }, "shopper email skipped");
    return "skipped" as const;
  };
  if (!deps.send && !deps.keepCopy) return skip("no mail transport (SMTP_URL is not set)");

  let composed: ComposedEmail;
  const common = {
    locale: (isLocale(order.locale) ? order.locale : "id") as Locale,
    merchantName: deps.merchantName,
    order,
    pageUrl: paymentUrl(deps.appUrl, order.publicId),
    now: deps.now(),
  };
  if (email.kind === "code") {
    // A code paid, expired or replaced before its email went out is not worth sending.
    if (!charge?.paymentCode || !charge.expiresAt || charge.status !== "pending") return skip("the code was settled before its email went out");
    const renewed = order.charges.some((other) => other.attempt < charge.attempt && other.paymentCode !== null);
    composed = composeShopperEmail({ ...common, content: { kind: "code", code: charge.paymentCode, expiresAt: charge.expiresAt, renewed } });
  } else {
    composed = composeShopperEmail({ ...common, content: { kind: "receipt", code: charge?.paymentCode ?? null } });
  }

  const outgoing: OutgoingEmail = { ...composed, from: deps.from, to: order.customerEmail };
  const sent = deps.send ? await deps.send(outgoing) : undefined;
  await deps.keepCopy?.(outgoing);
  await deps.db.shopperEmail.update({
    where: { id: email.id },
    data: { status: "sent", messageId: sent?.messageId ?? null, sentAt: deps.now() },
  });
  log.info({ emailId: email.id, orderId: order.id, kind: email.kind, messageId: sent?.messageId }, "shopper email sent");
  return sent ? "sent" : "kept";
}
