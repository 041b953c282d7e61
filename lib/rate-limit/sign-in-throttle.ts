import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { refusal, retryAfterSeconds } from "./limiter";

// Sign-in throttling after rate-limiter-flexible's "login endpoint protection" (consecutive
// failures by username and IP, plus a wider net), made so that an attacker cannot lock the owner
// out:
// - Per address: RATE_LIMIT_SIGN_IN_ADDRESS tries while failing (a success clears them); past
//   that, the address is refused for a whole window. An attacker locks out only their own address.
// - Per account: failures from every address together. Past RATE_LIMIT_SIGN_IN_ACCOUNT the
//   account is under a distributed attack, and until the window ends an address that has already
//   failed may not try again, so every address the attacker has gets one guess per window. An
//   address with no failures, the owner's as a rule, may still sign in.

export type SignInGate =
  | { allowed: true; failed(): Promise<void>; succeeded(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

export interface SignInThrottle {
  /** Call before checking the password; then report how the check went. */
  begin(account: string, addressKey: string): Promise<SignInGate>;
}

export interface SignInCounters {
  /** Tries per address, cleared by a success; blocks the address for a window once exceeded. */
  byAddress: RateLimiterAbstract;
  /** Failures per account from all addresses. */
  byAccount: RateLimiterAbstract;
}

export function createSignInThrottle({ byAddress, byAccount }: SignInCounters): SignInThrottle {
  return {
    async begin(account, addressKey) {
      // Counting the try before the password is checked (not after a failure) means a burst of
      // parallel guesses from one address cannot all slip in before the first failure is counted.
      let tries;
      try {
        tries = await byAddress.consume(addressKey);
      } catch (rejection) {
        return { allowed: false, retryAfterSeconds: retryAfterSeconds(refusal(rejection)) };
      }
      const failedBefore = tries.consumedPoints > 1;
      if (failedBefore) {
        const failures = await byAccount.get(account);
        if (failures && failures.consumedPoints >= byAccount.points) {
          // Whichever ends first: the account's window, or this address's own (then it is clean).
          return { allowed: false, retryAfterSeconds: retryAfterSeconds({ msBeforeNext: Math.min(failures.msBeforeNext, tries.msBeforeNext) }) };
        }
      }
      return {
        allowed: true,
        failed: async () => {
          await byAccount.penalty(account);
        },
        succeeded: async () => {
          await byAddress.delete(addressKey);
        },
      };
    },
  };
}
