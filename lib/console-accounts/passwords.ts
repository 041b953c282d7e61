import { hash, verify } from "@node-rs/argon2";
import { guessesLog10 } from "@/lib/secret-strength";

// Console passwords are kept as argon2id hashes (@node-rs/argon2, its defaults: 19 MiB, two
// passes, OWASP's recommendation); the salt and parameters live in the hash string.

export const PASSWORD_LENGTH = { min: 12, max: 200 } as const;
/** zxcvbn's estimate, as for the other secrets a person types (lib/env.ts). */
const MIN_GUESSES_LOG10 = 10;

export type PasswordProblem = "too_short" | "too_long" | "too_weak";

/** Why a new password is refused, or undefined. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  if (password.length < PASSWORD_LENGTH.min) return "too_short";
  if (password.length > PASSWORD_LENGTH.max) return "too_long";
  if (guessesLog10(password) < MIN_GUESSES_LOG10) return "too_weak";
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a hash that is not one (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let unknownAccountHash: Promise<string> | undefined;

/**
 * A sign-in with an unknown email is checked against this hash of nothing anyone knows, so it
 * takes as long as a wrong password and the answer's timing does not tell which emails exist.
 */
export function hashForUnknownAccounts(): Promise<string> {
  unknownAccountHash ??= hash(crypto.randomUUID());
  return unknownAccountHash;
}
