import { describe, expect, test } from "@jest/globals";
import { applyExemptions, configuredWeights, enabledChecks } from "../../src/config/apply.js";
import { DEFAULT_CONFIG, repoExcluded, validateConfig } from "../../src/config/schema.js";
import { CHECKS } from "../../src/checks/registry.js";
import type { CheckResult } from "../../src/checks/types.js";

describe("config schema", () => {
  test("an empty file gives the defaults", () => {
    expect(validateConfig({}, "x").config).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.pull_requests).toEqual({ fail_below: null, comment: "on-change", annotations: true });
  });

  test.each([
    [{ pull_requests: { fail_below: 11 } }, "pull_requests.fail_below"],
    [{ checks: { "no-such-check": { enabled: false } } }, "checks"],
    [{ exemptions: [{ check: "codeql", reason: "n/a", expires: "next year" }] }, "exemptions.0.expires"],
    [{ unknown_key: 1 }, "(root)"],
    [{ pull_requests: { comment: "sometimes" } }, "pull_requests.comment"],
  ])("%j is refused, naming %s", (raw, where) => {
    const fallback = { ...DEFAULT_CONFIG, exclude_repositories: ["last-valid"] };
    const r = validateConfig(raw, "o/r:.github/scorecard.yml", fallback);
    expect(r.error).toContain("invalid configuration in o/r:.github/scorecard.yml");
    expect(r.error).toContain(where);
    expect(r.config).toBe(fallback);
  });

  test("exclusion globs are case-insensitive and anchored", () => {
    const c = validateConfig({ exclude_repositories: ["sandbox-*", "demo?"] }, "x").config;
    expect(repoExcluded(c, "Sandbox-one")).toBe(true);
    expect(repoExcluded(c, "demo1")).toBe(true);
    expect(repoExcluded(c, "demo12")).toBe(false);
    expect(repoExcluded(c, "my-sandbox-x")).toBe(false);
  });
});

describe("applying config", () => {
  const r = (id: CheckResult["id"], score: number): CheckResult => ({ id, score, outcome: "pass", reason: "r", findings: [] });

  test("disabled checks are not run; weights are passed on", () => {
    const c = validateConfig({ checks: { "security-policy": { enabled: false }, codeql: { weight: 2 } } }, "x").config;
    expect(enabledChecks(CHECKS, c).map((x) => x.id)).not.toContain("security-policy");
    expect(configuredWeights(c)).toEqual({ codeql: 2 });
  });

  test("an active exemption takes the check out of the total with its reason; an expired one does not", () => {
    const c = validateConfig(
      { exemptions: [{ check: "harden-runner", reason: "self-hosted runners", expires: "2027-01-01" }, { check: "codeql", reason: "no code", expires: "2020-01-01" }] },
      "x",
    ).config;
    const out = applyExemptions([r("harden-runner", 2), r("codeql", 3)], c, "2026-11-23");
    expect(out[0]).toMatchObject({ score: null, outcome: "unknown", reason: "exempted by .github/scorecard.yml: self-hosted runners (until 2027-01-01)" });
    expect(out[1]!.score).toBe(3);
    expect(out[1]!.findings.map((f) => f.id)).toEqual(["exemptionExpired"]);
  });
});
