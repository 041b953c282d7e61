import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { constantTimeEqual } from "@/lib/providers/crypto";

// The merchant's session: an encrypted, signed cookie (iron-session). One merchant account,
// its password from configuration; sign-in attempts are rate limited per client address.

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

const attempts = new RateLimiterMemory({ points: 5, duration: 15 * 60, keyPrefix: "merchant-login" });

export type SignInResult = { ok: true } | { ok: false; reason: "wrong_password" } | { ok: false; reason: "too_many"; retryInMinutes: number };

export async function signIn(password: string, clientKey: string): Promise<SignInResult> {
  try {
    await attempts.consume(clientKey);
  } catch (rejection) {
    const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
    return { ok: false, reason: "too_many", retryInMinutes: Math.ceil(ms / 60_000) };
  }
  if (!constantTimeEqual(password, env().consolePassword)) return { ok: false, reason: "wrong_password" };
  await attempts.delete(clientKey);
  const session = await getSession();
  session.signedInAt = Date.now();
  await session.save();
  return { ok: true };
}

export async function signOut(): Promise<void> {
  (await getSession()).destroy();
}
