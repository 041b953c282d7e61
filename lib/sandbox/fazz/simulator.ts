import { createHash } from "node:crypto";
import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import { newReadableCode } from "@/lib/ids";
import { formatRupiah } from "@/lib/money";
import { cashierView, chargeData, expireOpenChargesPastDeadline, notificationUrl, readJsonBody, uniquePaymentCode } from "../charges";
import { readForms } from "../forms";
import { basicCredentials, sameSecret } from "../http-auth";
import { enqueueWebhook, scheduledDelay } from "../outbox";
import { withOutage } from "../outage";
import type { CashierAction, ProviderSimulator, SimulatorContext } from "../types";
import {
  amountText,
  callbackSignature,
  CONTENT_TYPE,
  FAZZ_PROVIDER,
  FORMS,
  jakartaIso,
  LIMITS,
  parseIsoWithOffset,
  RETAIL_OUTLETS,
  RETRY_MINUTES,
  SIGNATURE_HEADER,
  STORE_OF_OUTLET,
  TASK_ACTIONS,
  type CreatePaymentAttributes,
  type JsonApiError,
  type RetailOutlet,
  type TaskAction,
} from "./wire";

// A local Fazz API v4-ID: /api/v4/payments for retail outlets, HTTP Basic with the API key and
// secret key, JSON:API bodies and error documents, referenceId as the idempotency key, expiry,
// the sandbox's /payments/{id}/tasks, and callbacks signed with Xfers-Signature at paid, completed,
// expired and cancelled, retried at 5, 10, 15 … minutes. Whether a payment is called back as paid
// and then completed, or as completed only, is the form chosen on /sandbox (wire.ts, FORMS).

const PROVIDER = FAZZ_PROVIDER;
const DEFAULT_LIFETIME_MS = 24 * 3_600_000;
const MAX_LIFETIME_MS = 30 * 24 * 3_600_000;
const LIST_PAGE_SIZE = { default: 10, max: 1_000 } as const;
/** Statuses Fazz calls back about; a new code ("pending") is not announced. */
const CALLBACK_STATUSES = new Set(["paid", "completed", "expired", "cancelled"]);

interface FazzData {
  retailOutletName: RetailOutlet;
  displayName: string;
  description: string | null;
  createdAt: string;
}

/** One step of a payment's life; the sandbox tasks and the cashier buttons share them. */
type Step = TaskAction | "expire";
const STEPS: Record<Step, { from: string; to: string }> = {
  receive_payment: { from: "pending", to: "paid" },
  settle: { from: "paid", to: "completed" },
  cancel: { from: "pending", to: "cancelled" },
  expire: { from: "pending", to: "expired" },
};
const CASHIER_STEPS: Partial<Record<CashierAction, Step>> = {
  pay: "receive_payment",
  settle: "settle",
  cancel: "cancel",
  expire: "expire",
};

/** The merchant's Fazz account: API key and secret key for calls, the signing secret for callbacks. */
export interface FazzAccount {
  apiKey: string;
  secretKey: string;
  signingSecret: string;
}

function jsonApi(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": CONTENT_TYPE } });
}

function errors(status: number, list: JsonApiError[]): Response {
  return jsonApi(status, { errors: list });
}

const invalid = (detail: string, pointer?: string): JsonApiError => ({
  code: "005",
  title: "Invalid parameters",
  detail,
  ...(pointer ? { source: { pointer } } : {}),
});
const notFound = (detail: string) => errors(404, [{ code: "004", title: "Record not found", detail }]);

function paymentResource(charge: SandboxCharge) {
  const data = chargeData<FazzData>(charge);
  return {
    id: charge.id,
    type: "payment",
    attributes: {
      status: charge.status,
      amount: amountText(charge.amount),
      currency: "IDR",
      referenceId: charge.merchantReference,
      description: data.description,
      fees: amountText(0),
      createdAt: data.createdAt,
      expiredAt: jakartaIso(charge.expiresAt),
      paymentMethod: {
        type: "retail_outlet",
        instructions: { retailOutletName: data.retailOutletName, paymentCode: charge.paymentCode, displayName: data.displayName },
      },
    },
  };
}

