import type { RubricLine } from "../types.js";
import { MAX_GRADED_CHARS, MIN_WORDS } from "./content.js";

export const POINTS = {
  present: 1,
  channel: 4,
  responseTime: 1,
  disclosure: 1.5,
  scope: 1,
  encryption: 0.5,
  prose: 0.5,
  privateReporting: 0.5,
  /** the most a policy without a private channel can score */
  capWithoutChannel: 4,
} as const;

export const RUBRIC: readonly RubricLine[] = [
  { points: 0, text: "No SECURITY.md in the repository (root, .github/, docs/; any case; .md, .markdown, .rst, .adoc, .txt) nor in the organization's .github repository." },
  { points: `+${POINTS.present}`, text: "A policy exists." },
  {
    points: `+${POINTS.channel}`,
    text: "It names a private reporting channel: an email address (also written as `name [at] host [dot] org` or `name at host dot org`), a link to GitHub private vulnerability reporting (`/security/advisories/new`, also written relative to the policy as `../../security/advisories/new`) or a mention of it, a reporting platform, bug bounty or form URL, or a bounty platform named without its link (\"report via HackerOne\"). A link to the owner's security repository or another repository's SECURITY.md hands over to that policy and counts. A template's unfilled address (security@yourproject.com) is not a channel; a link to the issue tracker is public, not a channel. GitHub private vulnerability reporting enabled counts as a channel too, unless the policy sends reporters to public issues.",
  },
  { points: `+${POINTS.responseTime}`, text: "It commits to a response time (\"within 48 hours\", \"5 business days\", \"72h\"; also in German, French, Spanish, Italian, Chinese and Japanese units)." },
  { points: `+${POINTS.disclosure}`, text: "It describes the disclosure process: coordinated disclosure, embargo, advisories or CVEs, how fixes are released." },
  { points: `+${POINTS.scope}`, text: "It states the scope or the supported versions (a table of versions counts)." },
  { points: `+${POINTS.encryption}`, text: "It offers encryption (a PGP key or fingerprint)." },
  { points: `+${POINTS.prose}`, text: `It is a policy rather than a stub: at least ${MIN_WORDS} words, GitHub's template sentences and HTML comments not counted.` },
  { points: `+${POINTS.privateReporting}`, text: "GitHub private vulnerability reporting is enabled (when the app cannot see this setting, it is left out and the rest is scaled to 10)." },
  { points: `≤ ${POINTS.capWithoutChannel}`, text: "Without a private reporting channel the score is capped: \"open an issue\" or \"contact the maintainers\" scores low." },
  { points: "note", text: `Only the first ${MAX_GRADED_CHARS / 1024} KB of the file are graded. A policy that is not Markdown (.rst, .adoc, .txt) is graded with a warning: GitHub looks for SECURITY.md.` },
];

export const REMEDIATION = {
  missing:
    "Add a SECURITY.md to the repository root (or to the organization's .github repository) that tells reporters how to reach you privately, e.g. an email address or GitHub private vulnerability reporting.",
  noContact:
    "Name a private reporting channel in SECURITY.md: a security@ email address, or a link to the repository's Security → Report a vulnerability form (GitHub private vulnerability reporting).",
  publicIssues: "Do not ask reporters to open public issues for vulnerabilities: anyone can read them before a fix exists. Point them to a private channel instead.",
  responseTime: "Say how soon reporters hear back, e.g. \"We acknowledge reports within 3 business days.\"",
  disclosure: "Describe what happens after a report: coordinated disclosure, how long the embargo lasts, and how fixes and advisories (CVE) are published.",
  scope: "Add a \"Supported versions\" section (a table of versions that receive security fixes) or say what is in scope.",
  encryption: "Offer a PGP key (or its fingerprint and where to fetch it) for reporters who want to encrypt.",
  prose: "Turn the stub into a policy: how to report, what to include, what happens next.",
  privateReporting: "Enable private vulnerability reporting (Settings → Code security → Private vulnerability reporting).",
} as const;
