import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";
import { err, ok, type Result } from "@/lib/result";
import { revokeSessions } from "./console-sessions";
import { hashPassword, passwordProblem, PASSWORD_LENGTH, type PasswordProblem } from "./passwords";
import { CONSOLE_ROLES, type ConsoleRole } from "./permissions";

// The console's members: who may sign in, and as what. These functions do what they are asked;
// who may ask is checked by their callers (lib/merchant-console/team.ts for the console, the
// owner command for the first owner). The one rule kept here, under a lock: the console always
// keeps an enabled owner, or nobody could manage the team again.

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const memberInputSchema = z.object({
  email: z.string().trim().max(200).pipe(z.email()).transform(normaliseEmail),
  name: z.string().trim().min(1).max(80),
  role: z.enum(CONSOLE_ROLES),
  password: z.string().max(PASSWORD_LENGTH.max),
});
export type MemberInput = z.input<typeof memberInputSchema>;

export type MemberProblem =
  | { code: "invalid"; fields: string[] }
  | { code: "weak_password"; problem: PasswordProblem }
  | { code: "email_taken" }
  | { code: "not_found" }
  | { code: "last_owner" };

export async function createMember(db: Db, input: unknown, now = new Date()) {
  const parsed = memberInputSchema.safeParse(input);
  if (!parsed.success) return err<MemberProblem>({ code: "invalid", fields: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))] });
  const problem = passwordProblem(parsed.data.password);
  if (problem) return err<MemberProblem>({ code: "weak_password", problem });
  const { password, ...member } = parsed.data;
  try {
    const created = await db.consoleMember.create({
      data: { id: newId("mem"), ...member, passwordHash: await hashPassword(password), createdAt: now },
      select: { id: true, email: true, name: true, role: true },
    });
    return ok(created);
  } catch (error) {
    if (isUniqueViolation(error)) return err<MemberProblem>({ code: "email_taken" });
    throw error;
  }
}

/** Everyone on the team, owners first, with how many browsers each is signed in on. */
export async function listMembers(db: Db, now = new Date()) {
  const members = await db.consoleMember.findMany({
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      disabledAt: true,
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
    },
  });
  return members.map(({ _count, ...member }) => ({ ...member, activeSessions: _count.sessions }));
}

/**
 * Runs `change` on the member with every enabled owner locked, and undoes it when it would leave
 * none: two owners demoting each other at once cannot both succeed.
 */
async function changeKeepingAnOwner(db: Db, memberId: string, change: (tx: Tx) => Promise<void>): Promise<Result<true, MemberProblem>> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "ConsoleMember" WHERE role = 'owner' AND "disabledAt" IS NULL FOR UPDATE`;
    const member = await tx.consoleMember.findUnique({ where: { id: memberId }, select: { id: true } });
    if (!member) return err<MemberProblem>({ code: "not_found" });
    await change(tx);
    const owners = await tx.consoleMember.count({ where: { role: "owner", disabledAt: null } });
    if (owners === 0) throw new LastOwner();
    return ok(true as const);
  }).catch((error: unknown) => {
    if (error instanceof LastOwner) return err<MemberProblem>({ code: "last_owner" });
    throw error;
  });
}

class LastOwner extends Error {}

export function changeRole(db: Db, memberId: string, role: ConsoleRole) {
  return changeKeepingAnOwner(db, memberId, async (tx) => {
    await tx.consoleMember.update({ where: { id: memberId }, data: { role } });
  });
}

/** Turns an account off (and every browser it is signed in on), or back on. */
export function setMemberDisabled(db: Db, memberId: string, disabled: boolean, now = new Date()) {
  return changeKeepingAnOwner(db, memberId, async (tx) => {
    await tx.consoleMember.update({ where: { id: memberId }, data: { disabledAt: disabled ? now : null } });
    if (disabled) await revokeSessions(tx, memberId, now);
  });
}

/**
 * The owner command's --reset, for a shop locked out of its console: the account with this email
 * gets this password and is an enabled owner again, signed out everywhere.
 */
export async function resetToOwner(db: Db, email: string, password: string, now = new Date()) {
  const problem = passwordProblem(password);
  if (problem) return err<MemberProblem>({ code: "weak_password", problem });
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const member = await tx.consoleMember.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true, email: true } });
    if (!member) return err<MemberProblem>({ code: "not_found" });
    await tx.consoleMember.update({ where: { id: member.id }, data: { passwordHash, role: "owner", disabledAt: null } });
    await revokeSessions(tx, member.id, now);
    return ok(member);
  });
}
