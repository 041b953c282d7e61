import { z } from "zod";

// PostgreSQL text and jsonb cannot hold U+0000, and an unpaired UTF-16 surrogate has no UTF-8
// form (jsonb refuses it; a JSON body may carry either as an escape, "\u0000" or "\ud800"). Text
// from outside is checked here before it is written: input that carries such text is the
// sender's mistake (a 4xx that changes nothing), and what must be kept anyway (a raw webhook
// body, for the record) is written in a form PostgreSQL can hold.

const NUL = /\u0000/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVERY = (pattern: RegExp) => new RegExp(pattern.source, "g");

export const UNSTORABLE_TEXT_MESSAGE = "Remove the NUL character or broken Unicode (a lone surrogate)";

/** True when PostgreSQL can store `value` exactly as given. */
export function isStorableText(value: string): boolean {
  return !NUL.test(value) && !UNPAIRED_SURROGATE.test(value);
}

/** A string field PostgreSQL can store as given; chain trims, lengths and formats after it. */
export function storableTextSchema() {
  return z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });
}

/** True when any string in a parsed JSON value, key or value, could not be stored as is. */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return !isStorableText(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => !isStorableText(key) || hasUnstorableText(inner));
  }
  return false;
}

/**
 * Text as close to the original as PostgreSQL can hold: NUL written as the six characters
 * `\u0000` (visible to whoever reads the stored body), an unpaired surrogate as U+FFFD.
 */
export function toStorableText(text: string): string {
  return text.replace(EVERY(NUL), "\\u0000").replace(EVERY(UNPAIRED_SURROGATE), "\uFFFD");
}

/** At most `maxChars` of `text`, saying how much was left out; never splits a surrogate pair. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [${text.length - end} more characters not kept]`;
}
