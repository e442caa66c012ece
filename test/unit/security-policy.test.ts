import { describe, expect, test } from "@jest/globals";
import { evaluateSecurityPolicy } from "../../src/checks/security-policy/index.js";
import { known, unavailable } from "../../src/facts/fact.js";
import { findPolicyPath } from "../../src/facts/slices/security-policy.js";
import type { RepoFacts, SecurityPolicyFile } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

const policy = (content: string, extra: Partial<SecurityPolicyFile> = {}): SecurityPolicyFile => ({
  path: "SECURITY.md",
  content,
  origin: "repository",
  repository: "o/r",
  ...extra,
});

describe("security-policy check", () => {
  const cases: [string, RepoFacts["securityPolicy"], number | null, string][] = [
    ["no policy", known(null), 0, "fail"],
    ["policy with an email", known(policy("Report to security@example.com please.")), 10, "pass"],
    ["policy with a URL", known(policy("Use https://github.com/o/r/security/advisories/new")), 10, "pass"],
    ["policy without a channel", known(policy("Contact the maintainers.")), 4, "warn"],
    ["org-level policy with email", known(policy("mail sec@org.io", { origin: "organization", repository: "o/.github" })), 10, "pass"],
    ["unavailable", unavailable("GitHub refused", "Contents: read"), null, "unknown"],
  ];
  test.each(cases)("%s", (_name, fact, score, outcome) => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: fact }));
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(outcome);
  });

  test("unknown names the permission to grant", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: unavailable("GitHub refused", "Contents: read") }));
    expect(r.reason).toContain('"Contents: read"');
  });

  test("org-level policy says where it was found", () => {
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known(policy("x@y.io", { origin: "organization", repository: "o/.github" })) }));
    expect(r.findings[0]!.message).toContain("o/.github:SECURITY.md");
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
  ] as [string[], string | null][])("%j → %s", (tree, expected) => {
    expect(findPolicyPath(tree)).toBe(expected);
  });
});
