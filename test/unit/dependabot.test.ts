import { describe, expect, test } from "@jest/globals";
import { evaluateDependabot } from "../../src/checks/dependabot/index.js";
import { known, unavailable } from "../../src/facts/fact.js";
import type { DependabotAlert, RepoFacts } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

const DEP = ".github/dependabot.yml";
const yml = (...entries: [string, string][]) =>
  `version: 2\nupdates:\n${entries.map(([e, d]) => `  - package-ecosystem: ${e}\n    directory: "${d}"\n    schedule: { interval: weekly }\n`).join("")}`;
const alert = (severity: string): DependabotAlert => ({ severity, ecosystem: "npm", manifestPath: "package-lock.json" });

/** A GitHub-side repository: every fact known. */
const gh = (tree: string[], config: string | null, over: Partial<RepoFacts> = {}): RepoFacts =>
  factsWith({
    tree: known(tree),
    dependabotConfig: known(config === null ? null : { path: DEP, content: config }),
    renovateConfig: known(null),
    vulnerabilityAlerts: known(true),
    automatedSecurityFixes: known(true),
    dependabotAlerts: known([]),
    ...over,
  });
const LOCAL = {
  vulnerabilityAlerts: unavailable("a local checkout does not say whether Dependabot alerts are enabled"),
  automatedSecurityFixes: unavailable("a local checkout does not say whether Dependabot security updates are enabled"),
  dependabotAlerts: unavailable("a local checkout holds no Dependabot alerts"),
};

type Case = [string, RepoFacts, number | null, string];
const cases: Case[] = [
  ["everything on, all covered", gh(["go.mod"], yml(["gomod", "/"])), 10, "pass"],
  ["no update tool, alerts and fixes on", gh(["go.mod"], null), 4, "warn"],
  ["no update tool, nothing on", gh(["go.mod"], null, { vulnerabilityAlerts: known(false), automatedSecurityFixes: known(false) }), 0, "fail"],
  ["actions covered but go.mod not: partial", gh([".github/workflows/ci.yml", "go.mod"], yml(["github-actions", "/"])), 7, "warn"],
  ["one of two npm directories", gh(["package.json", "package-lock.json", "site/package.json", "site/yarn.lock"], yml(["npm", "/"])), 7, "warn"],
  ["security updates off", gh(["go.mod"], yml(["gomod", "/"]), { automatedSecurityFixes: known(false) }), 8, "pass"],
  ["2 critical + 1 high open", gh(["go.mod"], yml(["gomod", "/"]), { dependabotAlerts: known([alert("critical"), alert("critical"), alert("high"), alert("low")]) }), 7.5, "warn"],
  ["many critical alerts: penalty capped", gh(["go.mod"], yml(["gomod", "/"]), { dependabotAlerts: known(Array.from({ length: 9 }, () => alert("critical"))) }), 7, "warn"],
  ["local checkout, config covers all: scaled to 10", gh(["go.mod"], yml(["gomod", "/"]), LOCAL), 10, "pass"],
  ["local checkout, half covered", gh(["go.mod", "Dockerfile"], yml(["gomod", "/"]), LOCAL), 5, "warn"],
  ["malformed dependabot.yml counts as no tool", gh(["go.mod"], "updates:\n  - package-ecosystem: gomod\n   directory: /\n"), 4, "warn"],
  ["renovate in package.json covers everything", gh(["package.json", "go.mod"], null, { renovateConfig: known({ path: "package.json", content: '{"renovate":{"extends":["config:recommended"]}}' }) }), 10, "pass"],
  ["renovate limited by enabledManagers", gh(["package.json", "go.mod"], null, { renovateConfig: known({ path: "renovate.json", content: '{"enabledManagers":["npm"]}' }) }), 7, "warn"],
  ["no manifests: nothing to cover", gh(["README.md"], null), null, "unknown"],
  ["tree unavailable", factsWith({ tree: unavailable("too large") }), null, "unknown"],
  ["dependabot.yml unreadable", gh(["go.mod"], null, { dependabotConfig: unavailable(".github/dependabot.yml is 2000000 bytes, over the limit") }), null, "unknown"],
];

describe("dependabot check", () => {
  test.each(cases)("%s", (_name, facts, score, outcome) => {
    const r = evaluateDependabot(facts);
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
  });

  const findings = (facts: RepoFacts, id: string) => evaluateDependabot(facts).findings.filter((f) => f.id === id);

  test("an uncovered ecosystem is a finding naming its manifest", () => {
    const f = findings(gh([".github/workflows/ci.yml", "tools/go.mod"], yml(["github-actions", "/"])), "ecosystemHasUpdates");
    expect(f.map((x) => [x.outcome, x.path ?? null])).toEqual([
      ["pass", DEP],
      ["fail", "tools/go.mod"],
    ]);
    expect(f[1]!.remediation).toContain('directory: "/tools"');
  });

  test("malformed dependabot.yml is a finding with the parser's line", () => {
    const [f] = findings(gh(["go.mod"], "updates:\n  - package-ecosystem: gomod\n   directory: /\n"), "dependabotConfigParses");
    expect(f).toMatchObject({ outcome: "fail", path: DEP });
    expect(typeof f!.line).toBe("number");
  });

  test("billion laughs is refused, not expanded", () => {
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nupdates: []\n`;
    const r = evaluateDependabot(gh(["go.mod"], bomb));
    expect(r.findings.find((f) => f.id === "dependabotConfigParses")?.message).toContain("cannot be read");
    expect(r.score).toBe(4);
  });

  test("says which tool was found", () => {
    const both = gh(["go.mod"], yml(["gomod", "/"]), { renovateConfig: known({ path: "renovate.json5", content: "{extends: ['config:base']}" }) });
    expect(findings(both, "dependencyUpdateToolConfigured")[0]!.message).toBe("Update tool: Dependabot (.github/dependabot.yml) and Renovate (renovate.json5).");
  });

  test("local checkout: what could not be seen is said, and the score is scaled", () => {
    const r = evaluateDependabot(gh(["go.mod"], yml(["gomod", "/"]), LOCAL));
    expect(r.findings.filter((f) => f.outcome === "warn").map((f) => f.id)).toEqual(["dependabotAlertsEnabled", "dependabotSecurityUpdatesEnabled", "noOpenCriticalOrHighAlerts"]);
    expect(r.reason).toContain("scaled from 6 visible points");
  });

  test("alerts off: the refused alert list is not reported as a missing permission", () => {
    const r = evaluateDependabot(gh(["go.mod"], yml(["gomod", "/"]), { vulnerabilityAlerts: known(false), dependabotAlerts: unavailable("GitHub refused (403)", "Dependabot alerts: read") }));
    expect(r.findings.map((f) => f.id)).not.toContain("noOpenCriticalOrHighAlerts");
    expect(r.score).toBe(8);
  });

  test("open-pull-requests-limit 0 is called out and covers nothing", () => {
    const r = evaluateDependabot(gh(["go.mod"], 'version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: "/"\n    open-pull-requests-limit: 0\n'));
    expect(r.findings.find((f) => f.id === "dependabotVersionUpdatesOn")).toMatchObject({ outcome: "warn", line: 3 });
    expect(r.score).toBe(4);
  });
});
