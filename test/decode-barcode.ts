import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

// zxing reads barcodes from images as a scanner would; its WebAssembly comes from the package's
// own file (it would fetch it from a CDN otherwise).
prepareZXingModule({
  overrides: { wasmBinary: readFileSync(createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm")).buffer as ArrayBuffer },
  fireImmediately: true,
});

/** The texts of the CODE128 barcodes zxing finds in a PNG. */
export async function decodeCode128(png: Uint8Array): Promise<string[]> {
  const found = await readBarcodes(new Blob([new Uint8Array(png)], { type: "image/png" }), { formats: ["Code128"] });
  return found.map((result) => result.text);
}
