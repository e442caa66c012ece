import { describe, expect, test } from "@jest/globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateHardenRunner, hardenRunnerCheck } from "../../src/checks/harden-runner/index.js";
import { known, unavailable } from "../../src/facts/fact.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import type { TextFile } from "../../src/facts/types.js";
import { scoreRepository } from "../../src/runner.js";
import { factsWith } from "../helpers/facts.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");
const SHA = "0123456789abcdef0123456789abcdef01234567";

/** One workflow with one job whose steps are given as YAML lines (already indented 6). */
const job = (steps: string[], extra = ""): string =>
  ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", extra, "    steps:", ...steps].filter((l) => l !== "").join("\n");
const hr = (ref: string, policy?: string) =>
  [`      - uses: step-security/harden-runner@${ref}`, ...(policy === undefined ? [] : ["        with:", `          egress-policy: ${policy}`])].join("\n");
const RUN = "      - run: make";
const wf = (...contents: string[]): TextFile[] => contents.map((content, i) => ({ path: `.github/workflows/w${i}.yml`, content }));
const run = (files: TextFile[]) => evaluateHardenRunner(factsWith({ workflows: known(files) }));

describe("harden-runner: scoring per job", () => {
  const cases: [string, TextFile[], number | null, string][] = [
    ["first, block, SHA-pinned", wf(job([hr(SHA, "block"), RUN])), 10, "pass"],
    ["first, unset policy (the action's default is block), SHA", wf(job([hr(SHA), RUN])), 10, "pass"],
    ["first, audit, SHA", wf(job([hr(SHA, "audit"), RUN])), 8, "pass"],
    ["first, block, tag", wf(job([hr("v2", "block"), RUN])), 9, "pass"],
    ["first, audit, tag", wf(job([hr("v2", "audit"), RUN])), 7, "warn"],
    ["first, short SHA counts as a tag", wf(job([hr("0123456", "block"), RUN])), 9, "pass"],
    ["first, policy by an unexpandable expression leaves the block share", wf(job([hr(SHA, "${{ vars.POLICY }}"), RUN])), 10, "pass"],
    ["unreadable policy beside an audit job: block share judged on the audit job only", wf(job([hr(SHA, "${{ vars.POLICY }}"), RUN]), job([hr(SHA, "audit"), RUN])), 8, "pass"],
    ["not first", wf(job([RUN, hr(SHA, "block")])), 0, "fail"],
    ["missing", wf(job([RUN])), 0, "fail"],
    ["one of two jobs", wf(job([hr(SHA), RUN]), job([RUN])), 5, "warn"],
    ["no workflows: not applicable", [], null, "unknown"],
    ["only a reusable call: nothing counted", wf("on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/x.yml@v1"), null, "unknown"],
    ["only a container job: nothing counted", wf(job([RUN], "    container: node:20")), null, "unknown"],
    ["only a Windows job: nothing counted (harden-runner is Linux-only)", wf(job([RUN]).replace("ubuntu-latest", "windows-latest")), null, "unknown"],
    ["matrix of macOS and Windows only: nothing counted", wf(job([RUN], "    strategy:\n      matrix:\n        os: [macos-14, windows-2022]").replace("ubuntu-latest", "${{ matrix.os }}")), null, "unknown"],
    ["matrix with a Linux leg is counted", wf(job([RUN], "    strategy:\n      matrix:\n        os: [ubuntu-24.04, windows-2022]").replace("ubuntu-latest", "${{ matrix.os }}")), 0, "fail"],
    ["an expression choosing macOS or Ubuntu is counted", wf(job([RUN]).replace("ubuntu-latest", "${{ (matrix.language == 'swift' && 'macos-latest') || 'ubuntu-latest' }}")), 0, "fail"],
    ["self-hosted without the step: cannot tell, not counted", wf(job([RUN]).replace("ubuntu-latest", "[self-hosted, linux]")), null, "unknown"],
    ["a container job on a self-hosted runner is counted", wf(job([hr(SHA), RUN], "    container: node:20").replace("ubuntu-latest", "[self-hosted, linux]")), 10, "pass"],
    ["self-hosted Linux with the step is counted", wf(job([hr(SHA), RUN]).replace("ubuntu-latest", "[self-hosted, linux, x64]")), 10, "pass"],
    ["only an unparsable workflow", wf("jobs: [oops"), null, "unknown"],
    ["parse failure beside a perfect job caps at warn", wf(job([hr(SHA), RUN]), "jobs:\n  a: {"), 10, "warn"],
  ];
  test.each(cases)("%s", (_name, files, score, outcome) => {
    const r = run(files);
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
  });

  test("a look-alike action is not harden-runner once its action.yml shows it is no wrapper; unreadable, the job is not judged", () => {
    const files = wf(job(["      - uses: step-security/harden-runner-fork@v1", RUN]));
    const manifest = known({ path: "action.yml", content: "name: fork\nruns:\n  using: node20\n  main: index.js\n" });
    const opened = evaluateHardenRunner(factsWith({ workflows: known(files), actionManifests: known({ "step-security/harden-runner-fork@v1": manifest }) }));
    expect([opened.score, opened.outcome]).toEqual([0, "fail"]);
    const closed = run(files);
    expect([closed.score, closed.outcome]).toEqual([null, "unknown"]);
    expect(closed.findings[0]!.message).toContain("may wrap harden-runner");
  });

  test("one unhardened job among many never rounds up to 10", () => {
    const files = wf(...Array.from({ length: 199 }, () => job([hr(SHA), RUN])), job([RUN]));
    expect(run(files).score).toBe(9.9);
  });

  test("unavailable workflows are unknown with the reason", () => {
    const r = evaluateHardenRunner(factsWith({ workflows: unavailable("GitHub refused", "Contents: read") }));
    expect(r.score).toBeNull();
    expect(r.reason).toContain('"Contents: read"');
  });
});

