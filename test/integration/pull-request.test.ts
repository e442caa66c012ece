import { describe, expect, test } from "@jest/globals";
import { forgetOrgPolicy } from "../../src/facts/slices/security-policy.js";
import { createApp } from "../../src/index.js";
import { PR_COMMENT_MARKER } from "../../src/publish/pr-comment.js";
import { Store } from "../../src/store/store.js";
import { example } from "../helpers/examples.js";
import { GitHubMock } from "../helpers/nock-github.js";
import { testProbot } from "../helpers/probot.js";
import { strictNock } from "../helpers/nock-strict.js";

strictNock(() => forgetOrgPolicy()); // each test states the org .github answers it expects

interface PrPayload {
  action: string;
  number: number;
  repository: { owner: { login: string }; name: string };
  pull_request: { number: number; head: { sha: string }; base: { sha: string } };
}

function setup() {
  const payload = example<PrPayload>("pull_request", "opened");
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const n = payload.pull_request.number;
  return { payload, owner, repo, n, head: payload.pull_request.head.sha, base: payload.pull_request.base.sha };
}

type CheckRunBody = { status?: string; conclusion?: string; output?: { title: string; summary: string; annotations?: { path: string; start_line: number }[] } };

describe("pull_request", () => {
  test("a PR that removes SECURITY.md: negative delta, neutral, one comment created then edited in place, redelivery ignored", async () => {
    // a slow analysis (here: any) shows the check run in progress first, then completes it
    process.env.CHECK_IN_PROGRESS_AFTER_MS = "0";
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const { payload, owner, repo, n, head, base } = setup();

    // first delivery: opened
    const gh = new GitHubMock().token();
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 77 });
    gh.noConfig(owner, ".github");
    gh.prFiles(owner, repo, n, [{ filename: "SECURITY.md", status: "removed" }]);
    gh.tarball(owner, repo, base, { "SECURITY.md": "# Security\n\nEmail security@example.com; we reply within 2 days.\n", "README.md": "# hi\n" });
    gh.noOrgPolicy(owner); // the head has no policy: falls back to the org .github
    gh.write("patch", `/repos/${owner}/${repo}/check-runs/77`, 200, { id: 77 });
    gh.comments(owner, repo, n, [{ id: 5, body: `quoting ${PR_COMMENT_MARKER} by a person`, bot: false }]);
    gh.write("post", `/repos/${owner}/${repo}/issues/${n}/comments`, 201, { id: 900 });

    await probot.receive({ name: "pull_request", id: "delivery-1", payload } as never);

    const [created] = gh.writesTo("/check-runs") as CheckRunBody[];
    expect(created).toMatchObject({ name: "Security scorecard", head_sha: head, status: "in_progress" });
    const done = gh.writesTo("/check-runs/77")[0] as CheckRunBody;
    expect(done.status).toBe("completed");
    expect(done.conclusion).toBe("neutral");
    expect(done.output!.title).toMatch(/^Score \d+\.\d \/ 10 \(▼ -\d+\.\d\)$/);
    expect(done.output!.summary).toMatch(/\| ❌ Security policy \| \d+\.\d \| 0\.0 \| ▼ -\d+\.\d \|/);
    expect(done.output!.summary).toContain("What this pull request introduces");
    const comment = gh.writesTo(`/issues/${n}/comments`)[0] as { body: string };
    expect(comment.body.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(comment.body).toMatch(/Security scorecard: \d+\.\d \/ 10 \(▼ -\d+\.\d against the base branch\)/);

    // the same delivery again: nothing at all is requested (nock would fail on any request)
    await probot.receive({ name: "pull_request", id: "delivery-1", payload } as never);

    // a PR's base is not written into the repository's history (it may be an older commit)
    expect(store.db.prepare("SELECT COUNT(*) FROM scans").pluck().get()).toBe(0);

    // synchronize: the comment is edited, not duplicated
    const sync = new GitHubMock().token();
    sync.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 78 });
    sync.prFiles(owner, repo, n, [{ filename: "SECURITY.md", status: "removed" }, { filename: "README.md", status: "modified" }]);
    sync.tarball(owner, repo, base, { "SECURITY.md": "# Security\n\nEmail security@example.com\n", "README.md": "# hi\n" });
    // read at the head only by checks that read every file (the secrets scan)
    sync.scope.get(`/repos/${owner}/${repo}/contents/README.md`).query({ ref: payload.pull_request.head.sha }).optionally().reply(200, "# hi again\n");
    // the org .github policy was read on the first delivery and is remembered
    sync.write("patch", `/repos/${owner}/${repo}/check-runs/78`, 200, { id: 78 });
    sync.comments(owner, repo, n, [{ id: 900, body: `${PR_COMMENT_MARKER}\nold body` }]);
    sync.write("patch", `/repos/${owner}/${repo}/issues/comments/900`, 200, { id: 900 });

    await probot.receive({ name: "pull_request", id: "delivery-2", payload: { ...payload, action: "synchronize" } } as never);
    expect((sync.writesTo("/issues/comments/900")[0] as { body: string }).body).toContain(PR_COMMENT_MARKER);
    expect(sync.writesTo(`/issues/${n}/comments`)).toEqual([]);
    delete process.env.CHECK_IN_PROGRESS_AFTER_MS;
    store.close();
  });

  test("an invalid config is named in the check run, and fail_below from the last valid one applies", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const { payload, owner, repo, n, base } = setup();
    const gh = new GitHubMock().token();
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 1 });
    gh.prFiles(owner, repo, n, [{ filename: "README.md" }]);
    gh.tarball(owner, repo, base, { "README.md": "hi", ".github/scorecard.yml": "pull_requests:\n  fail_below: 12\n  comment: sometimes\n" });
    gh.file(owner, repo, "README.md", payload.pull_request.head.sha, "hi there");
    gh.noOrgPolicy(owner);
    gh.comments(owner, repo, n, []);
    await probot.receive({ name: "pull_request", id: "d-cfg", payload } as never);
    // a quick analysis: the check run is created once, already completed
    const done = gh.writesTo("/check-runs")[0] as CheckRunBody;
    expect(done.status).toBe("completed");
    expect(done.output!.summary).toContain("invalid configuration in");
    expect(done.output!.summary).toContain("pull_requests.fail_below");
    expect(done.output!.summary).toContain("pull_requests.comment");
    // unchanged score, no threshold from the invalid file: success, and on-change comments: none created
    expect(done.conclusion).toBe("success");
    store.close();
  });

  test("fail_below fails the check when the total with the PR is under it", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const { payload, owner, repo, n, base } = setup();
    const gh = new GitHubMock().token();
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 2 });
    gh.prFiles(owner, repo, n, [{ filename: "README.md" }]);
    // the archive cannot be had: files come through the tree and contents APIs
    gh.noTarball(owner, repo, base);
    gh.tree(owner, repo, base, ["README.md", ".github/scorecard.yml"]);
    gh.file(owner, repo, ".github/scorecard.yml", base, "pull_requests:\n  fail_below: 9.5\n  comment: never\n");
    gh.file(owner, repo, "README.md", base, "hi");
    gh.file(owner, repo, "README.md", payload.pull_request.head.sha, "hi there");
    gh.noOrgPolicy(owner);
    await probot.receive({ name: "pull_request", id: "d-th", payload } as never);
    expect((gh.writesTo("/check-runs")[0] as CheckRunBody).conclusion).toBe("failure");
    store.close();
  });
});

