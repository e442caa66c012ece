import { describe, expect, test } from "@jest/globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dependabotCheck } from "../../src/checks/dependabot/index.js";
import { collectFacts } from "../../src/facts/collect.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import { collectAutomatedSecurityFixes, collectDependabotAlerts, collectRenovateConfig, collectVulnerabilityAlerts } from "../../src/facts/slices/dependabot.js";
import { scoreRepository } from "../../src/runner.js";
import { fakeOctokit, type FakeReply } from "../helpers/fake-octokit.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");
const REF = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "c0ffee", private: false, archived: false, htmlUrl: null };
const TREE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
const VULN = "GET /repos/{owner}/{repo}/vulnerability-alerts";
const FIXES = "GET /repos/{owner}/{repo}/automated-security-fixes";
const ALERTS = "GET /repos/{owner}/{repo}/dependabot/alerts";
const tree = (...paths: string[]): FakeReply => ({ data: { sha: "c0ffee", truncated: false, tree: paths.map((p) => ({ path: p, type: "blob", size: 10 })) } });
const file = (p: string) => `${CONTENTS} ${JSON.stringify({ path: p, ref: "c0ffee" })}`;
const source = (replies: Record<string, FakeReply>) => new GitHubSource(fakeOctokit(replies).octokit, REF);

describe("dependabot collectors (GitHub source, fake octokit)", () => {
  const OFF: FakeReply = { error: 403, message: "Dependabot alerts are disabled for this repository." };

  test("alerts on/off come from the open-alerts list: 200 is on, 403 'disabled' is off, in one request", async () => {
    const on = fakeOctokit({ [ALERTS]: { data: [] } });
    expect(await collectVulnerabilityAlerts(new GitHubSource(on.octokit, REF))).toEqual({ ok: true, value: true });
    const off = fakeOctokit({ [ALERTS]: OFF });
    const src = new GitHubSource(off.octokit, REF);
    expect(await collectVulnerabilityAlerts(src)).toEqual({ ok: true, value: false });
    expect(await collectDependabotAlerts(src)).toEqual({ ok: true, value: [] });
    expect(await collectAutomatedSecurityFixes(src)).toEqual({ ok: true, value: false });
    expect([...on.calls, ...off.calls]).toEqual([`${ALERTS} {"state":"open"}`, `${ALERTS} {"state":"open"}`]);
  });

  test("without the alerts permission, GET /vulnerability-alerts decides: 204 on, 404 off, 403 names Administration", async () => {
    const denied: FakeReply = { error: 403, message: "Resource not accessible by integration" };
    expect(await collectVulnerabilityAlerts(source({ [ALERTS]: denied, [VULN]: { data: "" } }))).toEqual({ ok: true, value: true });
    expect(await collectVulnerabilityAlerts(source({ [ALERTS]: denied, [VULN]: { error: 404 } }))).toEqual({ ok: true, value: false });
    expect(await collectVulnerabilityAlerts(source({ [ALERTS]: denied, [VULN]: { error: 403 } }))).toMatchObject({ ok: false, permission: "Administration: read" });
    expect(await collectDependabotAlerts(source({ [ALERTS]: denied, [VULN]: { data: "" } }))).toMatchObject({ ok: false, permission: "Dependabot alerts: read" });
  });

  test("security updates: enabled, paused counts as off", async () => {
    expect(await collectAutomatedSecurityFixes(source({ [ALERTS]: { data: [] }, [FIXES]: { data: { enabled: true, paused: false } } }))).toEqual({ ok: true, value: true });
    expect(await collectAutomatedSecurityFixes(source({ [ALERTS]: { data: [] }, [FIXES]: { data: { enabled: true, paused: true } } }))).toEqual({ ok: true, value: false });
  });

  test("security updates the repository payload shows disabled cost no request; enabled is still asked (paused?)", async () => {
    const withStatus = (status: string) => ({ ...REF, securityAndAnalysis: { dependabot_security_updates: { status } } });
    const off = fakeOctokit({ [ALERTS]: { data: [] }, [FIXES]: { data: { enabled: true, paused: false } } });
    expect(await collectAutomatedSecurityFixes(new GitHubSource(off.octokit, withStatus("disabled")))).toEqual({ ok: true, value: false });
    expect(off.calls.filter((c) => c.startsWith(FIXES))).toEqual([]);
    const on = fakeOctokit({ [ALERTS]: { data: [] }, [FIXES]: { data: { enabled: true, paused: true } } });
    expect(await collectAutomatedSecurityFixes(new GitHubSource(on.octokit, withStatus("enabled")))).toEqual({ ok: true, value: false });
  });

  test("open alerts are asked for with state=open and mapped by severity", async () => {
    const fake = fakeOctokit({
      [ALERTS]: { data: [{ security_vulnerability: { severity: "CRITICAL" }, dependency: { package: { ecosystem: "npm" }, manifest_path: "package-lock.json" } }, { security_advisory: { severity: "high" } }] },
    });
    const src = new GitHubSource(fake.octokit, REF);
    const f = await collectDependabotAlerts(src);
    expect(f).toEqual({ ok: true, value: [{ severity: "critical", ecosystem: "npm", manifestPath: "package-lock.json" }, { severity: "high", ecosystem: null, manifestPath: null }] });
    expect(await collectVulnerabilityAlerts(src)).toEqual({ ok: true, value: true });
    expect(fake.calls).toEqual([`${ALERTS} {"state":"open"}`]);
  });

  test("renovate: a config file wins over package.json; package.json without the key is none", async () => {
    expect(await collectRenovateConfig(source({ [TREE]: tree(".github/renovate.json", "package.json"), [file(".github/renovate.json")]: { data: "{}" } }))).toEqual({ ok: true, value: { path: ".github/renovate.json", content: "{}" } });
    expect(await collectRenovateConfig(source({ [TREE]: tree("package.json"), [file("package.json")]: { data: '{"name":"x"}' } }))).toEqual({ ok: true, value: null });
  });

  test("end to end: partial coverage, alerts on, a critical alert", async () => {
    const src = source({
      [TREE]: tree(".github/dependabot.yml", "go.mod", "web/package.json"),
      [file(".github/dependabot.yml")]: { data: 'version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: "/"\n' },
      [FIXES]: { data: { enabled: true } },
      [ALERTS]: { data: [{ security_vulnerability: { severity: "critical" } }] },
    });
    const r = dependabotCheck.evaluate(await collectFacts(src, dependabotCheck.needs));
    expect(r.score).toBe(6);
    expect(r.findings.find((f) => f.outcome === "fail" && f.id === "ecosystemHasUpdates")?.path).toBe("web/package.json");
  });
});

