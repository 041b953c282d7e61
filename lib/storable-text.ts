import { z } from "zod";

// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form: the driver
// would fail (a 500) or silently turn it into U+FFFD (data changed behind the sender's back).
// Text from outside is checked here first, so such input is a clear 4xx that changes nothing.

const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = "Remove the NUL character or broken Unicode (a lone surrogate)";

/** True when PostgreSQL can store `value` exactly as given. */
export function isStorableText(value: string): boolean {
  return !NUL.test(value) && !LONE_SURROGATE.test(value);
}

/** A string that PostgreSQL can store as given; chain trims, lengths and formats after it. */
export function storableText() {
  return z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });
}
