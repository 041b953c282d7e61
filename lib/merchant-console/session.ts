import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env } from "@/lib/env";
import { constantTimeEqual } from "@/lib/providers/crypto";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

// The merchant's session: an encrypted, signed cookie (iron-session). One merchant account,
// its password from configuration; sign-in attempts are throttled per client address and per
// account (lib/rate-limit/sign-in-throttle.ts).

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

/** The signed-in merchant, or null: for a route that answers 401 rather than sending to sign in. Cached per request. */
export const currentMerchant = cache(async (): Promise<MerchantPrincipal | null> => {
  const session = await getSession();
  const signedInAt = session.signedInAt;
  // iron-session already refuses a cookie past its ttl; the age check also covers a sealed
  // value whose ttl was stretched by whoever holds the secret's previous value.
  if (typeof signedInAt !== "number" || Date.now() - signedInAt > SESSION_HOURS * 3600_000 || signedInAt > Date.now() + 60_000) return null;
  return { role: "owner", signedInAt: new Date(signedInAt) };
});

/**
 * The gate in front of every read and action of merchant data: the signed-in merchant, or off
 * to the sign-in page. Data-access functions call it themselves, because a layout's check runs
 * in parallel with its page and cannot stop the page from rendering. Cached per request.
 */
export const requireMerchant = cache(async (): Promise<MerchantPrincipal> => {
  const merchant = await currentMerchant();
  if (!merchant) redirect("/merchant/login");
  return merchant;
});

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
