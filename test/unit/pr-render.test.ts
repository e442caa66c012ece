import { describe, expect, test } from "@jest/globals";
import { CHECKS } from "../../src/checks/registry.js";
import type { CheckResult } from "../../src/checks/types.js";
import { inline } from "../../src/render/format.js";
import { pullRequestView, renderCheckSummary, renderPrComment } from "../../src/render/render.js";
import type { Scan } from "../../src/scoring/scan.js";

const scan = (checks: CheckResult[], score: number): Scan => ({
  repo: { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "h".repeat(40), private: false, archived: false, htmlUrl: null },
  source: "github",
  trigger: "pull_request",
  scoredAt: "2026-11-23T00:00:00.000Z",
  score,
  excluded: [],
  checks,
});

const HEAD: CheckResult[] = [
  {
    id: "secrets",
    score: 0,
    outcome: "fail",
    reason: "2 credentials in the files: rotate them",
    findings: [
      { id: "noSecretInFiles", outcome: "fail", message: "AWS access key id (AKIA… (20 chars)) at a.env:3:1.", path: "a.env", line: 3, remediation: "Rotate it; for a test value mark the line with `scorecard-bot:allow-secret <reason>`.", fingerprint: "f1" },
      { id: "noSecretInFiles", outcome: "fail", message: "AWS secret access key (xae2… (40 chars)) at a.env:4:1.", path: "a.env", line: 4, remediation: "Rotate it.", fingerprint: "f2" },
    ],
  },
  {
    id: "harden-runner",
    score: 6,
    outcome: "warn",
    reason: "1 of 2 jobs",
    findings: [
      { id: "hardenRunnerFirstStep", outcome: "fail", message: "job `publish <x>` in .github/workflows/r.yml has no harden-runner step; if: `a && b`.", path: ".github/workflows/r.yml", line: 8, remediation: "Insert this:\n```yaml\n- uses: step-security/harden-runner@<sha>\n```" },
      { id: "hardenRunnerFirstStep", outcome: "pass", message: "job `test` starts with harden-runner.", path: ".github/workflows/ci.yml", line: 5 },
    ],
  },
];
const BASE: CheckResult[] = [
  { id: "secrets", score: 10, outcome: "pass", reason: "none", findings: [] },
  { id: "harden-runner", score: 9, outcome: "pass", reason: "2 of 2", findings: [{ id: "hardenRunnerFirstStep", outcome: "pass", message: "job `test` starts with harden-runner.", path: ".github/workflows/ci.yml", line: 5 }] },
];

const touched = new Set(["a.env", ".github/workflows/r.yml"]);
const view = () => pullRequestView(scan(HEAD, 3), { score: 9.5, checks: BASE, commit: "b".repeat(40) }, CHECKS, null, touched);

/** Every finding must start its own list item: "- a.- b" on one line is one item on GitHub. */
function itemsRunTogether(markdown: string): string[] {
  return markdown.split("\n").filter((l) => /\S- (\*\*|✅|⚠️|❌|❔)/u.test(l) && !l.trimStart().startsWith("|"));
}

describe("the check-run summary and the PR comment as markdown", () => {
  test("each finding is its own list item, in the summary and in the comment", () => {
    for (const md of [renderCheckSummary(view()), renderPrComment(view())]) {
      expect(itemsRunTogether(md)).toEqual([]);
      expect(md).toMatch(/^- \*\*Secrets\*\*: AWS access key id/m);
      expect(md).toMatch(/^- \*\*Secrets\*\*: AWS secret access key/m);
    }
    const summary = renderCheckSummary(view());
    expect(summary).toMatch(/^- ✅ job `test` starts with harden-runner/m);
  });

  test("angle brackets: literal inside code spans, escaped outside; fenced blocks untouched", () => {
    const md = renderCheckSummary(view());
    expect(md).toContain("`scorecard-bot:allow-secret <reason>`");
    expect(md).toContain("`publish <x>`");
    expect(md).toContain("`a && b`");
    expect(md).toContain("- uses: step-security/harden-runner@<sha>");
    expect(md).not.toContain("&lt;reason&gt;");
  });

  test("inline(): HTML outside code spans is neutralised, unclosed backticks are plain text", () => {
    expect(inline("<img src=x> and `<b>` and ``a`<c>`b``")).toBe("&lt;img src=x&gt; and `<b>` and ``a`<c>`b``");
    expect(inline("an ` alone <script>")).toBe("an ` alone &lt;script&gt;");
    expect(inline("line\nbreak")).toBe("line break");
    expect(inline("`".repeat(5000) + "<x>")).toBe("`".repeat(5000) + "&lt;x&gt;");
  });
});
