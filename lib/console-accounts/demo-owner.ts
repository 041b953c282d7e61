import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";
import { hashPassword, verifyPassword } from "./passwords";

// The sandbox's documented owner account, so that `npm run dev` opens the console without a
// setup step. Only a server with the sandbox on makes it (lib/db/client.ts); production without
// the sandbox has owners made with `npm run console:owner` and nothing else.

export const DEMO_OWNER = { email: "demo@gerai.test", name: "Demo Owner" } as const;

/** Makes the demo owner if it is missing, and gives it `password` if it has another one. */
export async function ensureDemoOwner(db: Db, password: string): Promise<void> {
  const existing = await db.consoleMember.findUnique({ where: { email: DEMO_OWNER.email }, select: { id: true, passwordHash: true } });
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, password))) {
      await db.consoleMember.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password) } });
    }
    return;
  }
  try {
    await db.consoleMember.create({ data: { id: newId("mem"), ...DEMO_OWNER, role: "owner", passwordHash: await hashPassword(password) } });
  } catch (error) {
    // Another instance starting at the same moment made it.
    if (!isUniqueViolation(error)) throw error;
  }
}
