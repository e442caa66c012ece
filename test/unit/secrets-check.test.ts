import { describe, expect, test } from "@jest/globals";
import { evaluateSecrets, secretsCheck } from "../../src/checks/secrets/index.js";
import { SCORE_SCANNING_OFF, SCORE_SCANNING_UNKNOWN } from "../../src/checks/secrets/rubric.js";
import { known, unavailable } from "../../src/facts/fact.js";
import type { RepoFacts, SecretFinding, SecretScanSummary } from "../../src/facts/types.js";
import { SECRET_SCANNING_OFF } from "../../src/secrets/status.js";
import { factsWith } from "../helpers/facts.js";

const finding = (extra: Partial<SecretFinding> = {}): SecretFinding => ({
  ruleId: "github-token",
  description: "GitHub token",
  path: "src/a.js",
  line: 3,
  column: 7,
  fingerprint: "f".repeat(32),
  preview: "ghp_… (40 chars)",
  suppressed: null,
  ...extra,
});
const scan = (findings: SecretFinding[] = [], skipped: SecretScanSummary["skipped"] = []) =>
  known<SecretScanSummary>({ findings, filesScanned: 10, bytesScanned: 1000, skipped });
const on = known({ secretScanning: "enabled" as const, pushProtection: "enabled" as const });
const off = known({ secretScanning: "disabled" as const, pushProtection: "disabled" as const });
const hidden = known({ secretScanning: "unknown" as const, pushProtection: "unknown" as const });
const alert = { number: 4, secretType: "Stripe API Key", url: "https://github.com/o/r/security/secret-scanning/4", path: "a.env", line: 2 };

describe("secrets check", () => {
  const cases: [string, Partial<RepoFacts>, number | null, string][] = [
    ["clean, scanning on", { secretScan: scan(), secretScanningStatus: on, secretScanningAlerts: known([]) }, 10, "pass"],
    ["clean, scanning off", { secretScan: scan(), secretScanningStatus: off, secretScanningAlerts: unavailable(SECRET_SCANNING_OFF) }, SCORE_SCANNING_OFF, "warn"],
    ["clean, alerts 404 and no setting visible", { secretScan: scan(), secretScanningStatus: hidden, secretScanningAlerts: unavailable(SECRET_SCANNING_OFF) }, SCORE_SCANNING_OFF, "warn"],
    ["clean, alerts listed and no setting visible", { secretScan: scan(), secretScanningStatus: hidden, secretScanningAlerts: known([]) }, 10, "pass"],
    ["clean, local checkout", { secretScan: scan() }, SCORE_SCANNING_UNKNOWN, "warn"],
    ["clean, alerts forbidden", { secretScan: scan(), secretScanningStatus: hidden, secretScanningAlerts: unavailable("GitHub refused (403)", "Secret scanning alerts: read") }, SCORE_SCANNING_UNKNOWN, "warn"],
    ["a finding", { secretScan: scan([finding()]), secretScanningStatus: on, secretScanningAlerts: known([]) }, 0, "fail"],
    ["a finding, scanning off", { secretScan: scan([finding()]), secretScanningStatus: off }, 0, "fail"],
    ["only suppressed findings", { secretScan: scan([finding({ suppressed: { reason: "test fixture" } })]), secretScanningStatus: on, secretScanningAlerts: known([]) }, 10, "pass"],
    ["an open GitHub alert", { secretScan: scan(), secretScanningStatus: on, secretScanningAlerts: known([alert]) }, 0, "fail"],
    ["our scan unavailable", { secretScan: unavailable("GitHub refused (403)", "Contents: read"), secretScanningStatus: on, secretScanningAlerts: known([alert]) }, null, "unknown"],
  ];
  test.each(cases)("%s", (_name, slices, score, outcome) => {
    const r = evaluateSecrets(factsWith(slices));
    expect([r.score, r.outcome]).toEqual([score, outcome]);
    expect(r.id).toBe("secrets");
  });

  test("findings are listed masked with place, fingerprint and rotation advice", () => {
    const r = evaluateSecrets(factsWith({ secretScan: scan([finding()]), secretScanningStatus: on, secretScanningAlerts: known([]) }));
    const f = r.findings.find((x) => x.id === "noSecretInFiles" && x.outcome === "fail")!;
    expect(f).toMatchObject({ path: "src/a.js", line: 3, column: 7, fingerprint: "f".repeat(32) });
    expect(f.message).toContain("ghp_… (40 chars)");
    expect(f.remediation).toMatch(/[Rr]otate/);
    expect(f.remediation).toMatch(/does not un-leak/);
  });

  test("suppressed findings are reported with their reason, not counted", () => {
    const r = evaluateSecrets(factsWith({ secretScan: scan([finding({ suppressed: { reason: "revoked in 2024" } })]), secretScanningStatus: on, secretScanningAlerts: known([]) }));
    expect(r.findings.find((x) => x.id === "secretSuppressed")?.message).toContain("revoked in 2024");
    expect(r.reason).toContain("1 suppressed");
  });

  test("scanning off on a public repository says it is free", () => {
    const r = evaluateSecrets(factsWith({ secretScan: scan(), secretScanningStatus: off }));
    expect(r.findings.find((x) => x.id === "secretScanningEnabled")).toMatchObject({ outcome: "fail", message: expect.stringContaining("free for public") });
  });

  test("push protection is reported when visible", () => {
    const r = evaluateSecrets(factsWith({ secretScan: scan(), secretScanningStatus: known({ secretScanning: "enabled", pushProtection: "disabled" }), secretScanningAlerts: known([]) }));
    expect(r.findings.find((x) => x.id === "pushProtectionEnabled")?.outcome).toBe("warn");
    expect(r.score).toBe(10);
  });

  test("unknown names the permission to grant", () => {
    const r = evaluateSecrets(factsWith({ secretScan: unavailable("GitHub refused (403)", "Contents: read") }));
    expect(r.reason).toContain('"Contents: read"');
  });

  test("skipped files are reported; binary-only skips are a pass", () => {
    const r = evaluateSecrets(factsWith({ secretScan: scan([], [{ path: "big.sql", reason: "3000000 bytes, over the 2097152-byte limit" }, { path: "a.png", reason: "binary file (by extension)" }]) }));
    const f = r.findings.find((x) => x.id === "secretScanComplete")!;
    expect(f.outcome).toBe("warn");
    expect(f.message).toContain("big.sql");
    const b = evaluateSecrets(factsWith({ secretScan: scan([], [{ path: "a.png", reason: "binary file (by extension)" }]) }));
    expect(b.findings.find((x) => x.id === "secretScanComplete")!.outcome).toBe("pass");
  });

  test("many findings are listed up to a bound and counted", () => {
    const many = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1 }));
    const r = evaluateSecrets(factsWith({ secretScan: scan(many) }));
    expect(r.findings.filter((x) => x.id === "noSecretInFiles").length).toBe(51);
    expect(r.reason).toContain("120 credentials");
  });

  test("definition", () => {
    expect(secretsCheck).toMatchObject({ id: "secrets", risk: "critical", needs: ["secretScan", "secretScanningStatus", "secretScanningAlerts", "pushedSecrets"] });
  });
});
