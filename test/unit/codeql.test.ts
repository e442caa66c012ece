import { describe, expect, test } from "@jest/globals";
import { codeqlCheck, evaluateCodeql } from "../../src/checks/codeql/index.js";
import { known, unavailable, type Fact } from "../../src/facts/fact.js";
import type { CodeqlAnalysis, CodeScanningDefaultSetup, RepoFacts, TextFile } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

const wf = (path: string, content: string): TextFile => ({ path, content });
const codeqlJob = (on: string, languages = "javascript-typescript", analyze = true) =>
  [
    `on: ${on}`,
    "jobs:",
    "  analyze:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: github/codeql-action/init@v3",
    "        with:",
    `          languages: ${languages}`,
    ...(analyze ? ["      - uses: github/codeql-action/analyze@v3"] : []),
  ].join("\n");
const UPLOAD_ONLY = "on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ossf/scorecard-action@v2\n      - uses: github/codeql-action/upload-sarif@v3\n        with: { sarif_file: r.sarif }";
const OFF = known<CodeScanningDefaultSetup>({ state: "not-configured", languages: [], updatedAt: null });
const ON = (...languages: string[]) => known<CodeScanningDefaultSetup>({ state: "configured", languages, updatedAt: "2026-11-01T00:00:00Z" });
const analysis = (createdAt: string, language: string | null = "javascript"): CodeqlAnalysis => ({ createdAt, ref: "refs/heads/main", category: language ? `/language:${language}` : null, language });
const PUSHED = "2026-11-20T12:00:00Z";
const JS = known({ TypeScript: 800, JavaScript: 200 });

/** A GitHub-source fact world; every API signal readable unless overridden. */
const world = (over: Partial<RepoFacts> & { workflowFiles?: TextFile[] } = {}): RepoFacts => {
  const { workflowFiles = [], ...rest } = over;
  return factsWith({
    repo: { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "abc", private: false, archived: false, htmlUrl: null, pushedAt: PUSHED },
    workflows: known(workflowFiles),
    reusableWorkflows: known({}),
    codeScanningDefaultSetup: OFF,
    codeqlAnalyses: known([]),
    languages: JS,
    ...rest,
  });
};

describe("codeql: grading", () => {
  const cases: [string, RepoFacts, number | null, string][] = [
    ["nothing at all", world(), 0, "fail"],
    ["upload-sarif alone is not CodeQL", world({ workflowFiles: [wf(".github/workflows/scorecard.yml", UPLOAD_ONLY)] }), 0, "fail"],
    ["init without analyze is not a scan", world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("push", "javascript", false))] }), 0, "fail"],
    ["default setup + recent analyses + languages covered", world({ codeScanningDefaultSetup: ON("javascript-typescript"), codeqlAnalyses: known([analysis("2026-11-19T00:00:00Z")]) }), 10, "pass"],
    ["PR workflow + recent analyses", world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("[push, pull_request]"))], codeqlAnalyses: known([analysis("2026-11-20T00:00:00Z")]) }), 10, "pass"],
    ["schedule-only workflow + recent analyses", world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("{ schedule: [{ cron: '0 0 * * 0' }] }"))], codeqlAnalyses: known([analysis("2026-11-18T00:00:00Z")]) }), 8, "warn"],
    ["manual-only workflow, no analyses", world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("workflow_dispatch"))] }), 3, "warn"],
    ["stale analyses", world({ codeScanningDefaultSetup: ON("javascript-typescript"), codeqlAnalyses: known([analysis("2026-10-01T00:00:00Z")]) }), 8, "warn"],
    ["analyses without any visible configuration", world({ codeqlAnalyses: known([analysis("2026-11-20T00:00:00Z")]) }), 8, "warn"],
    ["languages partly covered, weighted by size", world({ codeScanningDefaultSetup: ON("python"), codeqlAnalyses: known([analysis("2026-11-20T00:00:00Z", "python")]), languages: known({ Python: 100, Go: 300 }) }), 8.5, "warn"],
    ["no language CodeQL reads, no workflows: not applicable", world({ languages: known({ Shell: 100, Dockerfile: 20 }) }), null, "unknown"],
    ["no language CodeQL reads, but workflows (actions): a 0 stands", world({ languages: known({ Shell: 100 }), workflowFiles: [wf(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: make }]")] }), 0, "fail"],
    ["default setup unreadable, no workflow: unknown", world({ codeScanningDefaultSetup: unavailable("GitHub refused (403)", "Administration: read") }), null, "unknown"],
    ["default setup unreadable, but a PR workflow: judged", world({ codeScanningDefaultSetup: unavailable("GitHub refused (403)", "Administration: read"), workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("pull_request"))], codeqlAnalyses: known([analysis("2026-11-20T00:00:00Z")]) }), 10, "pass"],
  ];
  test.each(cases)("%s", (_name, facts, score, outcome) => {
    const r = evaluateCodeql(facts);
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
  });

  test("a schedule-only workflow scores lower than one on pull requests", () => {
    const pr = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("pull_request"))] }));
    const sched = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("schedule"))] }));
    expect(sched.score!).toBeLessThan(pr.score!);
    expect(sched.findings.find((f) => f.id === "codeqlWorkflowScans")).toMatchObject({ outcome: "warn", line: 10 });
  });
});

