// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16 surrogate
// (a JSON body may carry either as an escape, "\u0000" or "\ud800"). Text from outside is made
// storable before it is written, or refused, so that such input is a 4xx and never a 5xx.

const NUL = /\u0000/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVERY = (pattern: RegExp) => new RegExp(pattern.source, "g");

/**
 * Text as close to the original as PostgreSQL can hold: NUL written as the six characters
 * `\u0000` (visible to whoever reads the stored body), an unpaired surrogate as U+FFFD.
 */
export function storableText(text: string): string {
  return text.replace(EVERY(NUL), "\\u0000").replace(EVERY(UNPAIRED_SURROGATE), "\uFFFD");
}

function isUnstorableString(text: string): boolean {
  return NUL.test(text) || UNPAIRED_SURROGATE.test(text);
}

/** True when any string in a parsed JSON value, key or value, could not be stored as is. */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return isUnstorableString(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => isUnstorableString(key) || hasUnstorableText(inner));
  }
  return false;
}

/** At most `maxChars` of `text`, saying how much was left out; never splits a surrogate pair. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [${text.length - end} more characters not kept]`;
}
