import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { constantTimeEqual } from "@/lib/providers/crypto";

// The merchant's session: an encrypted, signed cookie (iron-session). One merchant account,
// its password from configuration; sign-in attempts are rate limited per client address.

export interface MerchantSession {
  signedInAt?: number;
}

/** Who is asking, as far as the console is concerned. One account today, so one role. */
export interface MerchantPrincipal {
  role: "owner";
  signedInAt: Date;
}

const SESSION_HOURS = 12;

async function getSession() {
  const config = env();
  return getIronSession<MerchantSession>(await cookies(), {
    cookieName: "gerai-merchant",
    password: config.sessionSecret,
    ttl: SESSION_HOURS * 3600,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config.appUrl.startsWith("https://"), path: "/" },
  });
}

/**
 * The gate in front of every read and action of merchant data: the signed-in merchant, or off
 * to the sign-in page. Data-access functions call it themselves, because a layout's check runs
 * in parallel with its page and cannot stop the page from rendering. Cached per request.
 */
export const requireMerchant = cache(async (): Promise<MerchantPrincipal> => {
  const session = await getSession();
  const signedInAt = session.signedInAt;
  // iron-session already refuses a cookie past its ttl; the age check also covers a sealed
  // value whose ttl was stretched by whoever holds the secret's previous value.
  if (typeof signedInAt !== "number" || Date.now() - signedInAt > SESSION_HOURS * 3600_000 || signedInAt > Date.now() + 60_000) {
    redirect("/merchant/login");
  }
  return { role: "owner", signedInAt: new Date(signedInAt) };
});

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
