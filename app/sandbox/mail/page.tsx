import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { openSandbox } from "@/lib/open-sandbox";
import { formatWib } from "@/lib/time";

export const metadata: Metadata = { title: "Sandbox mailbox" };

export default async function SandboxMailboxPage() {
  const { listSandboxMail } = await openSandbox();
  const mails = await listSandboxMail(await getDb());
  const smtp = Boolean(env().mail.smtpUrl);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Mailbox</h1>
        <p className="max-w-2xl text-ink/70">
          Every email sent to shoppers (a new payment code, a receipt), newest first.{" "}
          {smtp ? "They also went out through the SMTP server of SMTP_URL." : "SMTP_URL is not set, so they went nowhere else."}
        </p>
      </div>
      {mails.length === 0 ? (
        <p className="rounded-lg border border-dashed border-black/20 p-6 text-center text-ink/70">No emails yet. Place an order in the shop.</p>
      ) : (
        <ul className="divide-y divide-black/10 rounded-xl border border-black/10 bg-white">
          {mails.map((mail) => (
            <li key={mail.id}>
              <Link href={`/sandbox/mail/${mail.id}`} className="block px-4 py-3 hover:bg-black/5">
                <span className="block font-semibold">{mail.subject}</span>
                <span className="block text-sm text-ink/70">
                  To {mail.to} · {formatWib(mail.createdAt, "en", { weekday: false })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
