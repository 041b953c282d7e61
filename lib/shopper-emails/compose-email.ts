import { createTranslator } from "use-intl/core";
import { STORE_NAMES, type Store } from "@/lib/domain";
import { MESSAGES, type Locale } from "@/lib/i18n/catalog";
import { formatRupiah } from "@/lib/money";
import { barcodePng, groupCode } from "@/lib/payment-page/code-images";
import { howToPaySteps } from "@/lib/payment-page/how-to-pay";
import { nightPauseNotice } from "@/lib/payment-page/night-pause-notice";
import { formatWib } from "@/lib/time";

// The emails a shopper gets, in their language: the code to pay (again when a new one is issued)
// and the receipt. Each carries what the payment page says — the code as text and as a barcode
// image, amount, merchant, WIB deadline, the store's steps — and links to the page itself, which
// stays the one source of truth. Plain text beside the HTML, inline styles only (email clients
// drop <style>), and the barcode as an inline PNG attachment (most clients show no SVG).

export interface EmailOrder {
  reference: string;
  amount: number;
  store: Store;
  customerName: string;
  paidAt: Date | null;
}

export type EmailContent =
  | { kind: "code"; code: string; expiresAt: Date; renewed: boolean }
  | { kind: "receipt"; code: string | null };

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  images: { cid: string; contentType: "image/png"; filename: string; content: Buffer }[];
}

const BARCODE_CID = "barcode@gerai";

export function composeShopperEmail(args: {
  locale: Locale;
  merchantName: string;
  order: EmailOrder;
  content: EmailContent;
  pageUrl: string;
  now: Date;
}): ComposedEmail {
  const { locale, merchantName: merchant, order, content, pageUrl, now } = args;
  const t = createTranslator({ locale, messages: MESSAGES[locale], timeZone: "Asia/Jakarta" });
  const store = STORE_NAMES[order.store];
  const amount = formatRupiah(order.amount);
  const footer = t("email.footer", { merchant, reference: order.reference });

  if (content.kind === "receipt") {
    const rows: [string, string][] = [
      [t("pay.receipt.amount"), amount],
      ...(order.paidAt ? [[t("pay.receipt.paidAt"), formatWib(order.paidAt, locale)] as [string, string]] : []),
      [t("pay.receipt.paidVia"), store],
      ...(content.code ? [[t("pay.receipt.code"), groupCode(content.code)] as [string, string]] : []),
      [t("pay.receipt.reference"), order.reference],
    ];
    const intro = t("email.receipt.intro", { name: order.customerName, reference: order.reference });
    const link = t("email.receipt.openReceipt");
    return {
      subject: t("email.receipt.subject", { reference: order.reference, merchant }),
      text: [t("pay.receipt.title"), "", intro, "", ...rows.map(([label, value]) => `${label}: ${value}`), "", `${link}: ${pageUrl}`, "", footer].join("\n"),
      html: page(locale, [
        heading(t("pay.receipt.title")),
        paragraph(intro),
        table(rows),
        button(link, pageUrl),
        small(footer),
      ]),
      images: [],
    };
  }

  const grouped = groupCode(content.code);
  const deadline = formatWib(content.expiresAt, locale);
  const steps = howToPaySteps(t, locale, { store: order.store, amount: order.amount, merchantName: merchant, code: content.code }, {
    showBarcode: t("email.code.showBarcode", { code: grouped }),
  });
  const intro = t("email.code.intro", { name: order.customerName, reference: order.reference, merchant });
  const rows: [string, string][] = [
    [t("pay.amount"), amount],
    [t("pay.merchant"), merchant],
    [t("pay.payBefore"), deadline],
  ];
  const nightPause = nightPauseNotice(t, locale, content.expiresAt, now);
  const barcode = barcodePng(content.code);
  const openPage = t("email.code.openPage");
  return {
    subject: t(content.renewed ? "email.code.renewedSubject" : "email.code.subject", { store, merchant, code: grouped }),
    text: [
      t("email.code.heading", { amount, store }),
      "",
      intro,
      ...(content.renewed ? [t("email.code.renewed")] : []),
      "",
      `${t("pay.code")}: ${grouped}`,
      ...rows.map(([label, value]) => `${label}: ${value}`),
      ...(nightPause ? [nightPause] : []),
      "",
      `${t("pay.stepsTitle")}:`,
      ...steps.map((step, index) => `${index + 1}. ${step}`),
      "",
      `${openPage}: ${pageUrl}`,
      t("email.code.pageHint"),
      "",
      footer,
    ].join("\n"),
    html: page(locale, [
      heading(t("email.code.heading", { amount, store })),
      paragraph(intro),
      ...(content.renewed ? [paragraph(`<strong>${escapeHtml(t("email.code.renewed"))}</strong>`, { raw: true })] : []),
      `<p style="margin:16px 0 4px;font-size:13px;color:#4b5563">${escapeHtml(t("pay.code"))}</p>`,
      `<p style="margin:0 0 12px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:24px;font-weight:700;letter-spacing:1px;color:#111827">${escapeHtml(grouped)}</p>`,
      `<img src="cid:${BARCODE_CID}" width="${barcode.width}" height="${barcode.height}" alt="${escapeHtml(t("pay.barcodeLabel", { code: content.code }))}" style="display:block;max-width:100%;height:auto;background:#ffffff">`,
      table(rows),
      ...(nightPause ? [paragraph(`<strong>${escapeHtml(nightPause)}</strong>`, { raw: true })] : []),
      `<h2 style="margin:20px 0 8px;font-size:16px;color:#111827">${escapeHtml(t("pay.stepsTitle"))}</h2>`,
      `<ol style="margin:0;padding-left:20px;font-size:14px;line-height:1.5;color:#111827">${steps.map((step) => `<li>${escapeHtml(step)}</li>`).join("")}</ol>`,
      button(openPage, pageUrl),
      small(t("email.code.pageHint")),
      small(footer),
    ]),
    images: [{ cid: BARCODE_CID, contentType: "image/png", filename: `${content.code}.png`, content: barcode.png }],
  };
}

function page(locale: Locale, parts: string[]): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0;padding:16px;background:#f3f4f6;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"><div style="max-width:560px;margin:0 auto;padding:20px;background:#ffffff;border-radius:12px">${parts.join("")}</div></body></html>`;
}

function heading(text: string): string {
  return `<h1 style="margin:0 0 12px;font-size:22px;color:#111827">${escapeHtml(text)}</h1>`;
}

function paragraph(text: string, options: { raw?: boolean } = {}): string {
  return `<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#111827">${options.raw ? text : escapeHtml(text)}</p>`;
}

function small(text: string): string {
  return `<p style="margin:12px 0 0;font-size:12px;line-height:1.5;color:#4b5563">${escapeHtml(text)}</p>`;
}

function table(rows: [string, string][]): string {
  const cells = rows
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 12px 4px 0;font-size:13px;color:#4b5563;vertical-align:top">${escapeHtml(label)}</td><td style="padding:4px 0;font-size:14px;font-weight:600;color:#111827">${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  return `<table role="presentation" style="margin:12px 0;border-collapse:collapse">${cells}</table>`;
}

function button(text: string, href: string): string {
  return `<p style="margin:20px 0 0"><a href="${escapeHtml(href)}" target="_blank" style="display:inline-block;padding:12px 18px;border-radius:8px;background:#111827;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none">${escapeHtml(text)}</a></p>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
