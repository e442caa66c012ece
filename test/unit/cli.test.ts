import { describe, expect, test } from "@jest/globals";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const policyScore = (json: string) => JSON.parse(json).checks.find((c: { id: string }) => c.id === "security-policy");

describe("scorecard-bot score", () => {
  test("JSON follows the documented schema", async () => {
    const r = await cli("score", path.join(fixtures, "policy-email"), "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["repository", "commit", "scoredAt", "score", "checks"]));
    expect(new Date(j.scoredAt).toString()).not.toBe("Invalid Date");
    for (const c of j.checks) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["id", "score", "outcome", "reason", "findings"]));
    }
  });

  test("a policy naming an email scores above no policy", async () => {
    const withEmail = policyScore((await cli("score", path.join(fixtures, "policy-email"), "--format", "json")).out);
    const without = policyScore((await cli("score", path.join(fixtures, "no-policy"), "--format", "json")).out);
    const weak = policyScore((await cli("score", path.join(fixtures, "policy-no-contact"), "--format", "json")).out);
    expect(withEmail.score).toBeGreaterThan(weak.score);
    expect(weak.score).toBeGreaterThan(without.score);
    expect(weak.findings.find((f: { id: string }) => f.id === "securityPolicyHasContact").path).toBe(".github/SECURITY.md");
  });

  test("exit 2 with a clear message on a path that does not exist", async () => {
    const r = await cli("score", "/no/such/dir", "--format", "json");
    expect(r.code).toBe(2);
    expect(r.err).toContain("/no/such/dir");
    expect(r.out).toBe("");
  });

  test("exit 2 on bad usage", async () => {
    expect((await cli("score")).code).toBe(2);
    expect((await cli("score", fixtures, "--format", "xml")).code).toBe(2);
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("score", fixtures, "--bogus")).code).toBe(2);
  });

  test("markdown shows the rubric; table names the score", async () => {
    const md = await cli("score", path.join(fixtures, "no-policy"), "--format", "markdown");
    expect(md.out).toContain("Rubric");
    expect(md.out).toContain("No SECURITY.md");
    const table = await cli("score", path.join(fixtures, "no-policy"));
    expect(table.out).toMatch(/Security policy\s+0\.0\s+❌ fail/);
  });

  test("--db stores the scan and dashboard prints it in a table", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "scb-cli-")), "x.db");
    expect((await cli("score", path.join(fixtures, "policy-email"), "--db", db, "--format", "json")).code).toBe(0);
    const d = await cli("dashboard", "--db", db);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/^\| Repository \| Description \| Total \|/m);
    expect(d.out).toMatch(/\| local\/policy-email \| [^|]*\| !\[\d+\.\d\]/);
  });
});
