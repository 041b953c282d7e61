import type { Db } from "@/lib/db/client";
import type { SignInThrottle } from "@/lib/rate-limit/sign-in-throttle";
import { startSession } from "./console-sessions";
import { normaliseEmail } from "./members";
import { hashForUnknownAccounts, verifyPassword } from "./passwords";

// Signing in to the console with an email and a password. Attempts are throttled per client
// address and per account (lib/rate-limit/sign-in-throttle.ts); an unknown email, a disabled
// account and a wrong password get the same answer after the same work.

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's rate limit key (its address, or its IPv6 /64). */
  addressKey: string;
  address?: string;
  userAgent?: string;
}

export type SignInResult = { ok: true; token: string } | { ok: false; reason: "wrong_credentials" } | { ok: false; reason: "too_many"; retryInMinutes: number };

export async function signInMember(db: Db, throttle: SignInThrottle, attempt: SignInAttempt, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(attempt.email);
  const gate = await throttle.begin(email, attempt.addressKey);
  if (!gate.allowed) return { ok: false, reason: "too_many", retryInMinutes: Math.ceil(gate.retryAfterSeconds / 60) };
  const member = await db.consoleMember.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
  const matches = await verifyPassword(member?.passwordHash ?? (await hashForUnknownAccounts()), attempt.password);
  if (!member || !matches || member.disabledAt) {
    await gate.failed();
    return { ok: false, reason: "wrong_credentials" };
  }
  await gate.succeeded();
  return { ok: true, token: await startSession(db, member.id, { userAgent: attempt.userAgent, address: attempt.address }, now) };
}
