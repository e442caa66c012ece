/**
 * Shapes met in public repositories' workflows (the audit's cases), written small and synthetic:
 * runners chosen through reusable-workflow inputs and `&& ||` expressions, CodeQL started only on
 * a schedule by a job condition, steps switched off by an input the caller leaves unset.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { scanWorkflows } from "../../src/checks/codeql/workflow-scan.js";
import { evaluateHardenRunner } from "../../src/checks/harden-runner/index.js";
import { known, type Fact } from "../../src/facts/fact.js";
import type { TextFile } from "../../src/facts/types.js";
import { eventsAllowedBy, neverTrue, possibleValues } from "../../src/workflows/expressions.js";
import { factsWith } from "../helpers/facts.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hardenRunnerCheck } from "../../src/checks/harden-runner/index.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import { scoreRepository } from "../../src/runner.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const file = (name: string, lines: string[]): TextFile => ({ path: `.github/workflows/${name}`, content: lines.join("\n") });
const hr = (files: TextFile[]) => evaluateHardenRunner(factsWith({ workflows: known(files) }));
const jobIds = (r: ReturnType<typeof hr>, id: string, outcome: string) =>
  r.findings.filter((f) => f.id === id && f.outcome === outcome).map((f) => /job `([^`]+)`/.exec(f.message)?.[1]);
/** Every local workflow as the reusable-workflows fact holds it (keyed by the `uses:` text). */
const localReusable = (files: TextFile[]): Fact<Record<string, Fact<TextFile>>> => known(Object.fromEntries(files.map((f) => [`./${f.path}`, known(f)])));

