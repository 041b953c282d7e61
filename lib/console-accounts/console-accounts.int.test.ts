import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { createRateLimits } from "@/lib/rate-limit/rate-limits";
import type { SignInThrottle } from "@/lib/rate-limit/sign-in-throttle";
import { openTestDatabase } from "@/test/database";
import { findActiveSession, listActiveSessions, revokeSession, revokeSessions, SESSION_HOURS, startSession } from "./console-sessions";
import { DEMO_OWNER, ensureDemoOwner } from "./demo-owner";
import { changeRole, createMember, resetToOwner, setMemberDisabled } from "./members";
import { signInMember } from "./sign-in";

// Console accounts on a real database: members and their roles, sessions that can be revoked and
// expire, the last owner kept, and signing in, throttled per account and per address.

let database: OpenedDatabase;
let throttle: SignInThrottle;
const PASSWORD = "Rendang-Padang-Pedas-88";
let counter = 0;
const email = (name: string) => `${name}.${++counter}.${Date.now()}@toko.example`;

beforeAll(async () => {
  database = await openTestDatabase();
  const limits = parseEnv({ RATE_LIMIT_SIGN_IN_ADDRESS: "3/15m", RATE_LIMIT_SIGN_IN_ACCOUNT: "4/1h" }).rateLimits;
  throttle = createRateLimits(database.db, limits).signIn;
});
afterAll(async () => database?.close());

