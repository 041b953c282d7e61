import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { OutgoingEmail } from "@/lib/shopper-emails/shopper-emails";

// The sandbox mailbox: a copy of every email to shoppers, kept in the database while the
// sandbox is on and shown at /sandbox/mail, so a developer sees what shoppers get without an
// SMTP server (and beside one, when SMTP_URL is set too).

const KEPT = 200;

interface StoredImage {
  cid: string;
  contentType: string;
  base64: string;
}

export function sandboxMailKeeper(db: Db): (email: OutgoingEmail) => Promise<void> {
  return async (email) => {
    const images: StoredImage[] = email.images.map((image) => ({ cid: image.cid, contentType: image.contentType, base64: image.content.toString("base64") }));
    await db.sandboxMail.create({ data: { id: newId("mail"), to: email.to, subject: email.subject, text: email.text, html: email.html, images: images as object[] } });
    // Only the latest are worth keeping: one statement, walking the createdAt index past them.
    await db.$executeRaw`DELETE FROM "SandboxMail" WHERE "createdAt" < (SELECT "createdAt" FROM "SandboxMail" ORDER BY "createdAt" DESC OFFSET ${KEPT - 1} LIMIT 1)`;
  };
}

export async function listSandboxMail(db: Db) {
  return db.sandboxMail.findMany({ orderBy: { createdAt: "desc" }, take: 50, select: { id: true, to: true, subject: true, createdAt: true } });
}

/** One email, its HTML with the inline images (cid:) in place, as a mail client shows it. */
export async function readSandboxMail(db: Db, id: string) {
  const mail = await db.sandboxMail.findUnique({ where: { id } });
  if (!mail) return undefined;
  const images = mail.images as unknown as StoredImage[];
  const html = images.reduce((text, image) => text.replaceAll(`cid:${image.cid}`, `data:${image.contentType};base64,${image.base64}`), mail.html);
  return { ...mail, html };
}