describe("expressions: the values a runner label or input may take", () => {
  const matrix = { kind: "values" as const, values: { os: ["ubuntu-24.04", "macos-14"], config: [{ os: "windows-2022" }, { os: "ubuntu-22.04" }] } };
  test.each([
    ["plain text", "ubuntu-latest", {}, ["ubuntu-latest"]],
    ["a matrix key", "${{ matrix.os }}", { matrix }, ["ubuntu-24.04", "macos-14"]],
    ["a nested matrix key", "${{matrix.config.os}}", { matrix }, ["windows-2022", "ubuntu-22.04"]],
    ["the && || idiom", "${{ inputs.arch == 'x64' && 'windows-2022' || 'windows-11-arm' }}", {}, ["windows-2022", "windows-11-arm"]],
    ["parenthesised idiom", "${{ (matrix.lang == 'swift' && 'macos-latest') || 'ubuntu-latest' }}", {}, ["macos-latest", "ubuntu-latest"]],
    ["an input with known values", "${{ inputs.os }}", { inputs: { os: ["macos-13"] } }, ["macos-13"]],
    ["an input nobody sets here", "${{ inputs.os }}", {}, null],
    ["fromJSON of a literal", `\${{ fromJSON('["self-hosted","linux"]') }}`, {}, [["self-hosted", "linux"]]],
    ["text around an expression", "ubuntu-${{ matrix.v }}", { matrix: { kind: "values" as const, values: { v: ["22.04", "24.04"] } } }, ["ubuntu-22.04", "ubuntu-24.04"]],
    ["a job output cannot be told", "${{ needs.setup.outputs.runner }}", {}, null],
    ["a quote inside a literal", "${{ 'it''s' }}", {}, ["it's"]],
    ["runner.os known: the chain stops at the true branch", "${{ runner.os == 'Linux' && 'block' || 'audit' }}", { runnerOs: "Linux" }, ["block"]],
    ["runner.os known: a false branch is skipped", "${{ runner.os != 'Linux' && 'audit' || 'block' }}", { runnerOs: "Linux" }, ["block"]],
    ["runner.os unknown: both branches", "${{ runner.os == 'Linux' && 'block' || 'audit' }}", {}, ["block", "audit"]],
    ["env from the workflow or job", "${{ env.POLICY }}", { env: { POLICY: "block" } }, ["block"]],
    ["env holding an expression", "${{ env.POLICY }}", { env: { POLICY: "${{ matrix.p }}" }, matrix: { kind: "values" as const, values: { p: ["audit"] } } }, ["audit"]],
    ["env not set", "${{ env.POLICY }}", {}, null],
  ])("%s", (_name, text, scope, expected) => {
    expect(possibleValues(text, scope)).toEqual(expected);
  });

  test("any text: a list or null, never a throw, quickly (nested parentheses, quotes, unclosed braces)", () => {
    const piece = fc.constantFrom("${{", "}}", "(", ")", "'", "''", "&&", "||", "matrix.os", "inputs.x", "fromJSON(", "github.event_name == 'push'", " ", "!", "false", "ubuntu-latest");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.string({ maxLength: 40 }), (parts, noise) => {
        const text = parts.join("") + noise;
        const scope = { inputs: { x: ["a", "b"] }, matrix: { kind: "values" as const, values: { os: ["ubuntu-latest", "macos-14"] } } };
        const v = possibleValues(text, scope);
        expect(v === null || Array.isArray(v)).toBe(true);
        expect(typeof neverTrue(text, scope)).toBe("boolean");
        expect(eventsAllowedBy(text, new Set(["push"])).size).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
    const start = Date.now();
    possibleValues("${{ " + "(".repeat(2000) + "'x'" + ")".repeat(2000) + " }}", {});
    possibleValues("${{ '" + "''".repeat(5000) + "x }}", {});
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test("event conditions narrow the events; other conditions leave them", () => {
    const all = new Set(["push", "pull_request", "schedule", "workflow_dispatch"]);
    expect([...eventsAllowedBy("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'", all)]).toEqual(["schedule", "workflow_dispatch"]);
    expect([...eventsAllowedBy("${{ github.repository == 'o/r' && (github.event_name == 'push') }}", all)]).toEqual(["push"]);
    expect([...eventsAllowedBy("github.event_name != 'schedule'", all)].sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
    expect(eventsAllowedBy("github.event_name == 'schedule' || always()", all)).toEqual(all);
    expect(eventsAllowedBy(null, all)).toEqual(all);
  });

  test("a condition needing an input that is off never holds", () => {
    expect(neverTrue("inputs.build_codeql == true && steps.skip.outputs.skip != 'true'", { inputs: { build_codeql: [""] } })).toBe(true);
    expect(neverTrue("${{ inputs.harden }}", { inputs: { harden: ["false"] } })).toBe(true);
    expect(neverTrue("inputs.build_codeql == true", { inputs: { build_codeql: ["", "true"] } })).toBe(false);
    expect(neverTrue("inputs.build_codeql == true", {})).toBe(false);
    expect(neverTrue("inputs.x || inputs.y", { inputs: { x: ["false"], y: ["false"] } })).toBe(false);
  });
});

describe("harden-runner: runners chosen by expressions and reusable-workflow inputs", () => {
  // A reusable workflow whose runner comes from the caller, called with a matrix of macOS versions.
  const macosReusable = file("reusable-macos.yml", [
    "on:",
    "  workflow_call:",
    "    inputs:",
    "      os:",
    "        required: true",
    "        type: string",
    "jobs:",
    "  build:",
    "    runs-on: ${{ inputs.os }}",
    "    steps:",
    "      - run: make test",
  ]);
  const caller = (oses: string[]) =>
    file("build.yml", [
      "on: [push, pull_request]",
      "jobs:",
      "  macos:",
      "    strategy:",
      "      matrix:",
      `        os: [${oses.join(", ")}]`,
      "    uses: ./.github/workflows/reusable-macos.yml",
      "    with:",
      "      os: ${{ matrix.os }}",
    ]);

  test("a reusable workflow run only on the callers' macOS runners is not counted", () => {
    const r = hr([caller(["macos-14", "macos-13"]), macosReusable]);
    expect(r.score).toBeNull();
    expect(r.outcome).toBe("unknown");
    expect(r.findings.find((f) => f.message.includes("`build`"))?.message).toContain("macos-14, macos-13");
  });

  test("the same workflow called with a Linux runner too is counted (and here fails)", () => {
    const r = hr([caller(["macos-14", "ubuntu-24.04"]), macosReusable]);
    expect(r.score).toBe(0);
    expect(jobIds(r, "hardenRunnerFirstStep", "fail")).toEqual(["build"]);
  });

  test("with no caller in the repository, the runner cannot be told: not counted without the step", () => {
    const r = hr([macosReusable]);
    expect(r.outcome).toBe("unknown");
    expect(r.findings[0]).toMatchObject({ id: "hardenRunnerJobCounted", outcome: "unknown", line: 8 });
    expect(r.findings[0]!.message).toContain("${{ inputs.os }}");
  });

  test("an unexpandable runner with harden-runner first is counted", () => {
    const r = hr([
      file("ci.yml", ["on: push", "jobs:", "  t:", "    runs-on: ${{ needs.setup.outputs.runner }}", "    steps:", `      - uses: step-security/harden-runner@${SHA}`, "      - run: make"]),
    ]);
    expect(r.score).toBe(10);
  });

  test("`cond && 'windows-…' || 'windows-…'` is Windows either way", () => {
    const r = hr([file("ci.yml", ["on: push", "jobs:", "  b:", "    runs-on: ${{ inputs.arch == 'x64' && 'windows-2022' || 'windows-11-arm' }}", "    steps:", "      - run: msbuild"])]);
    expect(r.outcome).toBe("unknown");
  });

  test("a matrix of objects (`matrix.config.os`) is expanded", () => {
    const lines = (oses: string[]) => [
      "on: push",
      "jobs:",
      "  b:",
      "    runs-on: ${{ matrix.config.os }}",
      "    strategy:",
      "      matrix:",
      "        config:",
      ...oses.map((os) => `          - { name: x, os: ${os} }`),
      "    steps:",
      "      - run: make",
    ];
    expect(hr([file("ci.yml", lines(["windows-2022", "macos-14"]))]).outcome).toBe("unknown");
    expect(hr([file("ci.yml", lines(["windows-2022", "ubuntu-24.04"]))]).outcome).toBe("fail");
  });

  test("a runner label that is no GitHub-hosted image (an ARC scale set, a group) without the step: not counted; with it: counted", () => {
    const jobOn = (runsOn: string[], steps: string[]) => ["  j:", ...runsOn.map((l) => `    ${l}`), "    steps:", ...steps, "      - run: make"];
    const hrStep = `      - uses: step-security/harden-runner@${SHA}`;
    const r = hr([file("ci.yml", ["on: push", "jobs:", ...jobOn(["runs-on: arc-runner-set"], [])])]);
    expect(r.outcome).toBe("unknown");
    expect(r.findings[0]!.message).toContain("arc-runner-set, no GitHub-hosted runner label");
    expect(hr([file("ci.yml", ["on: push", "jobs:", ...jobOn(["runs-on:", "      group: linux-large"], [])])]).outcome).toBe("unknown");
    expect(hr([file("ci.yml", ["on: push", "jobs:", ...jobOn(["runs-on: arc-runner-set"], [hrStep])])]).score).toBe(10);
    // A GitHub larger runner's label still names the image.
    expect(hr([file("ci.yml", ["on: push", "jobs:", ...jobOn(["runs-on: ubuntu-latest-16-cores"], [])])]).outcome).toBe("fail");
  });

  test("a job switched off (if: false) or limited to an event its workflow lacks runs no runner: not listed", () => {
    const jobs = (cond: string) => hr([file("ci.yml", ["on: [push, pull_request]", "jobs:", "  off:", `    if: ${cond}`, "    runs-on: ubuntu-latest", "    steps:", "      - run: make", "  on:", "    runs-on: ubuntu-latest", "    steps:", `      - uses: step-security/harden-runner@${SHA}`])]);
    for (const cond of ["false", "${{ false }}", "github.event_name == 'release'", "github.repository == 'o/r' && github.event_name == 'schedule'"]) {
      const r = jobs(cond);
      expect([cond, r.score]).toEqual([cond, 10]);
      expect(r.findings.some((f) => f.message.includes("`off`"))).toBe(false);
    }
    expect(jobs("github.event_name == 'push'").score).toBe(5);
  });

  test("[self-hosted, macOS] is not Linux even though self-hosted is among the labels", () => {
    const r = hr([file("ci.yml", ["on: push", "jobs:", "  b:", "    runs-on: [self-hosted, macOS, ARM64]", "    steps:", `      - uses: step-security/harden-runner@${SHA}`, "      - run: make"])]);
    expect(r.outcome).toBe("unknown");
  });

  // A reusable workflow that makes harden-runner and its policy inputs of the caller.
  const optional = file("reusable-lint.yml", [
    "on:",
    "  workflow_call:",
    "    inputs:",
    "      harden:",
    "        type: boolean",
    "        default: true",
    "      policy:",
    "        type: string",
    "        default: audit",
    "jobs:",
    "  lint:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - if: ${{ inputs.harden }}",
    `        uses: step-security/harden-runner@${SHA}`,
    "        with:",
    "          egress-policy: ${{ inputs.policy }}",
    "      - run: make lint",
  ]);
  const callerWith = (w: string[]) => file("ci.yml", ["on: pull_request", "jobs:", "  call:", "    uses: ./.github/workflows/reusable-lint.yml", ...(w.length ? ["    with:", ...w.map((l) => `      ${l}`)] : [])]);

  test("a policy given by the caller's input is read through the input", () => {
    const r = hr([callerWith(["policy: block"]), optional]);
    expect(r.score).toBe(10);
    expect(r.findings.find((f) => f.id === "hardenRunnerEgressBlock")).toMatchObject({ outcome: "pass" });
    expect(r.findings.find((f) => f.id === "hardenRunnerFirstStep")!.message).toContain("only when");
  });

  test("a policy chosen by runner.os, or through env, is read for the job's Linux runner", () => {
    const wfWith = (policy: string, env: string[] = [], jobEnv: string[] = []) =>
      file("ci.yml", ["on: push", ...env, "jobs:", "  b:", "    runs-on: ubuntu-latest", ...jobEnv, "    steps:", `      - uses: step-security/harden-runner@${SHA}`, "        with:", `          egress-policy: ${policy}`]);
    expect(hr([wfWith("${{ runner.os == 'Linux' && 'block' || 'audit' }}")]).findings.find((f) => f.id === "hardenRunnerEgressBlock")!.outcome).toBe("pass");
    expect(hr([wfWith("${{ env.HR_POLICY }}", ["env:", "  HR_POLICY: block"])]).findings.find((f) => f.id === "hardenRunnerEgressBlock")!.outcome).toBe("pass");
    expect(hr([wfWith("${{ env.HR_POLICY }}", ["env:", "  HR_POLICY: block"], ["    env:", "      HR_POLICY: audit"])]).findings.find((f) => f.id === "hardenRunnerEgressBlock")!.outcome).toBe("warn");
    expect(hr([wfWith("${{ vars.HR_POLICY || 'audit' }}")]).findings.find((f) => f.id === "hardenRunnerEgressBlock")!.outcome).toBe("unknown");
  });

  test("the input's default applies when the caller leaves it unset", () => {
    const r = hr([callerWith([]), optional]);
    expect(r.findings.find((f) => f.id === "hardenRunnerEgressBlock")).toMatchObject({ outcome: "warn" });
    expect(r.score).toBe(8);
  });

  test("callers that all switch harden-runner off: the step never runs, the job has none", () => {
    const r = hr([callerWith(["harden: false"]), optional]);
    expect(r.score).toBe(0);
    expect(jobIds(r, "hardenRunnerFirstStep", "fail")).toEqual(["lint"]);
  });
});

describe("harden-runner: containers, local actions, YAML 1.1", () => {
  const containerJob = (entries: string[]) =>
    file("linux.yml", [
      "on: [push, pull_request]",
      "jobs:",
      "  autotools:",
      "    runs-on: 'ubuntu-latest'",
      "    container: ${{ matrix.build.container }}",
      "    strategy:",
      "      matrix:",
      "        build:",
      ...entries,
      "    steps:",
      "      - uses: actions/checkout@v4",
    ]);

  test("a container given by the matrix, absent from some legs: those legs run on the runner, the job is counted", () => {
    const r = hr([containerJob(["          - name: openssl", "          - name: alpine", "            container: 'alpine:3.18'"])]);
    expect(r.outcome).toBe("fail");
    expect(jobIds(r, "hardenRunnerFirstStep", "fail")).toEqual(["autotools"]);
  });

  test("a container in every matrix leg: not counted", () => {
    const r = hr([containerJob(["          - { name: alpine, container: 'alpine:3.18' }", "          - { name: arch, container: 'archlinux:base' }"])]);
    expect(r.outcome).toBe("unknown");
    expect(r.findings[0]).toMatchObject({ id: "hardenRunnerJobCounted", outcome: "warn" });
  });

  test("a local action named for harden-runner is said to run after checkout", () => {
    const r = hr([file("b.yml", ["on: push", "jobs:", "  b:", "    runs-on: ubuntu-24.04", "    steps:", "      - uses: actions/checkout@v4", "      - uses: ./.github/actions/harden-runner", "      - run: make"])]);
    expect(r.score).toBe(0);
    expect(r.findings[0]!.message).toContain("./.github/actions/harden-runner as step 2");
  });

  test("`%YAML 1.1` makes the key `on` a boolean; the triggers are still read", () => {
    const files = [file("ci.yml", ["%YAML 1.1", "---", "on:", "  pull_request:", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: github/codeql-action/init@v3", "      - uses: github/codeql-action/analyze@v3"])];
    expect(scanWorkflows(files, known({})).scans).toMatchObject([{ trigger: "pr", jobId: "a" }]);
  });
});

describe("harden-runner: wrapper actions (a composite that runs harden-runner)", () => {
  const WRAPPER = "example-org/ci/.github/actions/harden-runner@" + SHA;
  const composite = (first: boolean) =>
    [
      "name: harden",
      "inputs:",
      "  egress-policy:",
      "    default: block",
      "runs:",
      "  using: composite",
      "  steps:",
      ...(first ? [] : ["    - run: echo setup", "      shell: bash"]),
      `    - uses: step-security/harden-runner@${SHA}`,
      "      with:",
      "        egress-policy: ${{ inputs.egress-policy }}",
    ].join("\n");
  const workflow = (w: string[]) => file("ci.yml", ["on: push", "jobs:", "  b:", "    runs-on: ubuntu-latest", "    steps:", `      - uses: ${WRAPPER}`, ...w, "      - uses: actions/checkout@v4"]);
  const withManifest = (files: TextFile[], content: string | null) =>
    evaluateHardenRunner(
      factsWith({
        workflows: known(files),
        actionManifests: known({ [WRAPPER]: content === null ? { ok: false as const, reason: "404 from the API" } : known({ path: "x/action.yml", content }) }),
      }),
    );

  test("a remote wrapper that starts with harden-runner is harden-runner first; its input default gives the policy", () => {
    const r = withManifest([workflow([])], composite(true));
    expect(r.score).toBe(10);
    expect(r.findings.find((f) => f.id === "hardenRunnerFirstStep")!.message).toContain(`through ${WRAPPER}`);
  });

  test("the workflow's with: reaches the policy inside the wrapper", () => {
    const r = withManifest([workflow(["        with:", "          egress-policy: audit"])], composite(true));
    expect(r.score).toBe(8);
  });

  test("a wrapper that runs other steps before harden-runner is not first", () => {
    const r = withManifest([workflow([])], composite(false));
    expect(r.score).toBe(0);
    expect(r.findings[0]!.message).toContain("after other steps of that action");
  });

  test("a wrapper whose action.yml cannot be read: the job is not judged", () => {
    const r = withManifest([workflow([])], null);
    expect(r.outcome).toBe("unknown");
    expect(r.findings[0]).toMatchObject({ id: "hardenRunnerJobCounted", outcome: "unknown", line: 6 });
  });

  test("through a checkout: the local wrapper is read from the repository, the remote one is not (unknown)", async () => {
    const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");
    const src = await LocalDirSource.open(path.join(fixtures, "hr-wrapper"));
    const r = (await scoreRepository(src, { trigger: "manual", checks: [hardenRunnerCheck] })).checks[0]!;
    const local = r.findings.find((f) => f.message.includes("`local`"))!;
    expect(local).toMatchObject({ id: "hardenRunnerFirstStep", outcome: "fail", line: 7 });
    expect(local.message).toContain("through ./.github/actions/harden as step 2");
    const remote = r.findings.find((f) => f.message.includes("`remote`"))!;
    expect(remote).toMatchObject({ id: "hardenRunnerJobCounted", outcome: "unknown" });
    expect(remote.message).toContain("local checkout");
    expect(r.score).toBe(0);
  });
});

describe("codeql: job conditions and caller inputs", () => {
  // A build workflow that runs CodeQL only when its caller asks, and a CI that asks only on the nightly run.
  const reusableBuild = file("reusable-build.yml", [
    "on:",
    "  workflow_call:",
    "    inputs:",
    "      build_codeql:",
    "        type: boolean",
    "      languages:",
    "        type: string",
    "        default: cpp",
    "jobs:",
    "  build:",
    "    runs-on: windows-2022",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - if: inputs.build_codeql == true && steps.skip.outputs.should_skip != 'true'",
    "        uses: github/codeql-action/init@v3",
    "        with:",
    "          languages: ${{ inputs.languages }}",
    "      - run: msbuild",
    "      - if: inputs.build_codeql == true",
    "        uses: github/codeql-action/analyze@v3", // line 20
  ]);
  const ci = (codeqlJobIf: string, extra: string[] = []) =>
    file("cicd.yml", [
      "on:",
      "  schedule:",
      "    - cron: '0 8 * * *'",
      "  pull_request:",
      "  push:",
      "    branches: [main]",
      "jobs:",
      "  regular:",
      "    uses: ./.github/workflows/reusable-build.yml",
      "  analyze:",
      "    uses: ./.github/workflows/reusable-build.yml",
      "    with:",
      "      build_codeql: false",
      "  codeql:",
      `    if: ${codeqlJobIf}`,
      "    uses: ./.github/workflows/reusable-build.yml",
      "    with:",
      "      build_codeql: true",
      ...extra,
    ]);
  const scan = (files: TextFile[]) => scanWorkflows(files, localReusable(files));

  test("a caller limited to the schedule makes the scan schedule-only; callers without the input do not scan", () => {
    const files = [ci("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"), reusableBuild];
    const s = scan(files);
    expect(s.scans).toHaveLength(1);
    expect(s.scans[0]).toMatchObject({ path: ".github/workflows/reusable-build.yml", jobId: "build", line: 20, trigger: "schedule", languages: { kind: "listed", languages: ["c-cpp"] } });
    expect(s.reusableWithCodeql.map((r) => r.jobId)).toEqual(["codeql"]);
    expect(s.initWithoutAnalyze).toEqual([]);
  });

  test("a caller on pull requests too: one scan, as strong as the best caller", () => {
    const files = [ci("github.event_name != 'schedule'", ["      languages: go, python"]), reusableBuild];
    const s = scan(files);
    expect(s.scans).toHaveLength(1);
    expect(s.scans[0]).toMatchObject({ trigger: "pr", languages: { kind: "listed", languages: ["go", "python"] } });
  });

  test("the same reusable workflow reached by two scanning callers is one finding", () => {
    const files = [
      file("a.yml", ["on: pull_request", "jobs:", "  x:", "    uses: ./.github/workflows/reusable-build.yml", "    with:", "      build_codeql: true", "  y:", "    uses: ./.github/workflows/reusable-build.yml", "    with:", "      build_codeql: true"]),
      reusableBuild,
    ];
    expect(scan(files).scans).toHaveLength(1);
    expect(scan(files).reusableWithCodeql.map((r) => r.jobId)).toEqual(["x", "y"]);
  });

  test("an analyze step limited to the schedule makes the scan schedule-only; one limited to other events does not scan", () => {
    const wf = (cond: string) => [file("codeql.yml", ["on: [push, schedule]", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: github/codeql-action/init@v3", `      - if: ${cond}`, "        uses: github/codeql-action/analyze@v3"])];
    expect(scan(wf("github.event_name == 'schedule'")).scans).toMatchObject([{ trigger: "schedule" }]);
    expect(scan(wf("${{ github.event_name != 'push' }}")).scans).toMatchObject([{ trigger: "schedule" }]);
    const none = scan(wf("github.event_name == 'pull_request'"));
    expect(none.scans).toEqual([]);
    expect(none.initWithoutAnalyze).toHaveLength(1);
  });

  test("a job switched off for every event it has does not scan", () => {
    const files = [
      file("codeql.yml", ["on: push", "jobs:", "  analyze:", "    if: github.event_name == 'schedule'", "    runs-on: ubuntu-latest", "    steps:", "      - uses: github/codeql-action/init@v3", "      - uses: github/codeql-action/analyze@v3"]),
    ];
    expect(scan(files).scans).toEqual([]);
  });
});
