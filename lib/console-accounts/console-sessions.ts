import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { ConsoleRole } from "./permissions";

// Console sessions live in the database: the cookie carries only a random token (sealed by
// iron-session), the row its sha256. Every request looks the row up, so revoking a session, or
// disabling its member, signs that browser out at once, on every instance.

export const SESSION_HOURS = 12;

export interface SessionMember {
  id: string;
  email: string;
  name: string;
  role: ConsoleRole;
}

export interface ActiveSession {
  sessionId: string;
  member: SessionMember;
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

/** A new session for a member who has just proved who they are. Returns the cookie's token. */
export async function startSession(db: Db, memberId: string, client: { userAgent?: string; address?: string }, now: Date) {
  const token = randomBytes(32).toString("base64url");
  await db.consoleSession.create({
    data: {
      id: newId("ses"),
      tokenHash: tokenHash(token),
      memberId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
      userAgent: client.userAgent?.slice(0, 300),
      address: client.address?.slice(0, 64),
    },
  });
  return token;
}

/** The session a cookie's token names, while it is neither revoked nor expired and its member is enabled. */
export async function findActiveSession(db: Db, token: string, now: Date): Promise<ActiveSession | null> {
  const session = await db.consoleSession.findUnique({
    where: { tokenHash: tokenHash(token) },
    include: { member: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= now || session.member.disabledAt) return null;
  const { disabledAt: _disabledAt, ...member } = session.member;
  return { sessionId: session.id, member };
}

/** A member's sessions that still sign a browser in, newest first. */
export function listActiveSessions(db: Db, memberId: string, now: Date) {
  return db.consoleSession.findMany({
    where: { memberId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true, userAgent: true, address: true },
  });
}

/** Ends one of the member's own sessions (a session of anyone else is left alone). Returns how many ended. */
export async function revokeSession(db: Db, memberId: string, sessionId: string, now: Date): Promise<number> {
  const { count } = await db.consoleSession.updateMany({ where: { id: sessionId, memberId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Ends every session of the member, but `keep` (their current one) when given. */
export async function revokeSessions(db: Db | Tx, memberId: string, now: Date, keep?: string): Promise<number> {
  const { count } = await db.consoleSession.updateMany({
    where: { memberId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}
