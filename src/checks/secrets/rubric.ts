import type { RubricLine } from "../types.js";

/** Score when our scan is clean but GitHub secret scanning is off. */
export const SCORE_SCANNING_OFF = 7;
/** Score when our scan is clean and GitHub's setting could not be read. */
export const SCORE_SCANNING_UNKNOWN = 9;
/** Findings listed one by one; the rest are counted. */
export const MAX_LISTED = 50;

export const RUBRIC: readonly RubricLine[] = [
  { points: 0, text: "A credential found by our scanner in the files of the default branch (not suppressed), or in the added lines of a commit pushed to it (a credential pushed and removed again stays in the history), or an open GitHub secret-scanning alert. Findings are listed masked (first 4 characters and the length)." },
  { points: SCORE_SCANNING_OFF, text: "No credential found, but GitHub secret scanning is off (it is free for public repositories)." },
  { points: SCORE_SCANNING_UNKNOWN, text: "No credential found; whether GitHub secret scanning is on could not be read (a local checkout, or no \"Administration: read\")." },
  { points: 10, text: "No credential found and GitHub secret scanning is on." },
  { points: "—", text: "Suppressed findings (`scorecard-bot:allow-secret <reason>` on the line) and allowlisted paths (`secrets.allow_paths` in .github/scorecard.yml) are reported, not counted. Push protection is reported when visible. Without our own scan the check is unknown." },
];

export const REMEDIATION = {
  leaked:
    "Rotate (revoke and reissue) this credential now: removing it from the branch does not un-leak it, it stays in the history and in every clone. Then load it from a secret store or an environment variable (e.g. GitHub Actions secrets) and never commit it. If it is a deliberate test value, mark the line with `scorecard-bot:allow-secret <reason>`.",
  alert: "Rotate the credential, then close the alert as revoked in the repository's Security → Secret scanning page.",
  scanningOff:
    "Turn on secret scanning and push protection in Settings → Code security (free for public repositories; GitHub Secret Protection for private ones), so that GitHub blocks pushes that contain known credential formats.",
  scanningUnknown: 'Grant the app "Administration: read" (and "Secret scanning alerts: read") so it can see whether GitHub secret scanning is on.',
  pushProtection: "Turn on push protection in Settings → Code security, so that pushes containing a known credential format are blocked before they land.",
  suppressed: "Suppressed findings are still credentials in the repository: make sure each one is a test value or has been rotated.",
  skipped: "Files over the size limits, binary files and allowlisted paths are not scanned; keep credentials out of them too.",
} as const;