describe("harden-runner: findings", () => {
  test("not first names the file, job, line and step position", () => {
    const r = run(wf(job([RUN, hr(SHA)])));
    const f = r.findings.find((x) => x.id === "hardenRunnerFirstStep")!;
    expect(f).toMatchObject({ outcome: "fail", path: ".github/workflows/w0.yml", line: 7 });
    expect(f.message).toContain("`build`");
    expect(f.message).toContain("step 2");
  });

  test("missing: remediation is the exact step to paste, pinned form", () => {
    const r = run(wf(job([RUN])));
    const f = r.findings.find((x) => x.id === "hardenRunnerFirstStep")!;
    expect(f).toMatchObject({ outcome: "fail", line: 3 });
    expect(f.remediation).toContain("uses: step-security/harden-runner@<full-40-char-commit-sha> # vX.Y.Z");
    expect(f.remediation).toContain("egress-policy:");
  });

  test("audit and tag pinning are separate warnings with remediations", () => {
    const r = run(wf(job([hr("v2", "audit"), RUN])));
    expect(r.findings.find((x) => x.id === "hardenRunnerEgressBlock")).toMatchObject({ outcome: "warn", line: 6 });
    expect(r.findings.find((x) => x.id === "hardenRunnerEgressBlock")!.remediation).toContain("egress-policy: block");
    expect(r.findings.find((x) => x.id === "hardenRunnerPinned")).toMatchObject({ outcome: "warn" });
    expect(r.findings.find((x) => x.id === "hardenRunnerPinned")!.message).toContain("`v2`");
  });

  test("unset policy is reported as the default block", () => {
    const r = run(wf(job([hr(SHA), RUN])));
    expect(r.findings.find((x) => x.id === "hardenRunnerEgressBlock")).toMatchObject({ outcome: "pass" });
    expect(r.findings.find((x) => x.id === "hardenRunnerEgressBlock")!.message).toContain("default, block");
  });

  test("the policy store is neither block nor audit: unknown, left out of the block share", () => {
    const r = run(wf(job([`      - uses: step-security/harden-runner@${SHA}`, "        with:", "          use-policy-store: true", RUN])));
    expect(r.score).toBe(10);
    const f = r.findings.find((x) => x.id === "hardenRunnerEgressBlock")!;
    expect(f.outcome).toBe("unknown");
    expect(f.message).toContain("policy store");
  });

  test("a parse failure is a finding with the parser's message and line", () => {
    const r = run(wf(job([hr(SHA), RUN]), "on: push\njobs:\n  a:\n    steps: [\n      - run: x\n"));
    const f = r.findings.find((x) => x.id === "workflowParses")!;
    expect(f).toMatchObject({ outcome: "warn", path: ".github/workflows/w1.yml" });
    expect(f.line).toBeGreaterThan(0);
    expect(f.message).toContain("could not be parsed");
  });

  test("reusable calls and container jobs are listed, not counted", () => {
    const r = run(wf(
      "on: push\njobs:\n  call:\n    uses: ./.github/workflows/x.yml\n" + ["  box:", "    runs-on: ubuntu-latest", "    container:", "      image: node:20", "    steps:", RUN].join("\n"),
      job([hr(SHA), RUN]),
    ));
    expect(r.score).toBe(10);
    const notCounted = r.findings.filter((x) => x.id === "hardenRunnerJobCounted");
    expect(notCounted.map((x) => x.outcome)).toEqual(["unknown", "warn"]);
    expect(notCounted[0]!.message).toContain("./.github/workflows/x.yml");
    expect(notCounted[1]!.message).toContain("node:20");
    expect(r.reason).toContain("1 of 1");
  });

  test("steps shared through a YAML anchor count for every job using them", () => {
    const src = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps: &s",
      `      - uses: step-security/harden-runner@${SHA}`,
      "      - run: make",
      "  b:",
      "    runs-on: macos-latest",
      "    steps: *s",
    ].join("\n");
    expect(run(wf(src)).score).toBe(10);
  });
});

describe("harden-runner: fixture repositories through the local source", () => {
  const scan = async (name: string) => {
    const src = await LocalDirSource.open(path.join(fixtures, name));
    const s = await scoreRepository(src, { trigger: "manual", checks: [hardenRunnerCheck] });
    return s.checks[0]!;
  };

  test("hr-none: no workflows is not applicable", async () => {
    const r = await scan("hr-none");
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    expect(r.reason).toContain("no GitHub Actions workflows");
  });

  test("hr-full: every step job hardened; reusable call and container job listed", async () => {
    const r = await scan("hr-full");
    expect(r).toMatchObject({ score: 10, outcome: "pass" });
    expect(r.reason).toContain("3 of 3");
    expect(r.findings.filter((f) => f.id === "hardenRunnerJobCounted")).toHaveLength(2);
  });

  test("hr-mixed: audit + tag, not first, missing, and a broken file", async () => {
    const r = await scan("hr-mixed");
    expect(r.score).toBe(2.3);
    expect(r.outcome).toBe("warn");
    const broken = r.findings.find((f) => f.id === "workflowParses")!;
    expect(broken.path).toBe(".github/workflows/Broken.YML");
    const first = r.findings.filter((f) => f.id === "hardenRunnerFirstStep");
    expect(first.map((f) => [f.outcome, f.line])).toEqual([["pass", 6], ["fail", 14], ["fail", 16]]);
  });
});
