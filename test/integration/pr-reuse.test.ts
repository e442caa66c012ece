import { describe, expect, test } from "@jest/globals";
import type { CheckResult } from "../../src/checks/types.js";
import { forgetOrgPolicy } from "../../src/facts/slices/security-policy.js";
import { createApp } from "../../src/index.js";
import { Store } from "../../src/store/store.js";
import { example } from "../helpers/examples.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { strictNockUnmatched } from "../helpers/nock-strict.js";
import { testProbot } from "../helpers/probot.js";

const unmatched = strictNockUnmatched(() => forgetOrgPolicy());

interface PrPayload {
  number: number;
  repository: { owner: { login: string }; name: string; full_name: string; id: number };
  pull_request: { number: number; head: { sha: string }; base: { sha: string } };
}

const result = (id: CheckResult["id"], score: number): CheckResult => ({ id, score, outcome: score >= 7 ? "pass" : "warn", reason: `stored ${id}`, findings: [] });
const STORED = [result("branch-protection", 9), result("security-policy", 8), result("dependabot", 6), result("harden-runner", 10), result("codeql", 3), result("secrets", 10)];

describe("a pull request whose base commit was scored", () => {
  test("checks whose inputs the PR does not touch are taken from the stored base scan: no request for their facts, delta 0", async () => {
    const store = new Store(":memory:");
    const payload = example<PrPayload>("pull_request", "opened");
    const { owner: { login: owner }, name: repo } = payload.repository;
    const n = payload.pull_request.number;
    const base = payload.pull_request.base.sha;
    store.upsertInstallation({ id: 1, account: owner });
    store.saveScan(
      {
        repo: { owner, name: repo, fullName: `${owner}/${repo}`, defaultBranch: "main", commit: base, private: false, archived: false, htmlUrl: null, id: payload.repository.id },
        source: "github",
        trigger: "push",
        scoredAt: new Date().toISOString(),
        score: 7.5,
        excluded: [],
        checks: STORED,
      },
      1,
    );
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));

    const gh = new GitHubMock().token();
    gh.scope.get(`/repos/${owner}/.github/contents/.github%2Fscorecard.yml`).optionally().reply(404, { message: "Not Found" });
    gh.prFiles(owner, repo, n, [{ filename: "src/app.js", status: "modified", patch: "@@ -1 +1 @@\n-let a = 1;\n+let a = 2;\n" }]);
    gh.tarball(owner, repo, base, { "src/app.js": "let a = 1;\n", "README.md": "# hi\n" });
    // what the PR can move: CodeQL (languages, analyses) and secrets
    gh.scope.get(`/repos/${owner}/${repo}/code-scanning/analyses`).query(true).reply(404, { message: "no analysis found" });
    gh.scope.get(`/repos/${owner}/${repo}/code-scanning/default-setup`).reply(200, { state: "not-configured", languages: [] });
    gh.scope.get(`/repos/${owner}/${repo}/secret-scanning/alerts`).query(true).reply(404, { message: "Secret scanning is disabled on this repository." });
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 3 });
    gh.comments(owner, repo, n, []);
    // CodeQL is judged afresh (here lower than stored), so the comment is written
    gh.write("post", `/repos/${owner}/${repo}/issues/${n}/comments`, 201, { id: 4 });

    await probot.receive({ name: "pull_request", id: "d-reuse", payload } as never);

    expect(unmatched.list).toEqual([]);
    const run = gh.writesTo("/check-runs")[0] as { conclusion: string; output: { summary: string } };
    const kept: [string, CheckResult["id"]][] = [["Branch protection", "branch-protection"], ["Security policy", "security-policy"], ["Dependency updates \\(Dependabot\\)", "dependabot"], ["Harden-Runner", "harden-runner"]];
    for (const [title, id] of kept) {
      const score = STORED.find((s) => s.id === id)!.score!.toFixed(1);
      expect(run.output.summary).toMatch(new RegExp(`\\| [^|]*${title} \\| ${score} \\| ${score} \\| `));
    }
    store.close();
  });
});
