import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts, SecretFinding, SecretScanningAlert, SecretScanSummary } from "../../facts/types.js";
import { SECRET_SCANNING_OFF } from "../../secrets/status.js";
import type { CheckDefinition, CheckResult, Finding } from "../types.js";
import { MAX_LISTED, REMEDIATION, RUBRIC, SCORE_SCANNING_OFF, SCORE_SCANNING_UNKNOWN } from "./rubric.js";

type Scanning = "enabled" | "disabled" | "unknown";

export function evaluateSecrets(facts: RepoFacts): CheckResult {
  const scan = facts.secretScan;
  if (!scan.ok) {
    return { id: "secrets", score: null, outcome: "unknown", reason: `the files could not be scanned: ${describeUnavailable(scan)}`, findings: [] };
  }
  const open = scan.value.findings.filter((f) => !f.suppressed);
  const suppressed = scan.value.findings.filter((f) => f.suppressed);
  const alerts = facts.secretScanningAlerts.ok ? facts.secretScanningAlerts.value : [];
  const history = removedInPush(facts, scan.value);
  const { state: scanning, finding: scanningFinding } = scanningState(facts);

  const findings: Finding[] = [
    ...listed(open.map(leakFinding), open.length, "credentials found in files"),
    ...listed(history.gone.map(historyFinding), history.gone.length, "credentials in pushed commits"),
    ...listed(alerts.map(alertFinding), alerts.length, "open secret-scanning alerts"),
    ...listed(suppressed.map(suppressedFinding), suppressed.length, "suppressed findings"),
    scanningFinding,
    ...pushProtectionFinding(facts),
    ...skippedFinding(scan.value),
    ...history.notScanned,
  ];
  if (open.length === 0) {
    findings.unshift({ id: "noSecretInFiles", outcome: "pass", message: `No credential found in ${scan.value.filesScanned} scanned files.` });
  }

  if (open.length > 0 || alerts.length > 0 || history.gone.length > 0) {
    const parts = [
      open.length > 0 ? `${open.length} credential${open.length === 1 ? "" : "s"} in the files` : null,
      history.gone.length > 0 ? `${history.gone.length} credential${history.gone.length === 1 ? "" : "s"} pushed and removed again (still in the history)` : null,
      alerts.length > 0 ? `${alerts.length} open GitHub secret-scanning alert${alerts.length === 1 ? "" : "s"}` : null,
    ].filter(Boolean);
    return { id: "secrets", score: 0, outcome: "fail", reason: `${parts.join(" and ")}: rotate them`, findings };
  }
  const also = suppressed.length > 0 ? ` (${suppressed.length} suppressed)` : "";
  if (scanning === "enabled") {
    return { id: "secrets", score: 10, outcome: "pass", reason: `no credential found${also} and GitHub secret scanning is on`, findings };
  }
  if (scanning === "disabled") {
    return { id: "secrets", score: SCORE_SCANNING_OFF, outcome: "warn", reason: `no credential found${also}, but GitHub secret scanning is off`, findings };
  }
  return {
    id: "secrets",
    score: SCORE_SCANNING_UNKNOWN,
    outcome: "warn",
    reason: `no credential found${also}; whether GitHub secret scanning is on is unknown`,
    findings,
  };
}

/** Whether GitHub secret scanning is on: the repository setting, else what the alerts endpoint said. */
function scanningState(facts: RepoFacts): { state: Scanning; finding: Finding } {
  const st = facts.secretScanningStatus;
  const alerts = facts.secretScanningAlerts;
  const alertsOff = !alerts.ok && alerts.reason.startsWith(SECRET_SCANNING_OFF);
  let state: Scanning = st.ok ? st.value.secretScanning : "unknown";
  if (state === "unknown") state = alerts.ok ? "enabled" : alertsOff ? "disabled" : "unknown";
  if (state === "enabled") {
    return { state, finding: { id: "secretScanningEnabled", outcome: "pass", message: "GitHub secret scanning is on." } };
  }
  if (state === "disabled") {
    const free = facts.repo.private ? "" : " It is free for public repositories.";
    return {
      state,
      finding: { id: "secretScanningEnabled", outcome: "fail", message: `GitHub secret scanning is off.${free}`, remediation: REMEDIATION.scanningOff },
    };
  }
  const why = !st.ok
    ? describeUnavailable(st)
    : !alerts.ok
      ? describeUnavailable(alerts)
      : 'GitHub shows the setting only to apps with "Administration: read"';
  return {
    state,
    finding: { id: "secretScanningEnabled", outcome: "unknown", message: `Whether GitHub secret scanning is on is unknown: ${why}.`, remediation: REMEDIATION.scanningUnknown },
  };
}

function pushProtectionFinding(facts: RepoFacts): Finding[] {
  const st = facts.secretScanningStatus;
  if (!st.ok || st.value.pushProtection === "unknown") return [];
  return st.value.pushProtection === "enabled"
    ? [{ id: "pushProtectionEnabled", outcome: "pass", message: "Secret scanning push protection is on." }]
    : [{ id: "pushProtectionEnabled", outcome: "warn", message: "Secret scanning push protection is off.", remediation: REMEDIATION.pushProtection }];
}

