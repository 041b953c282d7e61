import "server-only";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { findActiveSession, revokeSession, SESSION_HOURS, type SessionMember } from "@/lib/console-accounts/console-sessions";
import { roleMay, type Permission } from "@/lib/console-accounts/permissions";
import { signInMember, type SignInResult } from "@/lib/console-accounts/sign-in";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { addressKey, clientAddress } from "@/lib/http/client-address";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

// Who is using the console. The cookie (iron-session: encrypted and signed) holds only the
// session's token; the session row decides (lib/console-accounts/console-sessions.ts), so a
// revoked session or a disabled member is out on the next request. What each role may do is
// lib/console-accounts/permissions.ts.

interface CookieSession {
  token?: string;
}

/** The signed-in member, as the console's checks see them. */
export interface ConsoleMember extends SessionMember {
  sessionId: string;
}

async function getCookieSession() {
  const config = env();
  return getIronSession<CookieSession>(await cookies(), {
    cookieName: "gerai-merchant",
    password: config.sessionSecret,
    ttl: SESSION_HOURS * 3600,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config.appUrl.startsWith("https://"), path: "/" },
  });
}

/** The signed-in member, or null: for a route that answers 401 rather than sending to sign in. Cached per request. */
export const currentMember = cache(async (): Promise<ConsoleMember | null> => {
  const { token } = await getCookieSession();
  if (typeof token !== "string") return null;
  const active = await findActiveSession(await getDb(), token, new Date());
  return active && { ...active.member, sessionId: active.sessionId };
});

/**
 * The gate in front of every read and change of merchant data: the signed-in member when their
 * role has `permission`; otherwise off to the sign-in page (nobody signed in) or the 403 page.
 * Data-access functions call it themselves, because a layout's check runs in parallel with its
 * page and cannot stop the page from rendering.
 */
export async function requireMember(permission: Permission): Promise<ConsoleMember> {
  const member = await currentMember();
  if (!member) redirect("/merchant/login");
  if (!roleMay(member.role, permission)) forbidden();
  return member;
}

/**
 * For a server action that answers with a message: the member when their role has `permission`,
 * undefined when it has not (the action says so and changes nothing); off to sign in when
 * nobody is signed in.
 */
export async function memberAllowedTo(permission: Permission): Promise<ConsoleMember | undefined> {
  const member = await currentMember();
  if (!member) redirect("/merchant/login");
  return roleMay(member.role, permission) ? member : undefined;
}

/**
 * For a route handler, which answers rather than redirects: the member when their role has
 * `permission`, otherwise the JSON answer to send (401 signed out, 403 not for this role).
 */
export async function memberForRoute(permission: Permission): Promise<ConsoleMember | Response> {
  const member = await currentMember();
  const headers = { "Cache-Control": "no-store" };
  if (!member) return Response.json({ error: "sign in to the console" }, { status: 401, headers });
  if (!roleMay(member.role, permission)) return Response.json({ error: `your role (${member.role}) may not do this` }, { status: 403, headers });
  return member;
}

/** How a member is named on an order's timeline: who did it, as they were then. */
export const actorName = (member: Pick<ConsoleMember, "name" | "email">) => `${member.name} <${member.email}>`;

export async function signIn(email: string, password: string, requestHeaders: Headers): Promise<SignInResult> {
  const address = clientAddress(requestHeaders);
  const result = await signInMember(await getDb(), (await getRateLimits()).signIn, {
    email,
    password,
    addressKey: addressKey(address),
    address,
    userAgent: requestHeaders.get("user-agent") ?? undefined,
  });
  if (result.ok) {
    const session = await getCookieSession();
    session.token = result.token;
    await session.save();
  }
  return result;
}

/** Ends this browser's session: the row is revoked, so a copy of the cookie opens nothing either. */
export async function signOut(): Promise<void> {
  const member = await currentMember();
  if (member) await revokeSession(await getDb(), member.id, member.sessionId, new Date());
  (await getCookieSession()).destroy();
}
