import type { RubricLine } from "../types.js";
import { IGNORED_DIRS } from "./ecosystems.js";

export const POINTS = {
  coverage: 6,
  alerts: 2,
  securityUpdates: 2,
  perCritical: 1,
  perHigh: 0.5,
  maxPenalty: 3,
} as const;

export const RUBRIC: readonly RubricLine[] = [
  {
    points: `0–${POINTS.coverage}`,
    text: "Update tool coverage: for each package ecosystem found in the repository, the share of its manifest directories that Dependabot (`.github/dependabot.yml` `directory`/`directories`, globs included) or Renovate updates; averaged over ecosystems. Each uncovered directory is a finding naming its manifest.",
  },
  { points: `+${POINTS.alerts}`, text: "Dependabot alerts are enabled." },
  { points: `+${POINTS.securityUpdates}`, text: "Dependabot security updates are enabled (and not paused)." },
  {
    points: `−${POINTS.perCritical} / −${POINTS.perHigh}`,
    text: `Per open critical / high Dependabot alert, at most −${POINTS.maxPenalty} in all.`,
  },
  {
    points: "scale",
    text: "A part the app cannot see (alerts and settings on a local checkout, or without the permission) is left out and the rest is scaled to 10, with a finding saying what was not seen. No manifest at all: unknown (nothing to update).",
  },
  {
    points: "note",
    text: `Manifests under ${IGNORED_DIRS.join(", ")} (and Maven test projects under src/test/resources and src/it) are not the project's own and are ignored. Nested Maven, Gradle (a root with build.gradle or settings.gradle), Cargo, .NET and npm workspace members (no npm or Cargo lockfile of their own) are covered by their root's entry; pip requirement files one directory below a pip entry's directory (requirements/dev.txt) are read by that entry, as Dependabot does. Renovate covers every ecosystem it supports unless \`enabledManagers\` narrows it or the manager is switched off (\`"dockerfile": { "enabled": false }\`, or a package rule matching on managers alone), and skips what its \`ignorePaths\` names (the recommended preset's \`:ignoreModulesAndTests\` skips test, example and vendored package files). Manifests an entry's \`exclude-paths\` names (read from the root or from the entry's directory) are not covered by it. An entry with \`open-pull-requests-limit: 0\`, or that ignores every version of \`"*"\`, runs no version updates and covers nothing. A key repeated in dependabot.yml is a warning (Dependabot keeps the last).`,
  },
];

export const REMEDIATION = {
  noTool: "Add .github/dependabot.yml with one `updates` entry per package ecosystem and directory (or a Renovate config).",
  uncovered: (ecosystem: string, dir: string) =>
    `Add to .github/dependabot.yml:\n  - package-ecosystem: "${ecosystem}"\n    directory: "/${dir}"\n    schedule:\n      interval: "weekly"`,
  malformed: "Fix the YAML so Dependabot can read it (GitHub shows the error under Insights → Dependency graph → Dependabot).",
  alerts: "Enable Dependabot alerts (Settings → Code security → Dependabot alerts).",
  securityUpdates: "Enable Dependabot security updates (Settings → Code security → Dependabot security updates).",
  openAlerts: "Fix or dismiss the open critical and high Dependabot alerts (Security → Dependabot).",
} as const;
