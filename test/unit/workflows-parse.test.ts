import { describe, expect, test } from "@jest/globals";
import { MAX_WORKFLOW_BYTES, parseWorkflow } from "../../src/workflows/parse.js";
import type { Workflow } from "../../src/workflows/types.js";
import { isAction, isFullSha, parseActionRef, parseReusableRef } from "../../src/workflows/uses.js";

function ok(content: string): Workflow {
  const r = parseWorkflow(".github/workflows/ci.yml", content);
  if (!r.ok) throw new Error(`expected a workflow, got: ${r.error.message}`);
  return r.workflow;
}

describe("parseWorkflow: triggers", () => {
  test.each([
    ["on: push\njobs: {}", ["push"]],
    ["on: [push, pull_request]\njobs: {}", ["push", "pull_request"]],
    ["on:\n  push:\n    branches: [main]\n  schedule:\n    - cron: '0 0 * * 0'\njobs: {}", ["push", "schedule"]],
    ['"on": pull_request\njobs: {}', ["pull_request"]],
    ["jobs: {}", []],
  ])("%j", (src, events) => {
    expect(Object.keys(ok(src).on)).toEqual(events);
  });

  test("map form keeps the event configuration", () => {
    const w = ok("on:\n  schedule:\n    - cron: '1 2 * * *'\njobs: {}");
    expect(w.on.schedule).toEqual([{ cron: "1 2 * * *" }]);
  });
});

describe("parseWorkflow: jobs and steps", () => {
  const src = [
    "name: CI", //                                     1
    "on: push", //                                     2
    "permissions: read-all", //                        3
    "jobs:", //                                        4
    "  build:", //                                     5
    "    runs-on: [self-hosted, linux]", //            6
    "    permissions:", //                             7
    "      contents: read", //                         8
    "    strategy:", //                                9
    "      matrix:", //                                10
    "        language: [go, python]", //               11
    "        include:", //                             12
    "          - language: ruby", //                   13
    "    steps:", //                                   14
    "      - uses: \"step-security/harden-runner@v2\"", // 15
    "        with:", //                                16
    "          egress-policy: audit", //               17
    "          disable-sudo: true", //                 18
    "      - name: Checkout", //                       19
    "        uses: 'actions/checkout@${{ env.REF }}'", // 20
    "      - uses: docker://alpine:3.20", //           21
    "      - uses: ./.github/actions/local", //        22
    "      - run: |", //                               23
    "          echo hi", //                            24
    "  call:", //                                      25
    "    uses: octo/shared/.github/workflows/ci.yml@main", // 26
    "  box:", //                                       27
    "    runs-on: ubuntu-latest", //                   28
    "    container:", //                               29
    "      image: node:20", //                         30
    "    steps: [{ run: make }]", //                   31
  ].join("\n");
  const w = ok(src);
  const [build, call, box] = w.jobs;

  test("top-level facts", () => {
    expect(w.name).toBe("CI");
    expect(w.permissions).toBe("read-all");
    expect(w.jobs.map((j) => j.id)).toEqual(["build", "call", "box"]);
  });

  test("job lines, runs-on, permissions, matrix with include", () => {
    expect(build!.line).toBe(5);
    expect(build!.runsOn).toEqual(["self-hosted", "linux"]);
    expect(build!.permissions).toEqual({ contents: "read" });
    expect(build!.matrix).toEqual({ kind: "values", values: { language: ["go", "python", "ruby"] } });
  });

  test("steps: quoted uses, with as strings, expressions opaque, docker and local actions", () => {
    const s = build!.steps;
    expect(s.map((x) => x.line)).toEqual([15, 19, 21, 22, 23]);
    expect(s[0]!.uses).toEqual({ kind: "repo", raw: "step-security/harden-runner@v2", owner: "step-security", repo: "harden-runner", path: null, ref: "v2" });
    expect(s[0]!.with).toEqual({ "egress-policy": "audit", "disable-sudo": "true" });
    expect(s[1]!.uses).toMatchObject({ kind: "repo", ref: "${{ env.REF }}" });
    expect(s[1]!.usesLine).toBe(20);
    expect(s[2]!.uses).toEqual({ kind: "docker", raw: "docker://alpine:3.20", image: "alpine:3.20" });
    expect(s[3]!.uses).toEqual({ kind: "local", raw: "./.github/actions/local", path: ".github/actions/local" });
    expect(s[4]!.run).toBe("echo hi\n");
  });

  test("a reusable workflow call, and a container job", () => {
    expect(call!.uses).toEqual({ kind: "remote", raw: "octo/shared/.github/workflows/ci.yml@main", owner: "octo", repo: "shared", path: ".github/workflows/ci.yml", ref: "main" });
    expect(call!.usesLine).toBe(26);
    expect(call!.steps).toEqual([]);
    expect(box!.container).toBe("node:20");
    expect(box!.steps[0]!.line).toBe(31);
  });
});

describe("parseWorkflow: anchors, aliases and merge keys", () => {
  const src = [
    "on: push", //                                        1
    "x-harden: &harden", //                               2
    "  uses: step-security/harden-runner@v2", //          3
    "  with: { egress-policy: block }", //                4
    "x-job: &job", //                                     5
    "  runs-on: ubuntu-latest", //                        6
    "  steps: &steps", //                                 7
    "    - *harden", //                                   8
    "    - run: make", //                                 9
    "jobs:", //                                           10
    "  a:", //                                            11
    "    <<: *job", //                                    12
    "  b:", //                                            13
    "    runs-on: windows-latest", //                     14
    "    steps: *steps", //                               15
  ].join("\n");
  const w = ok(src);

  test("merged job gets its steps from the anchor", () => {
    const a = w.jobs.find((j) => j.id === "a")!;
    expect(a.runsOn).toBe("ubuntu-latest");
    expect(a.steps.map((s) => s.uses?.raw ?? s.run)).toEqual(["step-security/harden-runner@v2", "make"]);
    expect(a.steps[0]!.with["egress-policy"]).toBe("block");
    expect(a.steps[0]!.line).toBe(8);
  });

  test("aliased step list keeps lines at the anchor", () => {
    const b = w.jobs.find((j) => j.id === "b")!;
    expect(b.runsOn).toBe("windows-latest");
    expect(b.steps.map((s) => s.line)).toEqual([8, 9]);
  });
});