describe("dependabot on fixture checkouts", () => {
  const run = async (dir: string) => {
    const scan = await scoreRepository(await LocalDirSource.open(path.join(fixtures, dir)), { trigger: "manual", checks: [dependabotCheck] });
    return scan.checks[0]!;
  };

  test.each([
    ["dep-full", 10, "pass"],
    ["dep-partial", 5, "warn"],
    ["dep-renovate-pkg", 10, "pass"],
    ["dep-malformed", 0, "fail"],
    ["dep-none", 0, "fail"],
  ] as [string, number, string][])("%s", async (dir, score, outcome) => {
    const r = await run(dir);
    expect([r.score, r.outcome]).toEqual([score, outcome]);
  });

  test("dep-partial names go.mod; dep-renovate-pkg says Renovate in package.json", async () => {
    expect((await run("dep-partial")).findings.find((f) => f.outcome === "fail")?.path).toBe("go.mod");
    expect((await run("dep-renovate-pkg")).findings[0]!.message).toContain('Renovate (package.json "renovate" key)');
  });

  test("dep-malformed reports the YAML error with its line", async () => {
    const f = (await run("dep-malformed")).findings.find((x) => x.id === "dependabotConfigParses");
    expect(f?.path).toBe(".github/dependabot.yml");
    expect(f?.line).toBeGreaterThan(0);
  });
});
