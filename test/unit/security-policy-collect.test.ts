import { beforeEach, describe, expect, test } from "@jest/globals";
import { securityPolicyCheck } from "../../src/checks/security-policy/index.js";
import { collectFacts } from "../../src/facts/collect.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { fakeOctokit, type FakeReply } from "../helpers/fake-octokit.js";
import { forgetOrgPolicy } from "../../src/facts/slices/security-policy.js";

beforeEach(() => forgetOrgPolicy());

const REF = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "c0ffee", private: false, archived: false, htmlUrl: null };
const TREE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const ORG_TREE = "GET /repos/{org}/.github/git/trees/HEAD";
const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
const PVR = "GET /repos/{owner}/{repo}/private-vulnerability-reporting";
const tree = (...paths: string[]): FakeReply => ({ data: { sha: "x", truncated: false, tree: paths.map((p) => ({ path: p, type: "blob", size: 10 })) } });

async function score(replies: Record<string, FakeReply>) {
  const src = new GitHubSource(fakeOctokit(replies).octokit, REF);
  return securityPolicyCheck.evaluate(await collectFacts(src, securityPolicyCheck.needs));
}

describe("security-policy through the GitHub source (fake octokit)", () => {
  test("org-level policy from the organization's .github repository, private reporting on", async () => {
    const r = await score({
      [TREE]: tree("README.md"),
      [ORG_TREE]: tree("profile/README.md", "docs/SECURITY.md"),
      [`${CONTENTS} {"path":"docs/SECURITY.md"}`]: { data: "Report to security@o.example. We reply within 3 days." },
      [PVR]: { data: { enabled: true } },
    });
    expect(r.findings[0]!.message).toBe("Security policy found in o/.github:docs/SECURITY.md.");
    // present 1 + channel 4 + response 1 + private reporting 0.5
    expect(r.score).toBe(6.5);
  });

  test("private reporting refused: scored without it, the permission named", async () => {
    const r = await score({
      [TREE]: tree("SECURITY.md"),
      [`${CONTENTS} {"path":"SECURITY.md","ref":"c0ffee"}`]: { data: "Contact the maintainers." },
      [PVR]: { error: 403 },
    });
    expect(r.score).toBe(1.1);
    expect(r.findings.find((f) => f.id === "privateVulnerabilityReportingEnabled")?.message).toContain('"Administration: read"');
  });

  test("a private repository is not asked about private reporting (GitHub offers it on public ones only)", async () => {
    const fake = fakeOctokit({ [TREE]: tree("SECURITY.md"), [`${CONTENTS} {"path":"SECURITY.md","ref":"c0ffee"}`]: { data: "Contact the maintainers." }, [PVR]: { data: { enabled: false } } });
    const src = new GitHubSource(fake.octokit, { ...REF, private: true });
    const r = securityPolicyCheck.evaluate(await collectFacts(src, securityPolicyCheck.needs));
    expect(fake.calls.filter((c) => c.startsWith(PVR))).toEqual([]);
    expect(r.findings.find((f) => f.id === "privateVulnerabilityReportingEnabled")).toMatchObject({ outcome: "warn", message: expect.stringContaining("public repositories only") });
    expect(r.score).toBe(1.1);
  });

  test("no policy anywhere", async () => {
    const r = await score({ [TREE]: tree("README.md"), [ORG_TREE]: { error: 404 }, [PVR]: { data: { enabled: false } } });
    expect([r.score, r.outcome]).toEqual([0, "fail"]);
  });
});
