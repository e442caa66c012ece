import { describe, expect, test } from "@jest/globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateSecurityPolicy, securityPolicyCheck } from "../../src/checks/security-policy/index.js";
import { known, unavailable } from "../../src/facts/fact.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import { findPolicyPath } from "../../src/facts/slices/security-policy.js";
import type { RepoFacts, SecurityPolicyFile } from "../../src/facts/types.js";
import { scoreRepository } from "../../src/runner.js";
import { factsWith } from "../helpers/facts.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");

const policy = (content: string, extra: Partial<SecurityPolicyFile> = {}): SecurityPolicyFile => ({
  path: "SECURITY.md",
  content,
  origin: "repository",
  repository: "o/r",
  ...extra,
});

const COMPLETE = `# Security Policy

## Supported Versions
Only the latest 2.x release receives security fixes.

## Reporting
Email security@acme.example (PGP key fingerprint 1234 ABCD on keys.openpgp.org if you want to encrypt).
We acknowledge reports within 48 hours and keep you updated while we work on a fix.

## Disclosure
We practise coordinated disclosure: we release a patch, then publish a security advisory with a CVE,
and we credit reporters who wish it. Please give us up to 90 days before going public.
`;
const NO_CHANNEL = COMPLETE.replace("Email security@acme.example", "Tell the maintainers");

type Case = [string, SecurityPolicyFile | null, RepoFacts["privateVulnerabilityReporting"] | null, number, string];
const cases: Case[] = [
  ["no policy", null, null, 0, "fail"],
  ["email only, private reporting unseen (scaled over 9.5)", policy("Report to security@example.com please."), null, 5.3, "warn"],
  ["advisories link only", policy("Use https://github.com/o/r/security/advisories/new"), null, 5.3, "warn"],
  ["email only, private reporting off", policy("Report to security@example.com please."), known(false), 5, "warn"],
  ["'contact the maintainers' stub", policy("Contact the maintainers."), null, 1.1, "fail"],
  ["'open an issue' stub", policy("Found a vulnerability? Open an issue on GitHub."), known(false), 1, "fail"],
  ["'open an issue' with private reporting on: still not a channel", policy("Found a vulnerability? Open an issue."), known(true), 1.5, "fail"],
  ["no channel in the file but private reporting on", policy("Contact the maintainers."), known(true), 5.5, "warn"],
  ["complete policy, private reporting on", policy(COMPLETE), known(true), 10, "pass"],
  ["complete policy, private reporting unseen", policy(COMPLETE), null, 10, "pass"],
  ["complete policy, private reporting off", policy(COMPLETE), known(false), 9.5, "pass"],
  ["every element but a channel: capped at 4", policy(NO_CHANNEL), known(false), 4, "warn"],
  ["org-level policy with email", policy("mail sec@org.io", { origin: "organization", repository: "o/.github" }), known(false), 5, "warn"],
];

describe("security-policy check", () => {
  test.each(cases)("%s", (_name, file, pvr, score, outcome) => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(file), ...(pvr ? { privateVulnerabilityReporting: pvr } : {}) }));
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
  });

  test("a weak policy scores below one naming a channel, which scores below a complete one", () => {
    const s = (content: string) => evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy(content)) })).score!;
    expect(s("Contact the maintainers.")).toBeLessThan(s("Mail security@example.com."));
    expect(s("Mail security@example.com.")).toBeLessThan(s(COMPLETE));
  });

  test("unavailable: unknown, naming the permission to grant", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: unavailable("GitHub refused", "Contents: read") }));
    expect([r.score, r.outcome]).toEqual([null, "unknown"]);
    expect(r.reason).toContain('"Contents: read"');
  });

  test("org-level policy says where it was found and points at no local line", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy("x@y.io", { origin: "organization", repository: "o/.github" })) }));
    expect(r.findings[0]!.message).toContain("o/.github:SECURITY.md");
    expect(r.findings.every((f) => f.path === undefined)).toBe(true);
  });

  test("each element is a finding, with the line it was found on", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy(COMPLETE)), privateVulnerabilityReporting: known(true) }));
    const byId = Object.fromEntries(r.findings.map((f) => [f.id, f]));
    expect(byId.securityPolicyHasContact).toMatchObject({ outcome: "pass", line: 7 });
    expect(byId.securityPolicyHasResponseTime).toMatchObject({ outcome: "pass", line: 8, message: expect.stringContaining("48 hours") });
    expect(byId.securityPolicyHasDisclosureProcess).toMatchObject({ outcome: "pass", line: 11 });
    expect(byId.securityPolicyHasScope).toMatchObject({ outcome: "pass", line: 3 });
    expect(byId.securityPolicyOffersEncryption).toMatchObject({ outcome: "pass", line: 7 });
    expect(byId.securityPolicyIsNotStub?.outcome).toBe("pass");
    expect(byId.privateVulnerabilityReportingEnabled?.outcome).toBe("pass");
  });

  test("public issue advice is its own finding", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy("# Sec\n\nPlease open an issue.")) }));
    expect(r.findings.find((f) => f.id === "securityPolicyAvoidsPublicIssues")).toMatchObject({ outcome: "fail", line: 3 });
  });

  test("a huge policy is graded on its first part, quickly", () => {
    const t = Date.now();
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy("security@x.io\n" + "word ".repeat(400_000))) }));
    expect(r.findings.map((f) => f.id)).toContain("securityPolicyGradedWhole");
    expect(r.score).toBeGreaterThan(5);
    expect(Date.now() - t).toBeLessThan(3000);
  });
});

describe("security-policy on fixture checkouts", () => {
  const run = async (dir: string) => (await scoreRepository(await LocalDirSource.open(path.join(fixtures, dir)), { trigger: "manual", checks: [securityPolicyCheck] })).checks[0]!;

  test.each([
    ["sp-complete", 10, "pass"],
    ["policy-email", 6.3, "warn"],
    ["sp-obfuscated", 6.3, "warn"],
    ["sp-issue", 1.1, "fail"],
    ["sp-template", 1.1, "fail"],
    ["policy-no-contact", 1.1, "fail"],
    ["no-policy", 0, "fail"],
  ] as [string, number, string][])("%s", async (dir, score, outcome) => {
    const r = await run(dir);
    expect([r.score, r.outcome]).toEqual([score, outcome]);
  });

  test("the template is called out; the rst policy in docs/ is found and its issue link is not a channel", async () => {
    expect((await run("sp-template")).findings.find((f) => f.id === "securityPolicyNotTemplate")?.path).toBe(".github/SECURITY.md");
    const issue = await run("sp-issue");
    expect(issue.findings[0]!.path).toBe("docs/security.rst");
    expect(issue.findings.find((f) => f.id === "securityPolicyAvoidsPublicIssues")?.line).toBe(4);
  });
});

describe("findPolicyPath", () => {
  test.each([
    [["README.md", "SECURITY.md"], "SECURITY.md"],
    [["docs/SECURITY.md", ".github/security.md"], ".github/security.md"],
    [["docs/Security.rst"], "docs/Security.rst"],
    [["src/SECURITY.md"], null],
    [["SECURITY.adoc", "SECURITY.md"], "SECURITY.md"],
    [["a/.github/SECURITY.md"], null],
    [["Security.Markdown"], "Security.Markdown"],
    [[".GITHUB/SECURITY.MD"], ".GITHUB/SECURITY.MD"],
    [["docs/security.md", "SECURITY.txt"], "SECURITY.txt"],
  ] as [string[], string | null][])("%j → %s", (tree, expected) => {
    expect(findPolicyPath(tree)).toBe(expected);
  });
});
