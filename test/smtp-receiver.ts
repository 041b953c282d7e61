import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server on loopback that keeps what it is sent, parsed as a mail client would
// (mailparser): the integration tests send shopper emails to it, and the Playwright run reads
// them from it through test/smtp-sink.ts.

export interface SmtpReceiver {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  messages: ParsedMail[];
  /** While true, every message is refused with 451 (try again later), as a busy server does. */
  refusing: boolean;
  close(): Promise<void>;
}

export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = { url: "", messages: [], refusing: false, close: async () => {} };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (nodemailer would refuse the self-signed certificate) and no login.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (receiver.refusing) return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
          receiver.messages.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
