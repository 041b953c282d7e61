import "server-only";
import { DOMImplementation, XMLSerializer } from "@xmldom/xmldom";
import JsBarcode from "jsbarcode";
import QRCode from "qrcode";

// The barcode and the QR code are drawn on the server from the very string printed beside
// them, as SVG: crisp at any zoom, printable, and there before any script runs.

const SVG_NS = "http://www.w3.org/2000/svg";

/** CODE128 (jsbarcode picks subset C for digits, which keeps long numeric codes short). */
export function barcodeSvg(code: string, options: { height?: number; title: string }): string {
  const document = new DOMImplementation().createDocument("http://www.w3.org/1999/xhtml", "html", null);
  const svg = document.createElementNS(SVG_NS, "svg");
  JsBarcode(svg, code, {
    // jsbarcode only calls createElementNS/setAttribute on it, which xmldom provides.
    xmlDocument: document as unknown as XMLDocument,
    format: "CODE128",
    displayValue: false,
    width: 2, // px per module
    height: options.height ?? 84,
    margin: 20, // quiet zone: 10 modules each side
    background: "#ffffff",
    lineColor: "#000000",
  });
  const width = svg.getAttribute("width");
  const height = svg.getAttribute("height");
  // Scale to the container while keeping every bar's proportions.
  svg.setAttribute("viewBox", `0 0 ${parseFloat(width ?? "0")} ${parseFloat(height ?? "0")}`);
  svg.setAttribute("width", "100%");
  svg.removeAttribute("height");
  svg.removeAttribute("style");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", options.title);
  svg.setAttribute("data-code", code);
  return new XMLSerializer().serializeToString(svg);
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
