import { readFileSync } from "node:fs";
import path from "node:path";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

// zxing reads barcodes from images as a scanner would; its WebAssembly comes from the package's
// own file (it would fetch it from a CDN otherwise).
prepareZXingModule({
  // Vitest and Playwright both run from the repository's root.
  overrides: { wasmBinary: readFileSync(path.join(process.cwd(), "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm")).buffer as ArrayBuffer },
  fireImmediately: true,
});

/**
 * How an image is read. An image of the code alone gets one clear look, as a cashier's scanner
 * does (zxing reads a few lines through the middle). A whole printed page is searched: a scanner
 * is pointed at the code wherever it sits on the paper.
 */
export interface DecodeOptions {
  wholePage?: boolean;
}

/** The texts of the CODE128 barcodes zxing finds in a PNG. */
export async function decodeCode128(png: Uint8Array, options: DecodeOptions = {}): Promise<string[]> {
  return decode(png, "Code128", options);
}

/** The texts of the QR codes zxing finds in a PNG. */
export async function decodeQr(png: Uint8Array, options: DecodeOptions = {}): Promise<string[]> {
  return decode(png, "QRCode", options);
}

async function decode(png: Uint8Array, format: "Code128" | "QRCode", { wholePage = false }: DecodeOptions): Promise<string[]> {
  const found = await readBarcodes(new Blob([new Uint8Array(png)], { type: "image/png" }), { formats: [format], tryHarder: wholePage });
  return found.map((result) => result.text);
}