type ValidPayment = CreatePaymentAttributes;

/** Checks a create request the way Fazz does; every problem becomes one JSON:API error. */
function validatePaymentRequest(body: unknown, now: Date): { payment?: ValidPayment; problems: JsonApiError[] } {
  const attributes = (body as { data?: { attributes?: unknown } } | undefined)?.data?.attributes;
  if (typeof attributes !== "object" || attributes === null) {
    return { problems: [invalid("data.attributes is required", "/data/attributes")] };
  }
  const payment = attributes as Partial<ValidPayment> & Record<string, unknown>;
  const problems: JsonApiError[] = [];
  const at = (field: string) => `/data/attributes/${field}`;
  if (payment.paymentMethodType !== "retail_outlet") {
    problems.push(invalid("paymentMethodType must be retail_outlet", at("paymentMethodType")));
  }
  if (typeof payment.amount !== "number" || !Number.isFinite(payment.amount)) {
    problems.push(invalid("amount is required and must be a number", at("amount")));
  } else if (!Number.isInteger(payment.amount) || payment.amount <= 0) {
    problems.push(invalid("amount must be a whole number of rupiah greater than 0", at("amount")));
  }
  if (payment.currency !== undefined && payment.currency !== "IDR") {
    problems.push(invalid("currency must be IDR", at("currency")));
  }
  if (typeof payment.referenceId !== "string" || !payment.referenceId.trim()) {
    problems.push(invalid("referenceId is required", at("referenceId")));
  }
  if (payment.expiredAt !== undefined) {
    const expiredAt = typeof payment.expiredAt === "string" ? parseIsoWithOffset(payment.expiredAt) : undefined;
    if (!expiredAt) problems.push(invalid("expiredAt must be an ISO-8601 time with an offset", at("expiredAt")));
    else if (expiredAt <= now) problems.push(invalid("expiredAt must be in the future", at("expiredAt")));
    else if (expiredAt.getTime() - now.getTime() > MAX_LIFETIME_MS) {
      problems.push(invalid("expiredAt must be at most 30 days ahead", at("expiredAt")));
    }
  }
  if (payment.description !== undefined && typeof payment.description !== "string") {
    problems.push(invalid("description must be a string", at("description")));
  }
  const options = payment.paymentMethodOptions;
  if (typeof options !== "object" || options === null) {
    problems.push(invalid("paymentMethodOptions is required", at("paymentMethodOptions")));
  } else {
    if (!(RETAIL_OUTLETS as readonly string[]).includes(options.retailOutletName)) {
      problems.push(invalid("retailOutletName must be ALFAMART or INDOMARET", at("paymentMethodOptions/retailOutletName")));
    }
    if (options.displayName !== undefined && (typeof options.displayName !== "string" || !options.displayName.trim())) {
      problems.push(invalid("displayName must be a non-empty string", at("paymentMethodOptions/displayName")));
    }
  }
  return { payment: problems.length ? undefined : (payment as ValidPayment), problems };
}

/** A referenceId names one payment per account: the id follows from it, so a race cannot make two. */
function contractId(apiKey: string, referenceId: string): string {
  return `contract_${createHash("sha256").update(`${apiKey}\n${referenceId}`).digest("hex").slice(0, 32)}`;
}

