import type { RubricLine } from "../types.js";

/** Points, out of 10, each a share of the counted jobs. */
export const POINTS = { firstStep: 7, block: 2, pinned: 1 } as const;

export const RUBRIC: readonly RubricLine[] = [
  { points: POINTS.firstStep, text: "× the share of counted jobs whose first step is step-security/harden-runner (a later position leaves the earlier steps unmonitored and earns nothing)." },
  { points: POINTS.block, text: "× the share of counted jobs whose harden-runner enforces egress-policy: block (unset means block, the action's default; audit only watches). A policy the file does not show (the StepSecurity policy store, an expression that cannot be expanded) is neither: those jobs leave this share, and when no counted job's policy can be read these points leave the total (the score is then out of 8, scaled to 10). An input's value is read from the callers in the repository." },
  { points: POINTS.pinned, text: "× the share of counted jobs whose harden-runner is pinned to a full 40-character commit SHA (a tag can be moved)." },
  { points: "—", text: "Counted jobs: jobs in .github/workflows/ that run steps on a runner. Jobs that call a reusable workflow, jobs that run in a `container:` (which harden-runner does not support on GitHub-hosted runners) jobs that run only on Windows or macOS runners (harden-runner supports Linux only), self-hosted jobs without the step (the agent may be in the runner image, which a file cannot show; a runner label that is no GitHub-hosted ubuntu-… image, e.g. an ARC scale set or a group, may be self-hosted), and jobs without the step whose runner is chosen by an expression that cannot be expanded (it may not be Linux) are listed but not counted. `${{ matrix.x }}`, `cond && 'a' || 'b'` and a reusable workflow's `${{ inputs.x }}` (from the callers in the repository) are expanded. A job that never runs (`if: false`, an input every caller leaves off, an event its workflow lacks) is left out. An action named like a harden-runner wrapper is opened: a composite starting with harden-runner counts as it (a local one runs after checkout, so never first); a first-step wrapper that cannot be read leaves the job uncounted." },
  { points: "pass", text: "every counted job starts with harden-runner and the score is at least 8; warn when some do; fail when none do." },
  { points: "unknown", text: "no workflows, or no counted jobs: there is no runner to harden, so the check is left out of the total. A workflow that cannot be parsed is a warning finding with the parser's message; its jobs are not counted." },
];

const PIN = "step-security/harden-runner@<full-40-char-commit-sha> # vX.Y.Z: the release whose commit you pinned";

export const REMEDIATION = {
  add: [
    "Insert this as the first step of the job (start with audit, read the job's outbound calls in the StepSecurity insights, then switch to block with allowed-endpoints):",
    "```yaml",
    "- name: Harden the runner",
    `  uses: ${PIN}`,
    "  with:",
    "    egress-policy: audit",
    "```",
  ].join("\n"),
  moveFirst: "Move the harden-runner step to the top of `steps:` so that it runs before any other step, including actions/checkout.",
  block: [
    "Enforce the egress policy, allowing only the endpoints the audit showed the job needs:",
    "```yaml",
    "- name: Harden the runner",
    `  uses: ${PIN}`,
    "  with:",
    "    egress-policy: block",
    "    allowed-endpoints: >",
    "      github.com:443",
    "      api.github.com:443",
    "```",
  ].join("\n"),
  pin: `Pin the action to the full commit SHA of a release instead of a tag or branch:\n\`\`\`yaml\nuses: ${PIN}\n\`\`\``,
  container: "harden-runner cannot monitor a job that runs in a `container:` on GitHub-hosted runners. If the container is not essential, run the steps on the runner (e.g. with `docker run` steps after harden-runner).",
  parse: "Fix the YAML so that GitHub (and this check) can read the workflow.",
} as const;
