import type { Outcome } from "./types.js";

/** A check's outcome from its score: pass at or above `pass`, warn at or above `warn`, else fail. */
export const outcomeBands =
  (pass: number, warn: number) =>
  (score: number): Outcome =>
    score >= pass ? "pass" : score >= warn ? "warn" : "fail";
