import "server-only";
import { DOMImplementation, XMLSerializer } from "@xmldom/xmldom";
import JsBarcode from "jsbarcode";
import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";

// The barcode and the QR code are drawn on the server from the very string printed beside
// them, as SVG: crisp at any zoom, printable, and there before any script runs.

const SVG_NS = "http://www.w3.org/2000/svg";

/** The quiet zone each side of a barcode, in modules. */
const QUIET_ZONE_MODULES = 10;

/**
 * CODE128 (jsbarcode picks subset C for digits, which keeps long numeric codes short), as SVG.
 * Every module is a whole number of pixels: 2 by default, which is a whole number of device
 * pixels at 1×, 1.5×, 2× and 3× (a bar blurred across pixels into its neighbour is what makes a
 * scanner fail), or the most that fits `maxWidth`. Where even 2 is too wide for the box on the
 * page, components/payment/barcode.tsx snaps it to whole device pixels.
 */
export function barcodeSvg(code: string, options: { height?: number; maxWidth?: number; title: string }): { svg: string; width: number; height: number } {
  const modules = barcodeModuleCount(code);
  const moduleWidth = options.maxWidth ? Math.max(1, Math.floor(options.maxWidth / modules)) : 2;
  const document = new DOMImplementation().createDocument("http://www.w3.org/1999/xhtml", "html", null);
  const svg = document.createElementNS(SVG_NS, "svg");
  JsBarcode(svg, code, {
    // jsbarcode only calls createElementNS/setAttribute on it, which xmldom provides.
    xmlDocument: document as unknown as XMLDocument,
    format: "CODE128",
    displayValue: false,
    width: moduleWidth,
    height: options.height ?? 84,
    margin: QUIET_ZONE_MODULES * moduleWidth,
    background: "#ffffff",
    lineColor: "#000000",
  });
  const width = parseFloat(svg.getAttribute("width") ?? "0");
  const height = parseFloat(svg.getAttribute("height") ?? "0");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  // Narrower boxes scale it down, keeping its proportions.
  svg.setAttribute("style", "max-width:100%;height:auto");
  svg.setAttribute("data-modules", String(modules));
  // Stretched, never letterboxed: a barcode given another shape (the printed slip's) keeps every
  // bar's width in proportion, which is all a scanner needs.
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", options.title);
  svg.setAttribute("data-code", code);
  return { svg: new XMLSerializer().serializeToString(svg), width, height };
}

/** How many modules wide the barcode is, quiet zones included. */
function barcodeModuleCount(code: string): number {
  return barcodeModules(code).length + 2 * QUIET_ZONE_MODULES;
}

/** The barcode's modules, 1 for a bar and 0 for a space, as jsbarcode encodes them for barcodeSvg. */
function barcodeModules(code: string): string {
  const encoded: { encodings?: { data: string }[] } = {};
  JsBarcode(encoded, code, { format: "CODE128" });
  return (encoded.encodings ?? []).map((part) => part.data).join("");
}

/**
 * The same CODE128 barcode as a PNG, for email clients that show no SVG: black and white
 * (1 bit per pixel), `scale` pixels per module, the same quiet zone. `width` is the
 * size to show it at for two device pixels per CSS pixel.
 */
export function barcodePng(code: string, options: { scale?: number; height?: number } = {}): { png: Buffer; width: number; height: number } {
  const scale = options.scale ?? 4;
  const height = options.height ?? 160;
  const quiet = "0".repeat(QUIET_ZONE_MODULES);
  const modules = `${quiet}${barcodeModules(code)}${quiet}`;
  const width = modules.length * scale;
  const rowBytes = Math.ceil(width / 8);
  // One row, repeated: a filter byte (0, none) and the pixels, most significant bit first, 1 white.
  const row = Buffer.alloc(1 + rowBytes, 0);
  for (let x = 0; x < rowBytes * 8; x++) {
    const white = x >= width || modules[Math.floor(x / scale)] === "0";
    if (white) row[1 + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
  return { png, width: width / 2, height: height / 2 };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export async function qrSvg(code: string, options: { title: string }): Promise<string> {
  const svg = await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
  // qrcode already sets shape-rendering; a second copy would make the SVG invalid XML.
  return svg.replace("<svg ", `<svg role="img" aria-label="${escapeAttribute(options.title)}" data-code="${escapeAttribute(code)}" width="100%" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** "123456789012" → "1234 5678 9012": blocks of four, as people read codes out. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, "$1 ");
}
