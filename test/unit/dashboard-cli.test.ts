import { describe, expect, test } from "@jest/globals";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli.js";
import { csvCell } from "../../src/cli/export.js";
import { Store } from "../../src/store/store.js";
import { fail, scanOf } from "../helpers/dashboard-scans.js";

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** acme/web (public, two scans a week apart), acme/vault (private), other/x. */
function fixtureDb(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "scb-dash-cli-")), "s.db");
  const store = new Store(file);
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  store.saveScan(scanOf({ repo: "acme/web", at: day(8), score: 4, checks: [{ id: "security-policy", score: 4, findings: [fail("securityPolicyHasContact", "SECURITY.md", { line: 2 })] }] }));
  store.saveScan(
    scanOf({
      repo: "acme/web",
      at: day(1),
      score: 6,
      checks: [
        { id: "security-policy", score: 4, findings: [fail("securityPolicyHasContact", "SECURITY.md", { line: 2 }), { id: "ok", outcome: "pass", message: "present" }] },
        { id: "secrets", score: 8, findings: [{ ...fail("secretFound", "config/=cmd.env", { line: 7, fingerprint: "fp1" }), outcome: "warn", message: 'token "ghp_****" found' }] },
      ],
    }),
  );
  store.saveScan(scanOf({ repo: "acme/vault", at: day(1), score: 2, private: true }));
  store.saveScan(scanOf({ repo: "other/x", at: day(1), score: 9 }));
  store.close();
  return file;
}

describe("scorecard-bot dashboard", () => {
  test("markdown by default; --org limits to one owner; --public-only leaves private repositories out", async () => {
    const db = fixtureDb();
    const all = await cli("dashboard", "--db", db);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^<!-- scorecard-bot:dashboard -->\n# Security scorecard dashboard\n/);
    expect(all.out).toContain("other/x");
    const acme = await cli("dashboard", "--db", db, "--org", "acme");
    expect(acme.out).toContain("# Security scorecard dashboard: acme");
    expect(acme.out).not.toContain("other/x");
    expect(acme.out).toMatch(/\[acme\/web\]\(https:\/\/github\.com\/acme\/web\) \| [^|]*\| !\[6\.0\]\([^)]+\) \| C \| ▲ \+2\.0 \| – \|/);
    const pub = await cli("dashboard", "--db", db, "--org", "acme", "--public-only");
    expect(pub.out).not.toContain("acme/vault");
    expect(pub.out).toContain("1 private repository is left out");
  });

  test("--format json: worst first, changes, problems with first-seen", async () => {
    const db = fixtureDb();
    const r = await cli("dashboard", "--db", db, "--org", "acme", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe("scorecard-bot/dashboard@1");
    expect(j.repositories.map((x: { repository: string }) => x.repository)).toEqual(["acme/vault", "acme/web"]);
    const web = j.repositories[1];
    expect(web.change).toEqual({ "7d": 2, "30d": null, "90d": null });
    expect(web.problems.map((p: { id: string }) => p.id)).toEqual(["securityPolicyHasContact", "secretFound"]);
    expect(web.problems[0].firstSeen < web.lastScanned).toBe(true);
    expect(j.total).toBe(4);
  });

  test("bad usage exits 2", async () => {
    expect((await cli("dashboard", "--format", "xml")).code).toBe(2);
    expect((await cli("dashboard", "stray")).code).toBe(2);
  });
});

describe("scorecard-bot export", () => {
  test("json: every repository's latest scan with every finding", async () => {
    const db = fixtureDb();
    const r = await cli("export", "--db", db, "--format", "json", "--repo", "acme/web");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe("scorecard-bot/export@1");
    expect(j.repositories).toHaveLength(1);
    const policy = j.repositories[0].checks.find((c: { id: string }) => c.id === "security-policy");
    expect(policy.findings.map((f: { id: string; outcome: string }) => [f.id, f.outcome])).toEqual([["securityPolicyHasContact", "fail"], ["ok", "pass"]]);
    expect((await cli("export", "--db", db, "--format", "json")).out).toContain("other/x");
  });

  test("csv: a row per repository and check; formula-like cells are made inert", async () => {
    const db = fixtureDb();
    const r = await cli("export", "--db", db, "--format", "csv", "--org", "acme");
    const lines = r.out.trimEnd().split("\r\n");
    expect(lines[0]).toBe("repository,commit,scored_at,total,check,score,outcome,reason,problems");
    expect(lines).toHaveLength(1 + 1 + 2);
    expect(lines.find((l) => l.startsWith("acme/web,") && l.includes(",secrets,"))).toMatch(/,secrets,8,warn,because,1$/);
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(-3)).toBe("-3");
  });

  test("sarif: 2.1.0, one rule per finding id, results with locations and stable fingerprints", async () => {
    const db = fixtureDb();
    const r = await cli("export", "--db", db, "--format", "sarif", "--repo", "acme/web");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.version).toBe("2.1.0");
    const run = s.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(["secretFound", "securityPolicyHasContact"]);
    expect(run.results.map((x: { ruleId: string; level: string; ruleIndex: number }) => [x.ruleId, x.level, x.ruleIndex])).toEqual([
      ["securityPolicyHasContact", "error", 1],
      ["secretFound", "warning", 0],
    ]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "SECURITY.md" }, region: { startLine: 2 } });
    expect(run.results[1].partialFingerprints).toEqual({ "scorecardBot/v1": "secrets:fp:fp1" });
    expect(run.results[0].partialFingerprints["scorecardBot/v1"]).toBe("security-policy:securityPolicyHasContact:SECURITY.md:0");
    expect(run.versionControlProvenance[0].revisionId).toMatch(/^c-/);
  });

  test("sarif needs one repository; unknown repository and bad flags are reported", async () => {
    const db = fixtureDb();
    const many = await cli("export", "--db", db, "--format", "sarif");
    expect(many.code).toBe(2);
    expect(many.err).toContain("--repo owner/name");
    const none = await cli("export", "--db", db, "--format", "json", "--repo", "acme/nope");
    expect(none.code).toBe(1);
    expect(none.err).toContain("no stored scan of acme/nope");
    expect((await cli("export", "--db", db)).code).toBe(2);
    expect((await cli("export", "--db", db, "--format", "json", "--repo", "nope")).code).toBe(2);
  });
});
