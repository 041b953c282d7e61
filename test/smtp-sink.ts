import { createServer } from "node:http";
import { startSmtpReceiver } from "./smtp-receiver";

// The end-to-end run's mail server: a real SMTP server the app sends shopper emails to
// (SMTP_URL), and a small HTTP API the specs read them from: GET /messages?to=<address>.
// Started by playwright.config.ts beside the app.

/** The SMTP and HTTP ports beside the app's port. */
export function smtpSinkPorts(appPort: number): { smtp: number; http: number } {
  return { smtp: appPort + 25, http: appPort + 26 };
}

export interface SinkMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { cid: string | undefined; contentType: string; base64: string }[];
}

function main() {
  const ports = smtpSinkPorts(Number(process.argv[2] ?? 3100));
  startSmtpReceiver(ports.smtp).then((receiver) => {
    createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://sink");
      if (url.pathname !== "/messages") return response.writeHead(404).end();
      const to = url.searchParams.get("to");
      const messages: SinkMessage[] = receiver.messages
        .filter((mail) => !to || [mail.to].flat().some((address) => address?.text === to))
        .map((mail) => ({
          to: [mail.to].flat().map((address) => address?.text ?? "").join(", "),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          attachments: mail.attachments.map((attachment) => ({ cid: attachment.cid, contentType: attachment.contentType, base64: attachment.content.toString("base64") })),
        }));
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(messages));
    }).listen(ports.http, "127.0.0.1");
  });
}

if (process.argv[1]?.endsWith("smtp-sink.ts")) main();
