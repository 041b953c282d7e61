import "server-only";
import { listActiveSessions, revokeSession, revokeSessions } from "@/lib/console-accounts/console-sessions";
import { changeRole, createMember, listMembers, setMemberDisabled } from "@/lib/console-accounts/members";
import type { ConsoleRole } from "@/lib/console-accounts/permissions";
import type { Db } from "@/lib/db/client";
import { requireMember } from "./session";

// The console's team page (owners) and account page (every member): each read and change
// checks the session and role itself.

export async function listTeam(db: Db) {
  const member = await requireMember("settings");
  return { members: await listMembers(db), you: member.id };
}

export async function addTeamMember(db: Db, input: unknown) {
  await requireMember("settings");
  return createMember(db, input);
}

export async function changeTeamMemberRole(db: Db, memberId: string, role: ConsoleRole) {
  await requireMember("settings");
  return changeRole(db, memberId, role);
}

/** Disabling also signs the member out of every browser. */
export async function switchTeamMember(db: Db, memberId: string, disabled: boolean) {
  await requireMember("settings");
  return setMemberDisabled(db, memberId, disabled);
}

export async function signOutTeamMember(db: Db, memberId: string) {
  await requireMember("settings");
  return revokeSessions(db, memberId, new Date());
}

/** The signed-in member and the browsers they are signed in on, this one marked. */
export async function getOwnAccount(db: Db) {
  const member = await requireMember("account");
  const sessions = await listActiveSessions(db, member.id, new Date());
  // This browser first, then the others newest first: the one a member knows is the anchor.
  const marked = sessions.map((session) => ({ ...session, current: session.id === member.sessionId }));
  return { member, sessions: [...marked.filter((session) => session.current), ...marked.filter((session) => !session.current)] };
}

/** Signs one of the member's own browsers out (never anyone else's). */
export async function signOutOwnSession(db: Db, sessionId: string) {
  const member = await requireMember("account");
  return revokeSession(db, member.id, sessionId, new Date());
}

export async function signOutOwnOtherSessions(db: Db) {
  const member = await requireMember("account");
  return revokeSessions(db, member.id, new Date(), member.sessionId);
}
