import { readFile } from "node:fs/promises";
import path from "node:path";
import { ImageResponse } from "next/og";
import { STORE_NAMES } from "@/lib/domain";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { formatRupiah } from "@/lib/money";
import { getOrderDeps } from "@/lib/orders/deps";
import { barcodeSvg, groupCode, qrSvg } from "@/lib/payment-page/code-images";
import { howToPaySteps } from "@/lib/payment-page/how-to-pay";
import { loadPaymentView } from "@/lib/payment-page/load-payment-view";
import { formatWib } from "@/lib/time";

export const dynamic = "force-dynamic";

const dataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

// The page's typography: a sans-serif, bold figures, and the code in a bold monospace (0 and O,
// 1 and I stay apart). From the dejavu-fonts-ttf package: the image renderer takes TrueType, and
// nothing is downloaded.
const FONT_FILES = [
  { name: "DejaVu Sans", file: "DejaVuSans.ttf", weight: 400 },
  { name: "DejaVu Sans", file: "DejaVuSans-Bold.ttf", weight: 700 },
  { name: "DejaVu Sans Mono", file: "DejaVuSansMono-Bold.ttf", weight: 700 },
] as const;
let fonts: Promise<{ name: string; data: Buffer; weight: 400 | 700; style: "normal" }[]> | undefined;
const loadFonts = () =>
  (fonts ??= Promise.all(
    FONT_FILES.map(async ({ name, file, weight }) => ({
      name,
      weight,
      style: "normal" as const,
      data: await readFile(path.join(process.cwd(), "node_modules/dejavu-fonts-ttf/ttf", file)),
    })),
  ));

/**
 * "Unduh": the slip as a PNG for the shopper's photo gallery: the same code (monospace), amount
 * (bold), deadline, barcode, QR and the store's steps as the page.
 */
export async function GET(_request: Request, context: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await context.params;
  const [deps, { t, locale }] = await Promise.all([getOrderDeps(), getTranslator()]);
  const view = await loadPaymentView(deps.db, publicId);
  if (!view?.code || view.status !== "pending") return new Response("No open payment code", { status: 404 });
  const code = view.code.paymentCode;
  const barcode = barcodeSvg(code, { title: code, maxWidth: 640, height: 220 });
  const qr = (await qrSvg(code, { title: code })).replace('width="100%"', 'width="220" height="220"');
  const merchant = env().merchantName;
  const steps = howToPaySteps(t, locale, { store: view.store, amount: view.amount, merchantName: merchant, code }, {
    showBarcode: t("pay.slipShowBarcode", { code: groupCode(code) }),
  });
  const label = { fontSize: 22, color: "#5b6661", textTransform: "uppercase" as const, letterSpacing: 1 };

  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", background: "#ffffff", padding: 48, color: "#15201c", fontSize: 28, fontFamily: "DejaVu Sans" }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <div style={{ display: "flex", fontSize: 40, fontWeight: 700, color: "#ffffff", background: view.store === "alfamart" ? "#d71920" : "#0a4ea2", padding: "6px 18px", borderRadius: 8 }}>
            {STORE_NAMES[view.store]}
          </div>
          <div style={{ display: "flex", fontSize: 24, color: "#5b6661" }}>{t("pay.orderRef", { reference: view.reference })}</div>
        </div>
        <div style={{ display: "flex", marginTop: 36, justifyContent: "space-between" }}>
          <div style={{ display: "flex", flexDirection: "column" }}>
            <div style={label}>{t("pay.amount")}</div>
            <div style={{ fontSize: 64, fontWeight: 800 }}>{formatRupiah(view.amount)}</div>
          </div>
          <div style={{ display: "flex", flexDirection: "column", alignItems: "flex-end" }}>
            <div style={label}>{t("pay.merchant")}</div>
            <div style={{ fontSize: 36, fontWeight: 700 }}>{merchant}</div>
          </div>
        </div>
        <div style={{ display: "flex", flexDirection: "column", marginTop: 28, background: "#effaf6", padding: 20, borderRadius: 16 }}>
          <div style={label}>{t("pay.code")}</div>
          <div style={{ fontSize: 60, fontFamily: "DejaVu Sans Mono", letterSpacing: 2 }}>{groupCode(code)}</div>
        </div>
        <div style={{ display: "flex", flexDirection: "column", marginTop: 24 }}>
          <div style={label}>{t("pay.payBefore")}</div>
          <div style={{ fontSize: 34, fontWeight: 700 }}>{formatWib(view.code.expiresAt, locale)}</div>
        </div>
        <div style={{ display: "flex", marginTop: 28, alignItems: "center", justifyContent: "space-between" }}>
          <img src={dataUri(barcode.svg)} width={barcode.width} height={barcode.height} alt="" />
          <img src={dataUri(qr)} width={220} height={220} alt="" />
        </div>
        <div style={{ display: "flex", flexDirection: "column", marginTop: 28 }}>
          <div style={label}>{t("pay.stepsTitle")}</div>
          {steps.map((step, index) => (
            <div key={index} style={{ display: "flex", fontSize: 24, marginTop: 8 }}>
              <div style={{ display: "flex", width: 36, fontWeight: 700 }}>{index + 1}.</div>
              <div style={{ display: "flex", flex: 1 }}>{step}</div>
            </div>
          ))}
        </div>
      </div>
    ),
    {
      width: 1000,
      height: 1260,
      fonts: await loadFonts(),
      headers: { "Cache-Control": "no-store", "Content-Disposition": `attachment; filename="${view.reference}.png"` },
    },
  );
}
