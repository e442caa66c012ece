import type { Finding } from "../types.js";
import type { CodeqlLanguage } from "./languages.js";

/** What the signals say, gathered before grading. */
export interface Tally {
  findings: Finding[];
  setup: number;
  setupWhy: string[];
  /** languages some working scan analyses */
  covered: Set<CodeqlLanguage>;
  /** a scan lets CodeQL detect the languages itself */
  coversAll: boolean;
  /** `languages:` expressions that could not be expanded */
  opaque: string[];
  /** signals that could not be read, which could have shown CodeQL */
  blind: string[];
  /** signals that could not be read at all, for the reason */
  unavailable: string[];
  /** upload-sarif without CodeQL: said only when nothing else shows CodeQL (else it is another tool's upload) */
  uploadSarifOnly: Finding[];
  /** index of the "default setup not configured" finding, if any */
  defaultSetupOff?: number;
}

export function newTally(): Tally {
  return { findings: [], uploadSarifOnly: [], setup: 0, setupWhy: [], covered: new Set(), coversAll: false, opaque: [], blind: [], unavailable: [] };
}

/** Keep the strongest setup signal and why. */
export function raiseSetup(t: Tally, points: number, why: string): void {
  if (points > t.setup) {
    t.setup = points;
    t.setupWhy = [why];
  }
}