describe("codeql: findings", () => {
  test("upload-sarif only is named at its line", () => {
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/scorecard.yml", UPLOAD_ONLY)] }));
    expect(r.findings.find((f) => f.id === "codeqlNotUploadSarifOnly")).toMatchObject({ outcome: "fail", path: ".github/workflows/scorecard.yml", line: 7 });
  });

  test("an upload-sarif job beside a real CodeQL job is another tool's upload: not a finding", () => {
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/scorecard.yml", UPLOAD_ONLY), wf(".github/workflows/c.yml", codeqlJob("pull_request"))] }));
    expect(r.findings.some((f) => f.id === "codeqlNotUploadSarifOnly")).toBe(false);
    expect(r.outcome).toBe("warn");
  });

  test("init without analyze is named", () => {
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("push", "go", false))] }));
    expect(r.findings.find((f) => f.id === "codeqlInitHasAnalyze")).toMatchObject({ outcome: "fail", line: 7 });
  });

  test("uncovered languages are named", () => {
    const r = evaluateCodeql(world({ codeScanningDefaultSetup: ON("python"), languages: known({ Python: 100, Go: 300, Java: 5 }) }));
    const missing = r.findings.filter((f) => f.id === "codeqlLanguageCovered" && f.outcome === "fail").map((f) => f.message);
    expect(missing).toHaveLength(2);
    expect(missing.join(" ")).toMatch(/^go .*java-kotlin/);
    expect(r.reason).toContain("missing: go, java-kotlin");
  });

  test("matrix languages are expanded from the job's matrix, include entries too", () => {
    const src = [
      "on: pull_request",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    strategy:",
      "      matrix:",
      "        language: [go]",
      "        include: [{ language: python }]",
      "    steps:",
      "      - uses: github/codeql-action/init@v3",
      "        with: { languages: '${{ matrix.language }}' }",
      "      - uses: github/codeql-action/analyze@v3",
    ].join("\n");
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", src)], languages: known({ Go: 1, Python: 1, Ruby: 2 }) }));
    const covered = r.findings.filter((f) => f.id === "codeqlLanguageCovered").map((f) => [f.message.split(" ")[0], f.outcome]);
    expect(covered).toEqual([["go", "pass"], ["python", "pass"], ["ruby", "fail"]]);
  });

  test("init without languages lets CodeQL detect them: every language covered", () => {
    const src = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3";
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", src)], languages: known({ Go: 1, Python: 1 }) }));
    expect(r.findings.filter((f) => f.id === "codeqlLanguageCovered").every((f) => f.outcome === "pass")).toBe(true);
  });

  test("languages from an expression that cannot be expanded are not guessed", () => {
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("push", "${{ inputs.langs }}"))], languages: known({ Go: 1 }) }));
    expect(r.findings.find((f) => f.id === "codeqlLanguageCovered")).toMatchObject({ outcome: "unknown" });
    expect(r.reason).toContain("language coverage");
  });

  test("a reusable workflow that runs CodeQL is credited with its caller's triggers", () => {
    const caller = "on: pull_request\njobs:\n  sec:\n    uses: o/shared/.github/workflows/codeql.yml@main";
    const called = codeqlJob("workflow_call");
    const r = evaluateCodeql(world({
      workflowFiles: [wf(".github/workflows/ci.yml", caller)],
      reusableWorkflows: known({ "o/shared/.github/workflows/codeql.yml@main": known(wf("o/shared/.github/workflows/codeql.yml@main", called)) }),
    }));
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")).toMatchObject({ outcome: "pass", line: 4 });
    expect(r.findings.find((f) => f.id === "codeqlWorkflowScans")!.message).toContain("reached through o/shared");
    expect(r.score).toBeGreaterThan(0);
  });

  test("an unresolvable reusable workflow is said, not pretended", () => {
    const caller = "on: pull_request\njobs:\n  sec:\n    uses: o/shared/.github/workflows/codeql.yml@main";
    const r = evaluateCodeql(world({
      workflowFiles: [wf(".github/workflows/ci.yml", caller)],
      reusableWorkflows: known<Record<string, Fact<TextFile>>>({ "o/shared/.github/workflows/codeql.yml@main": unavailable("GitHub refused (404)", "Contents: read") }),
    }));
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    expect(r.reason).toContain("o/shared/.github/workflows/codeql.yml@main could not be read");
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")!.message).toContain("could not look inside");
  });

  test("a workflow only callable by others gives no credit on its own", () => {
    const r = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("workflow_call"))] }));
    expect(r.score).toBe(0);
  });

  test("unknown names the permission to grant", () => {
    const r = evaluateCodeql(world({ codeScanningDefaultSetup: unavailable("GitHub refused (403)", "Administration: read") }));
    expect(r.reason).toContain('"Administration: read"');
  });

  test("stale analyses name both dates", () => {
    const r = evaluateCodeql(world({ codeScanningDefaultSetup: ON("javascript-typescript"), codeqlAnalyses: known([analysis("2026-10-01T00:00:00Z")]) }));
    expect(r.findings.find((f) => f.id === "codeqlAnalysesRecent")).toMatchObject({ outcome: "fail" });
    expect(r.findings.find((f) => f.id === "codeqlAnalysesRecent")!.message).toContain("50 days");
  });

  test("actions language is named when workflows exist, without changing the score", () => {
    const files = [wf(".github/workflows/c.yml", codeqlJob("pull_request"))];
    const without = evaluateCodeql(world({ workflowFiles: files }));
    const withActions = evaluateCodeql(world({ workflowFiles: [wf(".github/workflows/c.yml", codeqlJob("pull_request", "javascript-typescript, actions"))] }));
    expect(without.findings.some((f) => f.id === "codeqlActionsAnalysed")).toBe(true);
    expect(withActions.findings.some((f) => f.message.includes("`actions`"))).toBe(false);
    expect(without.score).toBe(withActions.score);
  });

  test("the check needs exactly the slices it reads", () => {
    expect([...codeqlCheck.needs].sort()).toEqual(["codeScanningDefaultSetup", "codeqlAnalyses", "languages", "reusableWorkflows", "workflows"]);
  });
});
