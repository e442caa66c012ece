import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { repoConfig, OrgConfigCache } from "../../src/config/load.js";
import { validateConfig } from "../../src/config/schema.js";
import { known } from "../../src/facts/fact.js";
import { applyPatch } from "../../src/facts/patch-apply.js";
import { introducedFindings } from "../../src/render/pr-changes.js";

const noOctokit = {} as never;
const repo = { owner: "o", name: "r", fullName: "o/r" };

describe("hostile and broken input stays bounded", () => {
  test("applyPatch never throws and, when it answers, agrees with a patch built from the same edit", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }).map((s) => s.replace(/\n/g, " ")), { maxLength: 30 }), fc.string(), (lines, garbage) => {
        const base = lines.join("\n") + "\n";
        expect(() => applyPatch(base, garbage)).not.toThrow();
        // replacing the first line is always a well-formed patch
        if (lines.length === 0) return;
        const patch = `@@ -1,1 +1,1 @@\n-${lines[0]}\n+changed`;
        expect(applyPatch(base, patch)).toBe(["changed", ...lines.slice(1)].join("\n") + "\n");
      }),
      { numRuns: 300 },
    );
  });

  test("a diff of 100,000 changed lines is rebuilt in bounded time", () => {
    const n = 100_000;
    const base = Array.from({ length: n }, (_, i) => `old ${i}`).join("\n") + "\n";
    const patch = `@@ -1,${n} +1,${n} @@\n` + Array.from({ length: n }, (_, i) => `-old ${i}\n+new ${i}`).join("\n");
    const t = Date.now();
    const out = applyPatch(base, patch)!;
    expect(out.split("\n")).toHaveLength(n + 1);
    expect(out.startsWith("new 0\nnew 1\n")).toBe(true);
    expect(Date.now() - t).toBeLessThan(10_000); // a bound against a hang, not a speed target
  });

  test("the config parser never throws on arbitrary values and names what is wrong", () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const r = validateConfig(raw, "o/r:.github/scorecard.yml");
        expect(r.config).toBeDefined();
        if (r.error) expect(r.error).toContain("o/r:.github/scorecard.yml");
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    ["a YAML alias bomb", `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`],
    ["deeply nested YAML", "a:\n" + Array.from({ length: 2000 }, (_, i) => " ".repeat(i + 1) + "- [").join("\n")],
    ["invalid UTF-8 and NUL bytes", Buffer.from([0xff, 0xfe, 0x00, 0x61, 0x3a, 0x20, 0xc3]).toString("latin1")],
    ["a 5 MB single line", "checks: " + "x".repeat(5 * 1024 * 1024)],
  ])("%s in .github/scorecard.yml is a clear error, not a crash", async (_name, text) => {
    const t = Date.now();
    const r = await repoConfig(noOctokit, repo, async () => known(text), new OrgConfigCache());
    expect(r.error).toMatch(/o\/r:\.github\/scorecard\.yml/);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  test("introduced findings on arbitrary results never throw", () => {
    const finding = fc.record({
      id: fc.string(),
      outcome: fc.constantFrom("pass", "warn", "fail", "unknown", "error"),
      message: fc.string(),
      path: fc.option(fc.string(), { nil: undefined }),
    });
    const result = fc.record({
      id: fc.constantFrom("codeql", "secrets", "harden-runner"),
      score: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }),
      outcome: fc.constantFrom("pass", "warn", "fail", "unknown", "error"),
      reason: fc.string(),
      findings: fc.array(finding, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 4 }), fc.array(result, { maxLength: 4 }), (base, head) => {
        expect(() => introducedFindings(base as never, head as never, new Set(["a"]))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe("hostile trees", () => {
  test("10,000 workflow files and a 20 MB one-line file: scored, the big file skipped with why, open files bounded", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { LocalDirSource } = await import("../../src/facts/localdir/source.js");
    const { scoreRepository } = await import("../../src/runner.js");
    const dir = mkdtempSync(path.join(tmpdir(), "scb-hostile-"));
    mkdirSync(path.join(dir, ".github/workflows"), { recursive: true });
    for (let i = 0; i < 10_000; i++) {
      writeFileSync(path.join(dir, `.github/workflows/w${i}.yml`), `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`);
    }
    writeFileSync(path.join(dir, "big.txt"), "a".repeat(20 * 1024 * 1024));
    const t = Date.now();
    const scan = await scoreRepository(await LocalDirSource.open(dir), { trigger: "manual" });
    expect(Date.now() - t).toBeLessThan(60_000); // a bound against a hang
    const byId = Object.fromEntries(scan.checks.map((c) => [c.id, c]));
    expect(byId["harden-runner"]!.reason).toContain("0 of 10000 counted jobs");
    expect(byId["secrets"]!.outcome).not.toBe("error");
    expect(byId["secrets"]!.score).not.toBeNull(); // no EMFILE: every file was read
    expect(byId["secrets"]!.findings.map((f) => f.message).join(" ")).toMatch(/big\.txt.*over the/);
  }, 120_000);
});
