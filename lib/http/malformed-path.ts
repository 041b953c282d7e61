// Next.js decodes the dynamic segments of a path itself and answers a malformed percent-escape
// (/pay/%E0%A4%A, /api/pay/%ZZ) with a 500 while failing to render its 400 page. The proxy asks
// this first, so such an address is answered 400 before any route sees it.

/** True when some segment of the raw (still encoded) path does not percent-decode. */
export function hasMalformedPercentEscape(rawPathname: string): boolean {
  if (!rawPathname.includes("%")) return false;
  for (const segment of rawPathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}
