import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U

function randomString(length: number, alphabet: string): string {
  // Rejection sampling keeps every symbol equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A prefixed identifier such as `ord_7fK2…`, for rows we create. */
export function newId(prefix: string, length = 20): string {
  return `${prefix}_${randomString(length, BASE62)}`;
}

/** What newId("ord") makes: text of any other shape names no order of ours. */
export const ORDER_ID_PATTERN = /^ord_[0-9A-Za-z]{20}$/;

/** 22 base62 symbols ≈ 131 bits: the payment page address cannot be guessed or enumerated. */
export function newPublicId(): string {
  return randomString(22, BASE62);
}

/** Readable, unambiguous upper-case code for references shoppers may read out. */
export function newReadableCode(length: number): string {
  return randomString(length, BASE32);
}

/** Digits only, for simulated store payment codes that providers issue as numbers. */
export function newDigits(length: number): string {
  return randomString(length, "0123456789");
}