function leakFinding(f: SecretFinding): Finding {
  return {
    id: "noSecretInFiles",
    outcome: "fail",
    message: `${f.description} (${f.preview}) at ${f.path}:${f.line}:${f.column}.`,
    path: f.path,
    line: f.line,
    column: f.column,
    remediation: REMEDIATION.leaked,
    fingerprint: f.fingerprint,
  };
}

/**
 * Secrets in the added lines of the pushed commits that are no longer in the files: removing a
 * line does not take it out of the history, so they count as leaked. One per secret (fingerprint).
 */
function removedInPush(facts: RepoFacts, scan: SecretScanSummary): { gone: (SecretFinding & { commit: string })[]; notScanned: Finding[] } {
  const pushed = facts.pushedSecrets;
  if (!pushed.ok) return { gone: [], notScanned: [] };
  const inFiles = new Set(scan.findings.map((f) => f.fingerprint));
  const seen = new Set<string>();
  const gone = pushed.value.findings.filter((f) => {
    if (f.suppressed || inFiles.has(f.fingerprint) || seen.has(f.fingerprint)) return false;
    seen.add(f.fingerprint);
    return true;
  });
  const notScanned: Finding[] =
    pushed.value.skipped.length > 0
      ? [{ id: "secretScanComplete", outcome: "warn", message: `Pushed commits not fully scanned: ${pushed.value.skipped.slice(0, 5).join("; ")}${pushed.value.skipped.length > 5 ? `; and ${pushed.value.skipped.length - 5} more` : ""}.`, remediation: REMEDIATION.skipped }]
      : [];
  return { gone, notScanned };
}

function historyFinding(f: SecretFinding & { commit: string }): Finding {
  return {
    id: "noSecretInFiles",
    outcome: "fail",
    message: `${f.description} (${f.preview}) was committed in ${f.commit.slice(0, 7)} at ${f.path}:${f.line}:${f.column} and removed again: it stays in the git history.`,
    path: f.path,
    line: f.line,
    column: f.column,
    remediation: REMEDIATION.leaked,
    fingerprint: f.fingerprint,
  };
}

function suppressedFinding(f: SecretFinding): Finding {
  return {
    id: "secretSuppressed",
    outcome: "warn",
    message: `Suppressed: ${f.description} (${f.preview}) at ${f.path}:${f.line}:${f.column}, reason: ${f.suppressed?.reason ?? ""}.`,
    path: f.path,
    line: f.line,
    column: f.column,
    remediation: REMEDIATION.suppressed,
    fingerprint: f.fingerprint,
  };
}

function alertFinding(a: SecretScanningAlert): Finding {
  const where = a.path ? ` at ${a.path}${a.line ? `:${a.line}` : ""}` : "";
  return {
    id: "noOpenSecretScanningAlert",
    outcome: "fail",
    message: `Open GitHub secret-scanning alert #${a.number}: ${a.secretType}${where}${a.url ? ` (${a.url})` : ""}.`,
    ...(a.path ? { path: a.path } : {}),
    ...(a.line ? { line: a.line } : {}),
    remediation: REMEDIATION.alert,
  };
}

function listed(items: Finding[], total: number, what: string): Finding[] {
  if (total <= MAX_LISTED) return items;
  const first = items[0]!;
  return [
    ...items.slice(0, MAX_LISTED),
    { id: first.id, outcome: first.outcome, message: `… and ${total - MAX_LISTED} more ${what} (${total} in all).` },
  ];
}

function skippedFinding(scan: SecretScanSummary): Finding[] {
  if (scan.skipped.length === 0) return [];
  const byReason = new Map<string, number>();
  for (const s of scan.skipped) {
    const kind = s.reason.startsWith("binary") ? "binary" : s.reason.startsWith("path allowlisted") ? "allowlisted" : s.reason.includes("line limit") ? "over-long lines" : "too large or unreadable";
    byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
  }
  const parts = [...byReason].map(([k, n]) => `${n} ${k}`).join(", ");
  const notable = scan.skipped.filter((s) => !s.reason.startsWith("binary")).slice(0, 5).map((s) => `${s.path} (${s.reason})`);
  return [
    {
      id: "secretScanComplete",
      outcome: notable.length > 0 ? "warn" : "pass",
      message: `Not scanned: ${parts}.${notable.length > 0 ? ` E.g. ${notable.join("; ")}.` : ""}`,
      remediation: REMEDIATION.skipped,
    },
  ];
}

export const secretsCheck: CheckDefinition = {
  id: "secrets",
  title: "Secrets",
  risk: "critical",
  needs: ["secretScan", "secretScanningStatus", "secretScanningAlerts", "pushedSecrets"],
  rubric: RUBRIC,
  permissions: ["Contents: read", "Secret scanning alerts: read", "Administration: read"],
  evaluate: evaluateSecrets,
};
