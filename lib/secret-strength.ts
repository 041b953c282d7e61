import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// How many guesses an attacker needs for a secret, estimated by zxcvbn (common passwords,
// keyboard walks, repeats, sequences, dates). Only production start-up asks, so the dictionaries
// are loaded on first use rather than by every process that reads the configuration.

let estimator: ZxcvbnFactory | undefined;

/** log10 of the estimated number of guesses needed to find `secret`. */
export function guessesLog10(secret: string): number {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(secret).guessesLog10;
}