describe("parseWorkflow: bad input is an error result, never a throw", () => {
  test.each([
    ["malformed YAML", "on: push\njobs:\n  a: [1,\n  b: {", 4],
    ["not a mapping", "- just\n- a list", null],
    ["empty file", "", null],
    ["no jobs", "on: push\nname: x", null],
    ["jobs is a list", "on: push\njobs:\n  - a", 2],
    ["steps not a list", "on: push\njobs:\n  a:\n    steps: echo", 4],
    ["step not a mapping", "on: push\njobs:\n  a:\n    steps:\n      - echo", 5],
    ["uses not a string", "on: push\njobs:\n  a:\n    steps:\n      - uses: [a]", 5],
    ["duplicate key", "on: push\non: pull_request\njobs: {}", 2],
    ["tab indentation", "on: push\njobs:\n\ta:\n    steps: []", 3],
    ["multiple documents", "on: push\njobs: {}\n---\non: push\njobs: {}", 3],
  ] as [string, string, number | null][])("%s", (_name, src, line) => {
    const r = parseWorkflow("w.yml", src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message.length).toBeGreaterThan(5);
    expect(r.error.message).not.toMatch(/[:\n]$/);
    expect(r.error.path).toBe("w.yml");
    if (line !== null) expect(r.error.line).toBe(line);
  });

  test("an alias bomb is refused", () => {
    const rows = ["a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    rows.push("jobs: {}");
    const r = parseWorkflow("bomb.yml", rows.join("\n"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/alias/i);
  });

  test("a huge file is refused by size", () => {
    const r = parseWorkflow("big.yml", `jobs: {}\n#${"x".repeat(MAX_WORKFLOW_BYTES)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("limit");
  });
});

describe("uses references", () => {
  test.each([
    ["actions/checkout@v4", { kind: "repo", owner: "actions", repo: "checkout", path: null, ref: "v4" }],
    ["github/codeql-action/analyze@v3", { kind: "repo", owner: "github", repo: "codeql-action", path: "analyze", ref: "v3" }],
    ["  owner/repo/a/b@sha  ", { kind: "repo", path: "a/b", ref: "sha" }],
    ["owner/repo", { kind: "repo", ref: null }],
    ["Docker://ghcr.io/x/y:1", { kind: "docker", image: "ghcr.io/x/y:1" }],
    ["./tools/action", { kind: "local", path: "tools/action" }],
  ])("%s", (raw, expected) => {
    expect(parseActionRef(raw)).toMatchObject(expected);
  });
  test.each(["", "checkout", "/repo@v1"])("not an action: %j", (raw) => {
    expect(parseActionRef(raw)).toBeNull();
  });

  test.each([
    ["./.github/workflows/x.yml", { kind: "local", path: ".github/workflows/x.yml" }],
    ["o/r/.github/workflows/x.yml@v1", { kind: "remote", owner: "o", repo: "r", path: ".github/workflows/x.yml", ref: "v1" }],
  ])("reusable %s", (raw, expected) => {
    expect(parseReusableRef(raw)).toMatchObject(expected);
  });
  test("reusable without a path is invalid", () => {
    expect(parseReusableRef("o/r@v1")).toBeNull();
  });

  test("isAction is case-insensitive and exact about the sub-path", () => {
    expect(isAction(parseActionRef("Step-Security/Harden-Runner@v2"), "step-security/harden-runner")).toBe(true);
    expect(isAction(parseActionRef("step-security/harden-runner/sub@v2"), "step-security/harden-runner")).toBe(false);
    expect(isAction(parseActionRef("github/codeql-action/analyze@v3"), "github/codeql-action", "analyze")).toBe(true);
    expect(isAction(parseActionRef("github/codeql-action/upload-sarif@v3"), "github/codeql-action", "analyze")).toBe(false);
    expect(isAction(parseActionRef("docker://step-security/harden-runner"), "step-security/harden-runner")).toBe(false);
  });

  test("isFullSha", () => {
    expect(isFullSha("0123456789abcdef0123456789abcdef01234567")).toBe(true);
    expect(isFullSha("0123456")).toBe(false);
    expect(isFullSha("v2.10.1")).toBe(false);
    expect(isFullSha(null)).toBe(false);
  });
});

describe("parseWorkflow never throws", () => {
  // Imported lazily so a missing fast-check fails only this block.
  test("on arbitrary text and on YAML-ish fragments", async () => {
    const fc = (await import("fast-check")).default;
    const fragment = fc.constantFrom("on:", " push", "jobs:", "  a:", "    steps:", "      - uses: x/y@v1", "      - *a", "&a", "<<: *a", "[", "{", "'", '"', "\t", "- ", ": ", "${{ matrix.x }}", "\n", "  ", "~", "!!binary", "? ", "---");
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(fragment, { maxLength: 40 }).map((a) => a.join(""))), (text) => {
        const r = parseWorkflow("f.yml", text);
        expect(typeof r.ok).toBe("boolean");
        if (!r.ok) expect(typeof r.error.message).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });
});
