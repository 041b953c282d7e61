import type { Db } from "@/lib/db/client";
import type { OrderStatus, ProviderId, Store } from "@/lib/domain";
import { currentChargeOf, paymentTotals } from "./charges";


// What the shopper's payment page shows, read by the order's public id. The code shown is the
// newest one actually issued; older codes stay in the merchant's timeline.

export interface PaymentView {
  /** Internal: never sent to the browser. */
  orderId: string;
  publicId: string;
  reference: string;
  status: OrderStatus;
  amount: number;
  store: Store;
  customerName: string;
  createdAt: Date;
  paidAt: Date | null;
  needsAttention: boolean;
  /** The merchant's page to go back to, when the order came with one. */
  returnUrl: string | null;
  /** What the provider confirmed over all of the order's codes (e.g. less, when underpaid). */
  amountReceived: number;
  items: { name: string; quantity: number; unitPrice: number }[];
  code: {
    chargeId: string;
    provider: ProviderId;
    paymentCode: string;
    expiresAt: Date;
    status: string;
    paidAt: Date | null;
  } | null;
  /** Changes whenever anything the page shows changes; the poller compares it. */
  version: string;
}

export async function getPaymentView(db: Db, publicId: string): Promise<PaymentView | null> {
  const order = await db.order.findUnique({
    where: { publicId },
    include: {
      items: { orderBy: { position: "asc" } },
      charges: { select: { id: true, attempt: true, status: true, provider: true, paymentCode: true, expiresAt: true, paidAt: true, amount: true, paidAmount: true } },
    },
  });
  if (!order) return null;
  const charge = currentChargeOf(order.charges);
  return {
    orderId: order.id,
    publicId: order.publicId,
    reference: order.reference,
    status: order.status,
    amount: order.amount,
    store: order.store,
    customerName: order.customerName,
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    needsAttention: order.needsAttention,
    returnUrl: order.returnUrl,
    amountReceived: paymentTotals(order, order.charges).received,
    items: order.items.map(({ name, quantity, unitPrice }) => ({ name, quantity, unitPrice })),
    code:
      charge?.paymentCode && charge.expiresAt
        ? {
            chargeId: charge.id,
            provider: charge.provider as ProviderId,
            paymentCode: charge.paymentCode,
            expiresAt: charge.expiresAt,
            status: charge.status,
            paidAt: charge.paidAt,
          }
        : null,
    version: versionOf(order, charge),
  };
}

/** The page's version alone (what its event stream compares after each change), in one small read. */
export async function getPaymentVersion(db: Db, orderId: string): Promise<Pick<PaymentView, "status" | "version"> | null> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { status: true, updatedAt: true, charges: { select: { id: true, attempt: true, status: true } } },
  });
  return order && { status: order.status, version: versionOf(order, currentChargeOf(order.charges)) };
}

function versionOf(order: { status: OrderStatus; updatedAt: Date }, charge: { id: string; status: string } | undefined): string {
  return `${order.status}:${charge?.id ?? "-"}:${charge?.status ?? "-"}:${order.updatedAt.getTime()}`;
}
