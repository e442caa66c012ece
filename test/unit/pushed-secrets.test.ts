import { describe, expect, test } from "@jest/globals";
import { evaluateSecrets } from "../../src/checks/secrets/index.js";
import { known } from "../../src/facts/fact.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { collectPushedSecrets, collectSecretScan, MAX_PUSHED_COMMITS } from "../../src/facts/slices/secrets.js";
import { pushedCommits } from "../../src/handlers/push-changes.js";
import { fakeOctokit, type FakeReply } from "../helpers/fake-octokit.js";
import { factsWith } from "../helpers/facts.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const { str } = fakes(11);
const token = () => "gh" + "p_" + str(36, ALPHA.b62);
const REF = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "c".repeat(40), private: false, archived: false, htmlUrl: null };
const COMMIT = "GET /repos/{owner}/{repo}/commits/{ref}";
const KEY = Buffer.alloc(32, 7);
const sha = (n: number) => n.toString(16).padStart(40, "0");
const commitReply = (files: { filename: string; status?: string; patch?: string }[]): FakeReply => ({ data: { files } });

describe("secrets in the commits a push brought", () => {
  test("each pushed commit's added lines are scanned (one request each); the finding keeps its commit, line and a masked preview only", async () => {
    const secret = token();
    const fake = fakeOctokit({
      [`${COMMIT} {"ref":"${sha(1)}"}`]: commitReply([{ filename: "config.js", status: "added", patch: `@@ -0,0 +1,2 @@\n+const a = 1;\n+const token = "${secret}";` }]),
      [`${COMMIT} {"ref":"${sha(2)}"}`]: commitReply([{ filename: "config.js", status: "modified", patch: `@@ -1,2 +1,1 @@\n const a = 1;\n-const token = "${secret}";` }]),
    });
    const src = new GitHubSource(fake.octokit, REF, KEY, null, { pushed: [sha(1), sha(2)] });
    const r = await collectPushedSecrets(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.commitsScanned).toBe(2);
    expect(r.value.findings).toHaveLength(1);
    expect(r.value.findings[0]).toMatchObject({ commit: sha(1), path: "config.js", line: 2 });
    expect(JSON.stringify(r.value)).not.toContain(secret);
    expect(fake.calls.filter((c) => c.startsWith(COMMIT))).toHaveLength(2);
  });

  test("no push, no request; over the cap the newest commits are read and the rest named", async () => {
    const none = fakeOctokit({});
    expect(await collectPushedSecrets(new GitHubSource(none.octokit, REF, KEY))).toEqual(known({ findings: [], commitsScanned: 0, skipped: [] }));
    expect(none.calls).toEqual([]);
    const many = Array.from({ length: MAX_PUSHED_COMMITS + 3 }, (_, i) => sha(i + 1));
    const fake = fakeOctokit({ [COMMIT]: commitReply([]) });
    const r = await collectPushedSecrets(new GitHubSource(fake.octokit, REF, KEY, null, { pushed: many }));
    expect(r.ok && r.value.skipped).toEqual([`3 older pushed commits (over the ${MAX_PUSHED_COMMITS}-commit limit)`]);
    expect(fake.calls.filter((c) => c.startsWith(COMMIT)).map((c) => JSON.parse(c.slice(COMMIT.length + 1)).ref)).toEqual(many.slice(3));
  });

  test("an unreadable commit and a diff GitHub leaves out are said, not ignored", async () => {
    const fake = fakeOctokit({ [`${COMMIT} {"ref":"${sha(1)}"}`]: { error: 500 }, [`${COMMIT} {"ref":"${sha(2)}"}`]: commitReply([{ filename: "huge.sql", status: "added" }, { filename: "logo.png", status: "added" }]) });
    const r = await collectPushedSecrets(new GitHubSource(fake.octokit, REF, KEY, null, { pushed: [sha(1), sha(2)] }));
    expect(r.ok && r.value.skipped).toEqual([`commit ${sha(1).slice(0, 7)}: GitHub answered 500 to GET /repos/{owner}/{repo}/commits/{ref}`, `commit ${sha(2).slice(0, 7)}: huge.sql (no diff from GitHub)`]);
  });

  test("the check: a secret pushed and removed again fails it, once, naming the commit; one still in the files is not listed twice", async () => {
    const gone = token();
    const kept = token();
    const fake = fakeOctokit({
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": { data: { sha: "c", truncated: false, tree: [{ path: "app.js", type: "blob", size: 80 }] } },
      [`GET /repos/{owner}/{repo}/contents/{path} {"path":"app.js","ref":"${"c".repeat(40)}"}`]: { data: `const k = "${kept}";\n` },
      [COMMIT]: commitReply([{ filename: "app.js", status: "modified", patch: `@@ -1 +1,2 @@\n+const k = "${kept}";\n+const old = "${gone}";` }]),
    });
    const src = new GitHubSource(fake.octokit, REF, KEY, null, { pushed: [sha(1), sha(2)] });
    const facts = factsWith({ secretScan: await collectSecretScan(src), pushedSecrets: await collectPushedSecrets(src) });
    const r = evaluateSecrets(facts);
    expect(r.score).toBe(0);
    expect(r.reason).toContain("1 credential in the files");
    expect(r.reason).toContain("1 credential pushed and removed again (still in the history)");
    const history = r.findings.filter((f) => f.message.includes("removed again"));
    expect(history).toHaveLength(1);
    expect(history[0]!.message).toContain(`committed in ${sha(1).slice(0, 7)} at app.js:2`);
    expect(JSON.stringify(r)).not.toContain(gone);
    expect(JSON.stringify(r)).not.toContain(kept);
  });

  test("commit ids come from the payload, in its order, whatever the push", () => {
    expect(pushedCommits({ after: "x", forced: true, commits: [{ id: sha(1) }, { id: "not a sha" }, { id: sha(2) }] })).toEqual([sha(1), sha(2)]);
    expect(pushedCommits({ after: "x" })).toEqual([]);
  });
});
