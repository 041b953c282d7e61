import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleRole } from "@/lib/console-accounts/permissions";
import type { OpenedDatabase } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { OrderDeps } from "@/lib/orders/deps";
import { openTestDatabase } from "@/test/database";
import { merchantCookie, signInAs } from "@/test/merchant-session";
import { createMerchantApiKey, listMerchantApiKeys, revokeMerchantApiKey } from "./api-keys";
import { listBackgroundJobs } from "./background-jobs";
import { cancelOrderCode, issueNewCode, markOrderHandled, recheckOrder } from "./order-actions";
import { getOrderDetail, listOrders } from "./orders";
import { addTeamMember, changeTeamMemberRole, getOwnAccount, listTeam, signOutOwnOtherSessions, signOutOwnSession, signOutTeamMember, switchTeamMember } from "./team";
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  removeWebhookEndpoint,
  resendFailedWebhookDeliveries,
  resendWebhookDelivery,
  switchWebhookEndpoint,
} from "./webhook-endpoints";

// Every data-access function of the console checks the session and the role itself: signed out
// it sends to sign in, under-privileged it answers 403 (forbidden()), and in both cases it has
// not touched the database. The role each needs is lib/console-accounts/permissions.ts.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

let database: OpenedDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(() => {
  merchantCookie.value = undefined;
});

// Each function, with the least role that may call it. None of the calls would succeed in
// changing anything here (ids that name nothing), so only the gate is under test.
const calls: Record<string, { least: ConsoleRole; call: () => Promise<unknown> }> = {
  listOrders: { least: "viewer", call: () => listOrders(database.db, {}) },
  getOrderDetail: { least: "viewer", call: () => getOrderDetail(database.db, newId("ord")) },
  listBackgroundJobs: { least: "viewer", call: () => listBackgroundJobs(database.db) },
  listWebhookEndpoints: { least: "viewer", call: () => listWebhookEndpoints(database.db) },
  getWebhookEndpoint: { least: "viewer", call: () => getWebhookEndpoint(database.db, "we_nothing") },
  getOwnAccount: { least: "viewer", call: () => getOwnAccount(database.db) },
  signOutOwnSession: { least: "viewer", call: () => signOutOwnSession(database.db, "ses_nothing") },
  signOutOwnOtherSessions: { least: "viewer", call: () => signOutOwnOtherSessions(database.db) },
  recheckOrder: { least: "staff", call: () => recheckOrder({ db: database.db, providers: new Map() } as unknown as OrderDeps, "ord_nothing") },
  cancelOrderCode: { least: "staff", call: () => cancelOrderCode({ db: database.db, providers: new Map() } as unknown as OrderDeps, "ord_nothing") },
  issueNewCode: { least: "staff", call: () => issueNewCode({ db: database.db, providers: new Map() } as unknown as OrderDeps, "ord_nothing") },
  markOrderHandled: {
    least: "staff",
    call: () => markOrderHandled({ db: database.db, providers: new Map(), now: () => new Date() } as unknown as OrderDeps, "ord_nothing", "note"),
  },
  resendWebhookDelivery: { least: "staff", call: () => resendWebhookDelivery(database.db, "we_nothing", "wd_nothing") },
  resendFailedWebhookDeliveries: { least: "staff", call: () => resendFailedWebhookDeliveries(database.db, "we_nothing") },
  listMerchantApiKeys: { least: "owner", call: () => listMerchantApiKeys(database.db) },
  createMerchantApiKey: { least: "owner", call: () => createMerchantApiKey(database.db, { name: "" }) },
  revokeMerchantApiKey: { least: "owner", call: () => revokeMerchantApiKey(database.db, "key_nothing") },
  createWebhookEndpoint: { least: "owner", call: () => createWebhookEndpoint(database.db, { url: "" }) },
  switchWebhookEndpoint: { least: "owner", call: () => switchWebhookEndpoint(database.db, "we_nothing", false) },
  removeWebhookEndpoint: { least: "owner", call: () => removeWebhookEndpoint(database.db, "we_nothing") },
  listTeam: { least: "owner", call: () => listTeam(database.db) },
  addTeamMember: { least: "owner", call: () => addTeamMember(database.db, { email: "x" }) },
  changeTeamMemberRole: { least: "owner", call: () => changeTeamMemberRole(database.db, "mem_nothing", "owner") },
  switchTeamMember: { least: "owner", call: () => switchTeamMember(database.db, "mem_nothing", true) },
  signOutTeamMember: { least: "owner", call: () => signOutTeamMember(database.db, "mem_nothing") },
};

const RANK: Record<ConsoleRole, number> = { viewer: 0, staff: 1, owner: 2 };
const SENT_TO_SIGN_IN = { digest: expect.stringContaining("NEXT_REDIRECT;replace;/merchant/login;") };
const FORBIDDEN = { digest: "NEXT_HTTP_ERROR_FALLBACK;403" };

/** What the database holds that any of these calls could change. */
const snapshot = async () =>
  JSON.stringify(
    await Promise.all([
      database.db.consoleMember.findMany({ orderBy: { id: "asc" } }),
      database.db.consoleSession.findMany({ orderBy: { id: "asc" } }),
      database.db.apiKey.findMany(),
      database.db.merchantWebhookEndpoint.findMany(),
      database.db.charge.findMany(),
    ]),
  );

describe("the console's data-access functions", () => {
  for (const [name, { least, call }] of Object.entries(calls)) {
    it(`${name}: signed out, sent to sign in`, async () => {
      await expect(call()).rejects.toMatchObject(SENT_TO_SIGN_IN);
    });

    for (const role of ["viewer", "staff", "owner"] as const) {
      const allowed = RANK[role] >= RANK[least];
      it(`${name}: a ${role} is ${allowed ? "let through" : "refused with 403, nothing changed"}`, async () => {
        await signInAs(database.db, role);
        if (allowed) {
          // Past the gate a call may still fail on what it was given; only Next's interrupts are the gate's.
          const outcome = await call().then(
            () => "done",
            (error: { digest?: string }) => error.digest ?? "failed past the gate",
          );
          expect(outcome).not.toMatch(/^NEXT_/);
          return;
        }
        const before = await snapshot();
        await expect(call()).rejects.toMatchObject(FORBIDDEN);
        expect(await snapshot()).toBe(before);
      });
    }
  }
});
