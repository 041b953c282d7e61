// What one console search text is compared with, per field, as LIKE patterns. Pure, so the
// unit tests read it without the session that order-search.ts checks.

/** What one search text is compared with, per field, as LIKE patterns. */
export interface SearchPatterns {
  /** name, and reference when it may hold the text; ILIKE */
  text: string;
  /** Whether a reference may contain the text: references are letters, digits, ".", "_" and "-" (referenceSchema). */
  inReference: boolean;
  /** emails are stored in lower case; absent when the text has a space, which no email has (customerSchema) */
  email?: string;
  /** phones are stored as digits from 08…; empty when the text cannot be part of one */
  phones: string[];
  /** codes are stored in upper case without spaces */
  code: string;
  /** The text's most telling part, for the reference and email indexes (see narrowedLike). */
  part?: { text: string; email: string };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const contains = (value: string) => `%${escapeLike(value)}%`;

/**
 * The patterns for one search text. A phone is matched as typed (digits) and in the stored
 * writing, so "+62 812-3456" finds 0812 3456…; a code as typed without spaces, in upper case.
 */
export function searchPatterns(q: string): SearchPatterns {
  const text = q.trim();
  const compact = text.replace(/[\s\-().]/g, "");
  const phones = /^\+?\d+$/.test(compact) ? [...new Set([compact.replace(/^\+/, ""), compact.replace(/^\+?62(?=8)/, "0")])] : [];
  const part = tellingPart(text);
  // A field that cannot hold the text is left out of the search: its trigram lookup for a name
  // ("Siti Rahayu") or a phone as typed ("+62 812-…") cost more than the rest of the search.
  const email = /\s/.test(text) ? undefined : contains(text.toLowerCase());
  return {
    text: contains(text),
    inReference: /^[A-Za-z0-9._-]+$/.test(text),
    ...(email ? { email } : {}),
    phones: phones.map(contains),
    code: contains(text.replace(/\s/g, "").toUpperCase()),
    ...(part ? { part: { text: contains(part), email: contains(part.toLowerCase()) } } : {}),
  };
}

/**
 * The longest run of letters and digits with 5 or more digits, when the text has other parts too:
 * "0512345" of "INV-2606-0512345". References share their other trigrams with most rows ("inv",
 * "v-2"), and a trigram index reads the row list of every trigram of the pattern: 170 ms for a
 * whole reference at a million orders, 12 ms for its number alone. Fewer digits ("rahayu12") find
 * hundreds of rows to check, which costs more than the whole pattern's lookup.
 */
function tellingPart(text: string): string | undefined {
  const parts = text.split(/[^\p{L}\p{N}]+/u).filter((part) => (part.match(/\d/g)?.length ?? 0) >= 5);
  const longest = parts.sort((a, b) => b.length - a.length)[0];
  return longest && longest !== text ? longest : undefined;
}
