import { describeUnavailable, type Fact } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Finding } from "../types.js";
import { parseDependabotConfig, type UpdateEntry } from "./config.js";
import { coverage, type Covered } from "./coverage.js";
import { detectEcosystems } from "./ecosystems.js";
import { parseRenovateConfig, type RenovateParse } from "./renovate.js";
import { POINTS, REMEDIATION, RUBRIC } from "./rubric.js";
import { outcomeBands } from "../outcome.js";

const ID = "dependabot" as const;
const MAX_UNCOVERED_FINDINGS = 30;

const unknownResult = (reason: string): CheckResult => ({ id: ID, score: null, outcome: "unknown", reason, findings: [] });
const round1 = (n: number) => Math.round(n * 10) / 10;
const outcomeOf = outcomeBands(8, 4);

interface Tools {
  updates: UpdateEntry[];
  renovate: Extract<RenovateParse, { ok: true }> | null;
  names: string[];
  findings: Finding[];
}

function readTools(facts: RepoFacts): Tools | string {
  const dep = facts.dependabotConfig;
  const ren = facts.renovateConfig;
  if (!dep.ok) return `dependabot.yml could not be read: ${describeUnavailable(dep)}`;
  if (!ren.ok) return `the Renovate config could not be read: ${describeUnavailable(ren)}`;
  const t: Tools = { updates: [], renovate: null, names: [], findings: [] };
  if (dep.value) {
    const path = dep.value.path;
    const parsed = parseDependabotConfig(dep.value.content);
    if (!parsed.ok) {
      t.findings.push({ id: "dependabotConfigParses", outcome: "fail", message: `${path} cannot be read by Dependabot: ${parsed.message}`, path, ...(parsed.line ? { line: parsed.line } : {}), remediation: REMEDIATION.malformed });
    } else {
      t.updates = parsed.updates;
      t.names.push(`Dependabot (${path})`);
      for (const p of parsed.problems) t.findings.push({ id: "dependabotConfigEntryValid", outcome: "warn", message: p.message, path, ...(p.line ? { line: p.line } : {}) });
      for (const u of parsed.updates.filter((x) => x.versionUpdatesOff)) {
        t.findings.push({ id: "dependabotVersionUpdatesOn", outcome: "warn", message: `The ${u.ecosystem} entry ${u.offBecause ?? "sets open-pull-requests-limit: 0"}, so it runs no version updates and covers nothing.`, path, ...(u.line ? { line: u.line } : {}) });
      }
    }
  }
  if (ren.value) {
    const path = ren.value.path;
    const parsed = parseRenovateConfig(path, ren.value.content);
    if (!parsed.ok && parsed.absent) {
      // not a Renovate config after all
    } else if (!parsed.ok) {
      t.findings.push({ id: "renovateConfigParses", outcome: "fail", message: `${path} cannot be read by Renovate: ${parsed.message}`, path });
    } else if (!parsed.enabled) {
      t.findings.push({ id: "renovateEnabled", outcome: "warn", message: `${path} sets "enabled": false: Renovate updates nothing.`, path });
    } else {
      t.renovate = parsed;
      t.names.push(`Renovate (${path}${path.endsWith("package.json") ? ' "renovate" key' : ""})`);
    }
  }
  return t;
}

