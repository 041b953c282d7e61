import nodemailer from "nodemailer";
import type { OutgoingEmail } from "./shopper-emails";

/**
 * Sends shopper emails through the SMTP server of SMTP_URL (smtp:// with STARTTLS when the
 * server offers it, smtps:// for TLS from the start). Bounded waits: a stuck server fails the
 * job, and the queue retries it later.
 */
export function smtpSender(smtpUrl: string): (email: OutgoingEmail) => Promise<{ messageId: string }> {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return async (email) => {
    const info = await transport.sendMail({
      from: email.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.images.map((image) => ({ cid: image.cid, filename: image.filename, contentType: image.contentType, content: image.content })),
    });
    return { messageId: info.messageId };
  };
}