async function member(role: "owner" | "staff" | "viewer", address = email(role)) {
  const created = await createMember(database.db, { email: address, name: `Anggota ${role}`, role, password: PASSWORD });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

describe("members", () => {
  it("keeps the email lower-cased and refuses it twice however it is typed", async () => {
    const address = email("Sari");
    const sari = await member("staff", `  ${address.toUpperCase()} `);
    expect(sari.email).toBe(address.toLowerCase());
    const again = await createMember(database.db, { email: address, name: "Sari lagi", role: "viewer", password: PASSWORD });
    expect(again).toEqual({ ok: false, error: { code: "email_taken" } });
  });

  it("refuses a weak password and bad fields, and makes nothing", async () => {
    const address = email("lemah");
    expect(await createMember(database.db, { email: address, name: "Lemah", role: "staff", password: "password1234" })).toEqual({
      ok: false,
      error: { code: "weak_password", problem: "too_weak" },
    });
    expect(await createMember(database.db, { email: "not-an-email", name: "", role: "admin", password: PASSWORD })).toEqual({
      ok: false,
      error: { code: "invalid", fields: ["email", "name", "role"] },
    });
    expect(await database.db.consoleMember.count({ where: { email: address } })).toBe(0);
  });

  it("never leaves the console without an enabled owner", async () => {
    await database.db.consoleMember.updateMany({ where: { role: "owner" }, data: { role: "viewer" } });
    const first = await member("owner");
    expect(await changeRole(database.db, first.id, "staff")).toEqual({ ok: false, error: { code: "last_owner" } });
    expect(await setMemberDisabled(database.db, first.id, true)).toEqual({ ok: false, error: { code: "last_owner" } });
    expect((await database.db.consoleMember.findUniqueOrThrow({ where: { id: first.id } })).role).toBe("owner");

    // Two owners demoting each other at the same moment: one of them stays owner.
    const second = await member("owner");
    const results = await Promise.all([changeRole(database.db, first.id, "staff"), changeRole(database.db, second.id, "staff")]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await database.db.consoleMember.count({ where: { role: "owner", disabledAt: null } })).toBe(1);
    expect(await changeRole(database.db, "mem_nobody", "owner")).toEqual({ ok: false, error: { code: "not_found" } });
  });

  it("disabling a member ends every session they have, and they cannot sign in", async () => {
    await member("owner");
    const staff = await member("staff");
    const tokens = [await startSession(database.db, staff.id, {}, new Date()), await startSession(database.db, staff.id, {}, new Date())];
    expect(await setMemberDisabled(database.db, staff.id, true)).toEqual({ ok: true, value: true });
    for (const token of tokens) expect(await findActiveSession(database.db, token, new Date())).toBeNull();
    expect(await signInMember(database.db, throttle, { email: staff.email, password: PASSWORD, addressKey: "203.0.113.10" })).toEqual({
      ok: false,
      reason: "wrong_credentials",
    });
    // Enabled again, the old sessions stay ended; a new sign-in works.
    await setMemberDisabled(database.db, staff.id, false);
    for (const token of tokens) expect(await findActiveSession(database.db, token, new Date())).toBeNull();
    expect((await signInMember(database.db, throttle, { email: staff.email, password: PASSWORD, addressKey: "203.0.113.10" })).ok).toBe(true);
  });

  it("the owner command's reset makes the account an enabled owner with the new password, signed out everywhere", async () => {
    const viewer = await member("viewer");
    const token = await startSession(database.db, viewer.id, {}, new Date());
    await database.db.consoleMember.update({ where: { id: viewer.id }, data: { disabledAt: new Date() } });
    expect(await resetToOwner(database.db, viewer.email.toUpperCase(), "short")).toEqual({ ok: false, error: { code: "weak_password", problem: "too_short" } });
    expect((await resetToOwner(database.db, viewer.email.toUpperCase(), "Gudeg-Jogja-Manis-Sekali-7")).ok).toBe(true);
    expect(await database.db.consoleMember.findUniqueOrThrow({ where: { id: viewer.id } })).toMatchObject({ role: "owner", disabledAt: null });
    expect(await database.db.consoleSession.findFirstOrThrow({ where: { memberId: viewer.id } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await findActiveSession(database.db, token, new Date())).toBeNull();
    expect((await signInMember(database.db, throttle, { email: viewer.email, password: "Gudeg-Jogja-Manis-Sekali-7", addressKey: "203.0.113.11" })).ok).toBe(true);
    expect(await resetToOwner(database.db, email("nobody"), "Gudeg-Jogja-Manis-Sekali-7")).toEqual({ ok: false, error: { code: "not_found" } });
  });
});

describe("sessions", () => {
  it("sign a browser in until they expire", async () => {
    const staff = await member("staff");
    const start = new Date();
    const token = await startSession(database.db, staff.id, { userAgent: "Chrome", address: "203.0.113.7" }, start);
    expect(await findActiveSession(database.db, token, start)).toEqual({
      sessionId: expect.stringMatching(/^ses_/),
      member: { id: staff.id, email: staff.email, name: staff.name, role: "staff" },
    });
    const justBefore = new Date(start.getTime() + SESSION_HOURS * 3600_000 - 1);
    expect(await findActiveSession(database.db, token, justBefore)).not.toBeNull();
    expect(await findActiveSession(database.db, token, new Date(start.getTime() + SESSION_HOURS * 3600_000))).toBeNull();
    // Only a hash of the token is stored.
    const stored = await database.db.consoleSession.findFirstOrThrow({ where: { memberId: staff.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("a member revokes their own sessions, never another member's", async () => {
    const [sari, budi] = [await member("staff"), await member("viewer")];
    const here = await startSession(database.db, sari.id, {}, new Date());
    const there = await startSession(database.db, sari.id, {}, new Date());
    const budis = await startSession(database.db, budi.id, {}, new Date());
    const budiSession = (await findActiveSession(database.db, budis, new Date()))!.sessionId;
    expect(await revokeSession(database.db, sari.id, budiSession, new Date())).toBe(0);
    expect(await findActiveSession(database.db, budis, new Date())).not.toBeNull();

    const hereId = (await findActiveSession(database.db, here, new Date()))!.sessionId;
    expect(await revokeSessions(database.db, sari.id, new Date(), hereId)).toBe(1);
    expect(await findActiveSession(database.db, here, new Date())).not.toBeNull();
    expect(await findActiveSession(database.db, there, new Date())).toBeNull();
    expect((await listActiveSessions(database.db, sari.id, new Date())).map((session) => session.id)).toEqual([hereId]);
    expect(await revokeSession(database.db, sari.id, hereId, new Date())).toBe(1);
    expect(await findActiveSession(database.db, here, new Date())).toBeNull();
  });
});

describe("signing in", () => {
  it("gives a wrong password and an unknown email the same answer", async () => {
    const staff = await member("staff");
    const attempt = (address: string, password: string) => signInMember(database.db, throttle, { email: address, password, addressKey: `198.51.100.${counter}` });
    const ok = await attempt(` ${staff.email.toUpperCase()} `, PASSWORD);
    expect(ok).toEqual({ ok: true, token: expect.any(String) });
    expect(await findActiveSession(database.db, ok.ok ? ok.token : "", new Date())).toMatchObject({ member: { id: staff.id } });
    expect(await attempt(staff.email, "Rendang-Padang-Pedas-89")).toEqual({ ok: false, reason: "wrong_credentials" });
    expect(await attempt(email("unknown"), PASSWORD)).toEqual({ ok: false, reason: "wrong_credentials" });
  });

  it("is throttled per address: past the limit even the right password waits", async () => {
    const staff = await member("staff");
    const addressKey = "198.51.100.200";
    for (let i = 0; i < 3; i++) {
      expect(await signInMember(database.db, throttle, { email: staff.email, password: `salah-${i}`, addressKey })).toMatchObject({ reason: "wrong_credentials" });
    }
    expect(await signInMember(database.db, throttle, { email: staff.email, password: PASSWORD, addressKey })).toEqual({ ok: false, reason: "too_many", retryInMinutes: 15 });
    // Another address is not held up by this one.
    expect((await signInMember(database.db, throttle, { email: staff.email, password: PASSWORD, addressKey: "198.51.100.201" })).ok).toBe(true);
  });

  it("is throttled per account: once it is under attack, addresses that failed wait, a clean one still signs in", async () => {
    const owner = await member("owner");
    const other = await member("staff");
    // Four failures from four addresses reach the account's limit (4 an hour here).
    for (let i = 0; i < 4; i++) {
      await signInMember(database.db, throttle, { email: owner.email, password: `tebakan-${i}`, addressKey: `192.0.2.${i}` });
    }
    // An address that failed once may not try this account again, even with the right password…
    expect(await signInMember(database.db, throttle, { email: owner.email, password: PASSWORD, addressKey: "192.0.2.0" })).toMatchObject({ ok: false, reason: "too_many" });
    // …while it may still sign in to another account, and the owner's own address signs in.
    expect((await signInMember(database.db, throttle, { email: other.email, password: PASSWORD, addressKey: "192.0.2.1" })).ok).toBe(true);
    expect((await signInMember(database.db, throttle, { email: owner.email, password: PASSWORD, addressKey: "192.0.2.99" })).ok).toBe(true);
  });
});

describe("the sandbox's demo owner", () => {
  it("is made once, and takes the configured password when it changes", async () => {
    await ensureDemoOwner(database.db, "gerai-sandbox");
    await ensureDemoOwner(database.db, "gerai-sandbox");
    expect(await database.db.consoleMember.findMany({ where: { email: DEMO_OWNER.email } })).toEqual([expect.objectContaining({ role: "owner", name: DEMO_OWNER.name })]);
    const signIn = (password: string) => signInMember(database.db, throttle, { email: DEMO_OWNER.email, password, addressKey: `203.0.113.${++counter}` });
    expect((await signIn("gerai-sandbox")).ok).toBe(true);
    await ensureDemoOwner(database.db, "another-demo-password");
    expect((await signIn("gerai-sandbox")).ok).toBe(false);
    expect((await signIn("another-demo-password")).ok).toBe(true);
  });
});
