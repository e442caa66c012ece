import { parseArgs } from "node:util";
import { CHECKS } from "../checks/registry.js";
import type { CheckDefinition, Risk } from "../checks/types.js";
import { problemJson } from "../render/dashboard-json.js";
import { History, type RepoSnapshot } from "../store/history.js";
import { Store } from "../store/store.js";
import { UsageError, type Io } from "../cli.js";

export const EXPORT_USAGE = "scorecard-bot export [--db PATH] --format json|csv|sarif [--repo owner/name] [--org NAME]";

const defaultDb = () => process.env.DATABASE_PATH ?? "./data/scorecard.db";

/** `export`: the latest scan of each stored repository as JSON, CSV or SARIF 2.1.0. */
export function exportCommand(args: string[], io: Io, now = new Date()): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: "string" }, format: { type: "string" }, repo: { type: "string" }, org: { type: "string" } },
  });
  if (positionals.length) throw new UsageError("export takes no positional arguments");
  const format = values.format;
  if (format !== "json" && format !== "csv" && format !== "sarif") throw new UsageError("export needs --format json, csv or sarif");
  if (values.repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(values.repo)) throw new UsageError(`--repo must be owner/name, not "${values.repo}"`);
  const store = new Store(values.db ?? defaultDb());
  let repos: RepoSnapshot[];
  try {
    repos = new History(store).latest(
      { includeArchived: true, ...(values.repo ? { fullName: values.repo } : {}), ...(values.org ? { owner: values.org } : {}) },
      { allFindings: true },
    );
  } finally {
    store.close();
  }
  if (values.repo && repos.length === 0) {
    io.err(`scorecard-bot: no stored scan of ${values.repo}\n`);
    return 1;
  }
  if (format === "json") io.out(JSON.stringify(exportJson(repos, now), null, 2) + "\n");
  else if (format === "csv") io.out(exportCsv(repos));
  else {
    if (repos.length > 1) throw new UsageError("SARIF is uploaded per repository: add --repo owner/name");
    io.out(JSON.stringify(exportSarif(repos[0], CHECKS), null, 2) + "\n");
  }
  return 0;
}

/** Schema "scorecard-bot/export@1": each repository's latest scan with every finding. */
export function exportJson(repos: readonly RepoSnapshot[], now: Date) {
  return {
    schema: "scorecard-bot/export@1",
    exportedAt: now.toISOString(),
    repositories: repos.map((r) => ({
      repository: r.fullName,
      private: r.private,
      archived: r.archived,
      commit: r.commit,
      scoredAt: r.scoredAt,
      trigger: r.trigger,
      score: r.score,
      checks: r.checks.map((c) => ({
        id: c.id,
        score: c.score,
        outcome: c.outcome,
        reason: c.reason,
        findings: r.findings
          .filter((f) => f.checkId === c.id)
          .map(problemJson),
      })),
    })),
  };
}

const CSV_HEADER = ["repository", "commit", "scored_at", "total", "check", "score", "outcome", "reason", "problems"];

/** One row per repository and check. Cells that a spreadsheet would run as a formula are quoted inert. */
export function exportCsv(repos: readonly RepoSnapshot[]): string {
  const lines = [CSV_HEADER.join(",")];
  for (const r of repos) {
    for (const c of r.checks) {
      const problems = r.findings.filter((f) => f.checkId === c.id && (f.outcome === "fail" || f.outcome === "warn")).length;
      lines.push([r.fullName, r.commit ?? "", r.scoredAt, r.score ?? "", c.id, c.score ?? "", c.outcome, c.reason, problems].map(csvCell).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const SEVERITY: Record<Risk, string> = { critical: "9.0", high: "7.0", medium: "5.0", low: "3.0" };

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per finding id, one result per fail/warn finding,
 * fingerprinted by the finding's stable key so alerts follow it across uploads.
 */
export function exportSarif(repo: RepoSnapshot | undefined, defs: readonly CheckDefinition[]) {
  const problems = (repo?.findings ?? []).filter((f) => f.outcome === "fail" || f.outcome === "warn");
  const ruleIds = [...new Set(problems.map((f) => f.id))].sort();
  const first = (id: string) => problems.find((f) => f.id === id)!;
  const defOf = (checkId: string) => defs.find((d) => d.id === checkId);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "scorecard-bot",
            informationUri: "https://github.com/apps/scorecard-bot",
            rules: ruleIds.map((id) => {
              const f = first(id);
              const def = defOf(f.checkId);
              return {
                id,
                name: id,
                shortDescription: { text: `${def?.title ?? f.checkId}: ${id}` },
                fullDescription: { text: f.message },
                help: { text: f.remediation ?? `See the ${def?.title ?? f.checkId} check's rubric.` },
                defaultConfiguration: { level: f.outcome === "fail" ? "error" : "warning" },
                properties: { tags: ["security", f.checkId], "security-severity": SEVERITY[def?.risk ?? "low"] },
              };
            }),
          },
        },
        ...(repo ? { automationDetails: { id: `scorecard-bot/${repo.fullName}/` } } : {}),
        ...(repo?.commit ? { versionControlProvenance: [{ repositoryUri: repo.htmlUrl ?? `https://github.com/${repo.fullName}`, revisionId: repo.commit }] } : {}),
        results: problems.map((f) => ({
          ruleId: f.id,
          ruleIndex: ruleIds.indexOf(f.id),
          level: f.outcome === "fail" ? "error" : "warning",
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                // code scanning wants a location; repository-wide findings have no file
                artifactLocation: { uri: f.path ?? "no file associated with this alert" },
                region: { startLine: f.line ?? 1 },
              },
            },
          ],
          partialFingerprints: { "scorecardBot/v1": f.key },
        })),
      },
    ],
  };
}
