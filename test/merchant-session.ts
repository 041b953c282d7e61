import { sealData } from "iron-session";
import { startSession } from "@/lib/console-accounts/console-sessions";
import { hashPassword } from "@/lib/console-accounts/passwords";
import type { ConsoleRole } from "@/lib/console-accounts/permissions";
import type { Db, OpenedDatabase } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";

// The merchant console reads its session from next/headers' cookies(), which exists only inside
// a request, and looks the session up in the app's database (getDb()). A test that reads console
// data mocks that module with this jar and signs a member in:
//
//   vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);
//   await signInAs(database, "viewer");

export const merchantCookie: { value: string | undefined } = { value: undefined };

export const mockedNextHeaders = {
  cookies: async () => ({
    get: (name: string) => (name === "gerai-merchant" && merchantCookie.value !== undefined ? { name, value: merchantCookie.value } : undefined),
    set: () => {},
  }),
};

/** The console's session cookie as iron-session seals it (with the sandbox secret unless told). */
export function sealedSession(data: object, password: string = SANDBOX_CREDENTIALS.sessionSecret): Promise<string> {
  return sealData(data, { password, ttl: 12 * 3600 });
}

/**
 * Makes getDb() answer with the test's database, as the app's own would in a request (it keeps
 * the process's database on globalThis: lib/db/client.ts). Only the client is given.
 */
export function useAsAppDatabase(db: Db): void {
  (globalThis as typeof globalThis & { __geraiDatabase?: Promise<Pick<OpenedDatabase, "db">> }).__geraiDatabase = Promise.resolve({ db });
}

/** A new member with this role, signed in: their session's cookie is in the jar. */
export async function signInAs(db: Db, role: ConsoleRole, now = new Date()) {
  useAsAppDatabase(db);
  const member = await db.consoleMember.create({
    data: { id: newId("mem"), email: `${role}.${newId("t").toLowerCase()}@gerai.test`, name: `Test ${role}`, role, passwordHash: await hashPassword("not-used-here") },
  });
  const token = await startSession(db, member.id, { userAgent: "vitest" }, now);
  merchantCookie.value = await sealedSession({ token });
  return { member, token };
}
