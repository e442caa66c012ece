import type { RubricLine } from "../types.js";

export const RUBRIC: readonly RubricLine[] = [
  { points: 0, text: "No SECURITY.md in the repository (root, .github/, docs/) nor in the organization's .github repository." },
  { points: 4, text: "A policy exists but names no private way to report (no email address or URL): at most 4." },
  { points: 10, text: "A policy exists and names a private reporting channel (an email address or a URL)." },
];

export const REMEDIATION = {
  missing:
    "Add a SECURITY.md to the repository root (or to the organization's .github repository) that tells reporters how to reach you privately, e.g. an email address or GitHub private vulnerability reporting.",
  noContact:
    "Name a private reporting channel in SECURITY.md: a security@ email address, or a link to the repository's Security → Report a vulnerability form (GitHub private vulnerability reporting).",
} as const;