/** Mean over ecosystems of the share of their directories that are covered. */
function coverageShare(cov: readonly Covered[]): number {
  const byEco = new Map<string, { n: number; ok: number }>();
  for (const c of cov) {
    const e = byEco.get(c.dir.ecosystem) ?? { n: 0, ok: 0 };
    e.n++;
    if (c.by) e.ok++;
    byEco.set(c.dir.ecosystem, e);
  }
  const shares = [...byEco.values()].map((e) => e.ok / e.n);
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

function coverageFindings(cov: readonly Covered[], configPath: string): Finding[] {
  const out: Finding[] = [];
  const ecosystems = [...new Set(cov.map((c) => c.dir.ecosystem))];
  for (const eco of ecosystems) {
    const ok = cov.filter((c) => c.dir.ecosystem === eco && c.by);
    if (ok.length > 0) {
      const tools = [...new Set(ok.map((c) => c.by))].join(" and ");
      const dirs = ok.slice(0, 5).map((c) => `/${c.dir.directory}`).join(", ") + (ok.length > 5 ? ` and ${ok.length - 5} more` : "");
      const line = ok.find((c) => c.line !== null)?.line;
      out.push({ id: "ecosystemHasUpdates", outcome: "pass", message: `${eco} is updated by ${tools} (${dirs}).`, ...(line ? { path: configPath, line } : {}) });
    }
  }
  const missing = cov.filter((c) => !c.by);
  for (const c of missing.slice(0, MAX_UNCOVERED_FINDINGS)) {
    out.push({
      id: "ecosystemHasUpdates",
      outcome: "fail",
      message: `${c.dir.ecosystem} manifest ${c.dir.paths[0]} is not covered by any update tool (directory "/${c.dir.directory}")${excludedWhy(c, configPath)}.`,
      path: c.dir.paths[0]!,
      remediation: REMEDIATION.uncovered(c.dir.ecosystem, c.dir.directory),
    });
  }
  if (missing.length > MAX_UNCOVERED_FINDINGS) {
    out.push({ id: "ecosystemHasUpdates", outcome: "fail", message: `${missing.length - MAX_UNCOVERED_FINDINGS} more uncovered manifest directories not listed.` });
  }
  return out;
}

function excludedWhy(c: Covered, configPath: string): string {
  if (!c.excluded) return "";
  if (c.excluded.by === "Renovate") return ": Renovate's ignorePaths skips it";
  return `: the ${c.dir.ecosystem} entry${c.excluded.line ? ` at ${configPath}:${c.excluded.line}` : ""} excludes it (exclude-paths)`;
}

const unseen = (id: string, what: string, f: Fact<unknown> & { ok: false }): Finding => ({
  id,
  outcome: "warn",
  message: `Not seen, left out of the score: ${what} (${describeUnavailable(f)}).`,
});

export function evaluateDependabot(facts: RepoFacts): CheckResult {
  const tree = facts.tree;
  if (!tree.ok) return unknownResult(`the file list is unavailable: ${describeUnavailable(tree)}`);
  const dirs = detectEcosystems(tree.value);
  if (dirs.length === 0) return unknownResult("no dependency manifests found: nothing for an update tool to cover");
  const tools = readTools(facts);
  if (typeof tools === "string") return unknownResult(tools);

  const findings: Finding[] = [];
  findings.push(
    tools.names.length > 0
      ? { id: "dependencyUpdateToolConfigured", outcome: "pass", message: `Update tool: ${tools.names.join(" and ")}.` }
      : { id: "dependencyUpdateToolConfigured", outcome: "fail", message: "No working Dependabot or Renovate configuration.", remediation: REMEDIATION.noTool },
  );
  findings.push(...tools.findings);
  const cov = coverage(dirs, tools.updates, tools.renovate);
  findings.push(...coverageFindings(cov, facts.dependabotConfig.ok ? (facts.dependabotConfig.value?.path ?? ".github/dependabot.yml") : ".github/dependabot.yml"));
  const share = coverageShare(cov);
  let earned = POINTS.coverage * share;
  let max = POINTS.coverage;
  const seen: string[] = [];

  const alertsOn = facts.vulnerabilityAlerts;
  if (alertsOn.ok) {
    max += POINTS.alerts;
    if (alertsOn.value) earned += POINTS.alerts;
    findings.push({ id: "dependabotAlertsEnabled", outcome: alertsOn.value ? "pass" : "fail", message: `Dependabot alerts are ${alertsOn.value ? "on" : "off"}.`, ...(alertsOn.value ? {} : { remediation: REMEDIATION.alerts }) });
    seen.push(`alerts ${alertsOn.value ? "on" : "off"}`);
  } else findings.push(unseen("dependabotAlertsEnabled", "whether Dependabot alerts are on", alertsOn));

  const fixes = facts.automatedSecurityFixes;
  if (fixes.ok) {
    max += POINTS.securityUpdates;
    if (fixes.value) earned += POINTS.securityUpdates;
    findings.push({ id: "dependabotSecurityUpdatesEnabled", outcome: fixes.value ? "pass" : "fail", message: `Dependabot security updates are ${fixes.value ? "on" : "off or paused"}.`, ...(fixes.value ? {} : { remediation: REMEDIATION.securityUpdates }) });
    seen.push(`security updates ${fixes.value ? "on" : "off"}`);
  } else findings.push(unseen("dependabotSecurityUpdatesEnabled", "whether Dependabot security updates are on", fixes));

  let penalty = 0;
  const alerts = facts.dependabotAlerts;
  if (alerts.ok) {
    const critical = alerts.value.filter((a) => a.severity === "critical").length;
    const high = alerts.value.filter((a) => a.severity === "high").length;
    penalty = Math.min(POINTS.maxPenalty, critical * POINTS.perCritical + high * POINTS.perHigh);
    const none = critical + high === 0;
    findings.push({ id: "noOpenCriticalOrHighAlerts", outcome: none ? "pass" : "fail", message: none ? "No open critical or high Dependabot alert." : `${critical} critical and ${high} high Dependabot alerts are open.`, ...(none ? {} : { remediation: REMEDIATION.openAlerts }) });
    if (!none) seen.push(`${critical + high} open critical/high alerts`);
  } else if (!(alertsOn.ok && !alertsOn.value)) {
    // with alerts off there are no alerts to count, and the refusal says nothing more
    findings.push(unseen("noOpenCriticalOrHighAlerts", "open Dependabot alerts", alerts));
  }

  const score = round1(Math.max(0, Math.min(10, (earned / max) * 10 - penalty)));
  const full = cov.filter((c) => c.by).length;
  const scaled = max < 10 ? `; scaled from ${max} visible points` : "";
  const reason = `${full} of ${cov.length} manifest directories covered${tools.names.length ? "" : " (no update tool)"}${seen.length ? `; ${seen.join("; ")}` : ""}${scaled}`;
  return { id: ID, score, outcome: outcomeOf(score), reason, findings };
}

const UPDATE_CONFIG = /^(\.github\/dependabot\.ya?ml|(\.github\/|\.gitlab\/)?renovate\.json5?|\.renovaterc(\.json5?)?|package\.json)$/i;

export const dependabotCheck: CheckDefinition = {
  id: ID,
  title: "Dependency updates (Dependabot)",
  risk: "high",
  needs: ["tree", "dependabotConfig", "renovateConfig", "vulnerabilityAlerts", "automatedSecurityFixes", "dependabotAlerts"],
  rubric: RUBRIC,
  permissions: ["Contents: read", "Administration: read", "Dependabot alerts: read"],
  // manifests and lockfiles of any ecosystem, and the Dependabot and Renovate configurations
  affectedBy: (path) => UPDATE_CONFIG.test(path) || detectEcosystems([path]).length > 0,
  evaluate: evaluateDependabot,
};
