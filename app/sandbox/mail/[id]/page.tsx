import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { openSandbox } from "@/lib/open-sandbox";
import { formatWib } from "@/lib/time";

export const metadata: Metadata = { title: "Sandbox mailbox" };

export default async function SandboxMailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { readSandboxMail } = await openSandbox();
  const mail = await readSandboxMail(await getDb(), id);
  if (!mail) notFound();
  return (
    <article className="space-y-4">
      <Link href="/sandbox/mail" className="text-sm hover:underline">
        ← Mailbox
      </Link>
      <header>
        <h1 className="text-xl font-bold">{mail.subject}</h1>
        <p className="text-sm text-ink/70">
          To {mail.to} · {formatWib(mail.createdAt, "en", { weekday: false })}
        </p>
      </header>
      {/* The email as a mail client shows it: no scripts, links open outside the frame. */}
      <iframe
        title={`Email: ${mail.subject}`}
        srcDoc={mail.html}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        className="h-[900px] w-full rounded-xl border border-black/10 bg-white"
      />
      <details className="rounded-xl border border-black/10 bg-white p-4">
        <summary className="cursor-pointer font-semibold">Plain-text part</summary>
        <pre className="mt-3 text-sm whitespace-pre-wrap">{mail.text}</pre>
      </details>
    </article>
  );
}
