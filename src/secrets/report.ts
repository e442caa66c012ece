/** Text, JSON and SARIF 2.1.0 renderings of a scan. They only ever see masked findings. */
import type { SecretFinding } from "../facts/types.js";
import type { Rule } from "./rule.js";

export interface ScanReport {
  findings: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: { path: string; reason: string }[];
}

export function reportJson(r: ScanReport): string {
  const open = r.findings.filter((f) => !f.suppressed).length;
  return JSON.stringify({ found: open, suppressed: r.findings.length - open, ...r }, null, 2) + "\n";
}

export function reportText(r: ScanReport): string {
  const lines = r.findings.map((f) => {
    const where = `${f.path}:${f.line}:${f.column}`;
    const tail = f.suppressed ? ` [suppressed: ${f.suppressed.reason}]` : "";
    return `${where}: ${f.ruleId}: ${f.description} ${f.preview} fingerprint ${f.fingerprint}${tail}`;
  });
  const notable = r.skipped.filter((s) => !s.reason.startsWith("binary"));
  for (const s of notable) lines.push(`${s.path}: not scanned: ${s.reason}`);
  const open = r.findings.filter((f) => !f.suppressed).length;
  const suppressed = r.findings.length - open;
  const mb = (r.bytesScanned / 1e6).toFixed(1);
  lines.push(
    `${open === 0 ? "No secret found" : `${open} secret${open === 1 ? "" : "s"} found`}` +
      `${suppressed ? ` (${suppressed} suppressed)` : ""} in ${r.filesScanned} files (${mb} MB); ${r.skipped.length} not scanned.`,
  );
  if (open > 0) lines.push("Rotate each credential found: removing it from the code does not un-leak it once pushed.");
  return lines.join("\n") + "\n";
}

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF 2.1.0 for code scanning upload: one rule per rule id, suppressions in source. */
export function reportSarif(r: ScanReport, rules: readonly Rule[], toolVersion: string): string {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "scorecard-bot secrets",
            version: toolVersion,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: camel(rule.id),
              shortDescription: { text: rule.description },
              fullDescription: { text: `${rule.description}. Rotate the credential, then remove it from the code.` },
              defaultConfiguration: { level: "error" },
              properties: { tags: ["security", "secret"], "security-severity": "9.0" },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: r.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: "error",
          message: { text: `${f.description} (${f.preview}). Rotate it: removing it from the code does not un-leak it.` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path.split("\\").join("/")) },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { "secretFingerprint/v1": f.fingerprint },
          ...(f.suppressed ? { suppressions: [{ kind: "inSource", justification: f.suppressed.reason }] } : {}),
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.skipped
              .filter((s) => !s.reason.startsWith("binary"))
              .map((s) => ({
                level: "note",
                message: { text: `not scanned: ${s.reason}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.path) } } }],
              })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

const camel = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