export function createFazzSimulator(context: SimulatorContext, account: FazzAccount): ProviderSimulator {
  async function callback(charge: SandboxCharge, now: Date) {
    if (!CALLBACK_STATUSES.has(charge.status)) return;
    const db = await context.db();
    await enqueueWebhook(
      db,
      {
        provider: PROVIDER,
        chargeId: charge.id,
        event: charge.status,
        url: charge.notificationUrl ?? notificationUrl(context, PROVIDER),
        body: JSON.stringify({ data: paymentResource(charge) }),
      },
      now,
    );
  }

  async function move(charge: SandboxCharge, status: string, now: Date) {
    const db = await context.db();
    const updated = await db.sandboxCharge.update({
      where: { id: charge.id },
      data: { status, ...(status === "paid" || (status === "completed" && !charge.paidAt) ? { paidAt: now } : {}) },
    });
    await callback(updated, now);
    return updated;
  }

  /** Codes past their deadline turn "expired" whenever they are looked at. */
  async function expireIfDue(charge: SandboxCharge, now: Date) {
    return charge.status === "pending" && charge.expiresAt <= now ? move(charge, "expired", now) : charge;
  }

  async function take(step: Step, found: SandboxCharge): Promise<{ ok: true; charge: SandboxCharge } | { ok: false; error: string }> {
    const now = context.now();
    const charge = await expireIfDue(found, now);
    const { from } = STEPS[step];
    // With the completed-only form a received payment goes straight to completed, in one callback.
    const to =
      step === "receive_payment" && (await readForms(await context.db(), PROVIDER, FORMS)).paymentCallbacks === "completed-only"
        ? "completed"
        : STEPS[step].to;
    if (charge.status !== from) return { ok: false, error: `${step} needs a ${from} payment; ${charge.id} is ${charge.status}` };
    return { ok: true, charge: await move(charge, to, now) };
  }

  async function findPayment(id: string) {
    const db = await context.db();
    return db.sandboxCharge.findFirst({ where: { provider: PROVIDER, id } });
  }

  async function createPayment(request: Request): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    const { json } = await readJsonBody(request);
    if (json === undefined) return errors(400, [invalid("The request body is not a JSON document")]);
    const { payment, problems } = validatePaymentRequest(json, now);
    if (!payment) return errors(400, problems);

    const outlet = payment.paymentMethodOptions.retailOutletName;
    const store = STORE_OF_OUTLET[outlet];
    const limits = LIMITS[store];
    if (payment.amount < limits.min || payment.amount > limits.max) {
      return errors(422, [
        {
          code: "TXN0002",
          title: "Invalid transaction amount",
          detail: `${outlet} accepts ${formatRupiah(limits.min)} to ${formatRupiah(limits.max)}`,
          source: { pointer: "/data/attributes/amount" },
        },
      ]);
    }

    const id = contractId(account.apiKey, payment.referenceId);
    const paymentCode = await uniquePaymentCode(db, PROVIDER, () => newReadableCode(store === "indomaret" ? 16 : 14));
    const data: FazzData = {
      retailOutletName: outlet,
      displayName: payment.paymentMethodOptions.displayName?.trim() || context.merchantName,
      description: payment.description ?? null,
      createdAt: jakartaIso(now),
    };
    const expiresAt = payment.expiredAt ? parseIsoWithOffset(payment.expiredAt)! : new Date(now.getTime() + DEFAULT_LIFETIME_MS);
    const { count } = await db.sandboxCharge.createMany({
      data: [
        {
          id,
          provider: PROVIDER,
          merchantReference: payment.referenceId,
          store,
          amount: payment.amount,
          paymentCode,
          status: "pending",
          expiresAt,
          merchantName: data.displayName,
          notificationUrl: notificationUrl(context, PROVIDER),
          request: json as Prisma.InputJsonValue,
          data: data as unknown as Prisma.InputJsonValue,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 1) return jsonApi(201, { data: paymentResource(await db.sandboxCharge.findUniqueOrThrow({ where: { id } })) });

    // The referenceId is taken: the same payment asked for again is answered with what exists.
    const existing = await db.sandboxCharge.findUniqueOrThrow({ where: { id } });
    if (existing.amount !== payment.amount || existing.store !== store) {
      return errors(409, [
        invalid(`referenceId ${payment.referenceId} is already used by ${existing.id} for a different payment`, "/data/attributes/referenceId"),
      ]);
    }
    return jsonApi(200, { data: paymentResource(await expireIfDue(existing, now)) });
  }

  async function showPayment(id: string): Promise<Response> {
    const found = await findPayment(id);
    if (!found) return notFound(`Payment ${id} was not found`);
    return jsonApi(200, { data: paymentResource(await expireIfDue(found, context.now())) });
  }

  async function listPayments(url: URL): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    const size = Number(url.searchParams.get("page[size]") ?? LIST_PAGE_SIZE.default);
    if (!Number.isInteger(size) || size < 1 || size > LIST_PAGE_SIZE.max) {
      return errors(400, [invalid(`page[size] must be between 1 and ${LIST_PAGE_SIZE.max}`)]);
    }
    const referenceId = url.searchParams.get("filter[referenceId]");
    const found = await db.sandboxCharge.findMany({
      where: { provider: PROVIDER, ...(referenceId ? { merchantReference: referenceId } : {}) },
      orderBy: { createdAt: "desc" },
      take: size,
    });
    const current = await Promise.all(found.map((charge) => expireIfDue(charge, now)));
    return jsonApi(200, { data: current.map(paymentResource) });
  }

  async function runTask(request: Request, id: string): Promise<Response> {
    const { json } = await readJsonBody(request);
    const action = (json as { data?: { attributes?: { action?: unknown } } } | undefined)?.data?.attributes?.action;
    if (!(TASK_ACTIONS as readonly unknown[]).includes(action)) {
      return errors(400, [invalid(`action must be one of ${TASK_ACTIONS.join(", ")}`, "/data/attributes/action")]);
    }
    const found = await findPayment(id);
    if (!found) return notFound(`Payment ${id} was not found`);
    const result = await take(action as TaskAction, found);
    if (!result.ok) return errors(400, [invalid(result.error, "/data/attributes/action")]);
    return jsonApi(200, { data: paymentResource(result.charge) });
  }

  return {
    id: PROVIDER,
    forms: FORMS,

    async handle(request, path) {
      const db = await context.db();
      const credentials = basicCredentials(request.headers.get("authorization"));
      if (!credentials || !sameSecret(credentials.user, account.apiKey) || !sameSecret(credentials.password, account.secretKey)) {
        return errors(401, [{ code: "002", title: "Access denied", detail: "The API key and secret key are not valid" }]);
      }
      return withOutage(
        db,
        PROVIDER,
        context.clientTimeoutMs,
        () => errors(500, [{ code: "001", title: "Internal server error", detail: "Something went wrong on our side" }]),
        async () => {
          const [api, version, resource, id, sub, ...rest] = path;
          const unknown = () => notFound(`No route for ${request.method} /${path.join("/")}`);
          if (api !== "api" || version !== "v4" || resource !== "payments" || rest.length) return unknown();
          if (!id) {
            if (request.method === "POST") return createPayment(request);
            if (request.method === "GET") return listPayments(new URL(request.url));
            return unknown();
          }
          const paymentId = decodeURIComponent(id);
          if (!sub && request.method === "GET") return showPayment(paymentId);
          if (sub === "tasks" && request.method === "POST") return runTask(request, paymentId);
          return unknown();
        },
      );
    },

    signWebhook(body) {
      return { "Content-Type": "application/json", [SIGNATURE_HEADER]: callbackSignature(body, account.signingSecret) };
    },

    nextRetryDelayMs(attemptsMade) {
      // The first delivery is not a retry: after n failed attempts, n - 1 retries are spent.
      return scheduledDelay(RETRY_MINUTES, attemptsMade - 1, context.timeScale);
    },

    describe(charge, now) {
      const expired = charge.status === "expired" || (charge.status === "pending" && charge.expiresAt <= now);
      const actions: CashierAction[] = [];
      if (charge.status === "pending" && !expired) actions.push("pay", "cancel", "expire");
      if (charge.status === "paid") actions.push("settle");
      const paid = charge.status === "paid" || charge.status === "completed";
      return cashierView(PROVIDER, charge, {
        status: expired ? "expired" : charge.status,
        state: paid ? "paid" : expired ? "expired" : charge.status === "pending" ? "open" : "closed",
        actions,
      });
    },

    async perform(action, charge) {
      const step = CASHIER_STEPS[action];
      if (!step) return { ok: false, error: `Fazz has no "${action}" action.` };
      const result = await take(step, charge);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },

    expireOverdue(now) {
      return expireOpenChargesPastDeadline(context, PROVIDER, ["pending"], now, (charge) => move(charge, "expired", now));
    },
  };
}
