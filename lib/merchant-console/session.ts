import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { constantTimeEqual } from "@/lib/providers/crypto";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

// The merchant's session: an encrypted, signed cookie (iron-session). One merchant account,
// its password from configuration; sign-in attempts are throttled per client address and per
// account (lib/rate-limit/sign-in-throttle.ts).

export interface MerchantSession {
  signedInAt?: number;
}

const SESSION_HOURS = 12;

export async function getSession() {
  const config = env();
  return getIronSession<MerchantSession>(await cookies(), {
    cookieName: "gerai-merchant",
    password: config.sessionSecret,
    ttl: SESSION_HOURS * 3600,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config.appUrl.startsWith("https://"), path: "/" },
  });
}

/** For pages and actions of the console: the session, or off to the sign-in page. */
export async function requireMerchant(): Promise<void> {
  const session = await getSession();
  if (!session.signedInAt) redirect("/merchant/login");
}

/** The one merchant account, as the sign-in throttle counts it. */
const ACCOUNT = "merchant";

export type SignInResult = { ok: true } | { ok: false; reason: "wrong_password" } | { ok: false; reason: "too_many"; retryInMinutes: number };

export async function signIn(password: string, clientKey: string): Promise<SignInResult> {
  const attempt = await (await getRateLimits()).signIn.begin(ACCOUNT, clientKey);
  if (!attempt.allowed) return { ok: false, reason: "too_many", retryInMinutes: Math.ceil(attempt.retryAfterSeconds / 60) };
  if (!constantTimeEqual(password, env().consolePassword)) {
    await attempt.failed();
    return { ok: false, reason: "wrong_password" };
  }
  await attempt.succeeded();
  const session = await getSession();
  session.signedInAt = Date.now();
  await session.save();
  return { ok: true };
}

export async function signOut(): Promise<void> {
  (await getSession()).destroy();
}