describe("pull_request adding a secret and an unhardened workflow", () => {
  test("fails the check with annotations on both lines, masked, rebuilt from patches without fetching", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const { payload, owner, repo, n, base } = setup();
    const keyId = ["AKIA", "Z7Q3M5R2", "T2W4Y6U3"].join(""); // base32 body, as real key ids
    const workflow = ["name: ci", "on: [push, pull_request]", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4", "      - run: make test", ""].join("\n");
    const gh = new GitHubMock().token();
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 9 });
    gh.noConfig(owner, ".github");
    gh.prFiles(owner, repo, n, [
      { filename: ".github/workflows/ci.yml", status: "added", patch: "@@ -0,0 +1,8 @@\n" + workflow.trimEnd().split("\n").map((l) => `+${l}`).join("\n") },
      { filename: "config/settings.py", status: "modified", patch: `@@ -1,1 +1,2 @@\n DEBUG = False\n+AWS_ACCESS_KEY_ID = "${keyId}"` },
    ]);
    gh.tarball(owner, repo, base, { "config/settings.py": "DEBUG = False\n", "SECURITY.md": "Mail security@example.com\n" });
    gh.comments(owner, repo, n, []);
    gh.write("post", `/repos/${owner}/${repo}/issues/${n}/comments`, 201, { id: 1 });

    await probot.receive({ name: "pull_request", id: "d-secret", payload } as never);

    const runs = gh.writesTo("/check-runs") as CheckRunBody[];
    expect(runs).toHaveLength(1);
    const done = runs[0]!;
    expect(done.conclusion).toBe("failure");
    expect(done.output!.title).toMatch(/▼ -/);
    const anns = done.output!.annotations!;
    expect(anns).toEqual(expect.arrayContaining([expect.objectContaining({ path: "config/settings.py", start_line: 2, annotation_level: "failure" })]));
    expect(anns.some((a) => a.path === ".github/workflows/ci.yml")).toBe(true);
    const comment = gh.writesTo(`/issues/${n}/comments`)[0] as { body: string };
    expect(comment.body).toContain("Rotate the credential");
    // the raw key is in no request the app sent
    for (const w of gh.writes) expect(JSON.stringify(w.body)).not.toContain(keyId);
    const dbText = JSON.stringify(store.db.prepare("SELECT * FROM findings").all());
    expect(dbText).not.toContain(keyId);
    store.close();
  });
});

describe("pull_request with a secret already on the base branch", () => {
  test("the base's secret is not 'introduced' by the PR: same installation key on both sides", async () => {
    const store = new Store(":memory:");
    const probot = await testProbot(createApp({ store, sweepIntervalHours: 0, processInline: true }));
    const { payload, owner, repo, n, base } = setup();
    const keyId = ["AKIA", "Z7Q3M5R2", "T2W4Y6U3"].join("");
    const gh = new GitHubMock().token();
    gh.write("post", `/repos/${owner}/${repo}/check-runs`, 201, { id: 11 });
    gh.noConfig(owner, ".github");
    gh.prFiles(owner, repo, n, [{ filename: "README.md", status: "modified", patch: "@@ -1,1 +1,1 @@\n-hi\n+hello" }]);
    gh.tarball(owner, repo, base, { "README.md": "hi\n", "old.env": `AWS_ACCESS_KEY_ID=${keyId}\n`, "SECURITY.md": "Mail security@example.com\n" });
    gh.comments(owner, repo, n, []);
    await probot.receive({ name: "pull_request", id: "d-old-secret", payload } as never);
    const done = gh.writesTo("/check-runs")[0] as CheckRunBody;
    // the secret fails the check on both sides (score 0), but the PR did not add it
    expect(done.conclusion).toBe("success");
    expect(done.output!.summary).not.toContain("This pull request adds a secret");
    expect(done.output!.summary).toMatch(/\| ❌ Secrets \| 0\.0 \| 0\.0 \| = 0\.0 \|/);
    store.close();
  });
});
