import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { example } from "../helpers/examples.js";
import { INSTALLATION_ID } from "../fixtures/worlds/org-small.js";
import { leakyPull, PR_NUMBER, PR_REPO, RELEASE_WORKFLOW } from "../fixtures/worlds/pr-leak.js";
import type { RecordedRequest } from "../fake-github/server.js";
import { useHarness } from "./harness.js";

const CHECK_RUN_PATCH = "/repos/:owner/:repo/check-runs/:id";
const CHECK_RUN_CREATE = "/repos/:owner/:repo/check-runs";

interface Annotation {
  path: string;
  start_line: number;
  annotation_level: string;
  message: string;
  title?: string;
}

describe("e2e: a pull request that adds an unhardened job and a cloud key", () => {
  const pull = leakyPull();

  function payload(action: string, headSha: string) {
    const repo = h.fake.repo(PR_REPO);
    const p = example<Record<string, unknown>>("pull_request", action === "synchronize" ? "synchronize" : "opened", INSTALLATION_ID);
    const repository = { id: repo.spec.id, name: repo.spec.name, full_name: repo.fullName, owner: { login: repo.spec.owner, type: "Organization" }, private: false, default_branch: repo.defaultBranch };
    const pr = repo.spec.pulls!.find((x) => x.number === PR_NUMBER)!;
    p.action = action;
    p.number = PR_NUMBER;
    p.repository = repository;
    p.installation = { id: INSTALLATION_ID };
    p.pull_request = {
      ...(p.pull_request as object),
      number: PR_NUMBER,
      state: "open",
      draft: false,
      head: { ref: pr.head.ref, sha: headSha, repo: repository },
      base: { ref: pr.base.ref, sha: pr.base.sha, repo: repository },
    };
    return p;
  }

  // a check run is completed by a PATCH, or created completed at once when the analysis is quick
  const completed = (log: readonly RecordedRequest[]) =>
    log.filter(
      (r) =>
        ((r.method === "PATCH" && r.route === CHECK_RUN_PATCH) || (r.method === "POST" && r.route === CHECK_RUN_CREATE)) &&
        (r.body as { conclusion?: string } | undefined)?.conclusion,
    );

  const h = useHarness(pull.world, { env: { LOG_LEVEL: "debug" } }); // the leak test reads debug logs

  test("opened: a failing check run with both annotations and a negative delta, and one comment", async () => {
    const head = h.fake.repo(PR_REPO).spec.pulls![0]!.head.sha!;
    const res = await h.sendWebhook("pull_request", payload("opened", head), { id: "delivery-pr-opened" });
    expect([200, 202]).toContain(res.status);
    await h.fake.until((log) => completed(log).length > 0, "the completed check run", 20000);
    await h.settle();

    const runs = h.fake.repo(PR_REPO).checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "Security scorecard", head_sha: head, status: "completed", conclusion: "failure" });
    const title = String(runs[0]!.output?.title);
    console.log(`e2e PR check run: "${title}", ${runs[0]!.annotations.length} annotations, ${h.fake.requests.length} API requests`);
    expect(title).toMatch(/[-−]\d+(\.\d+)?\)$/); // the delta is negative

    const annotations = runs[0]!.annotations as unknown as Annotation[];
    const secret = annotations.filter((a) => a.path === "config/deploy.env");
    expect(secret.map((a) => a.start_line)).toContain(pull.lines.awsKeyId);
    expect(secret.every((a) => a.annotation_level === "failure")).toBe(true);
    const workflow = annotations.filter((a) => a.path === ".github/workflows/release.yml");
    expect(workflow.length).toBeGreaterThan(0);
    expect(workflow.map((a) => `${a.title ?? ""} ${a.message}`).join("\n")).toMatch(/harden-runner/i);

    const comments = h.fake.repo(PR_REPO).comments.filter((c) => c.issue_number === PR_NUMBER);
    expect(comments).toHaveLength(1);
  });

  test("the same delivery sent again has no further effect", async () => {
    const before = h.fake.writes().length;
    const head = h.fake.repo(PR_REPO).spec.pulls![0]!.head.sha!;
    const res = await h.sendWebhook("pull_request", payload("opened", head), { id: "delivery-pr-opened" });
    expect([200, 202]).toContain(res.status);
    await h.settle();
    expect(h.fake.writes().slice(before)).toEqual([]);
    expect(h.fake.repo(PR_REPO).checkRuns).toHaveLength(1);
  });

  test("synchronize: a new check run, and the comment is edited in place, not duplicated", async () => {
    // the job gets harden-runner, the key stays: the comment has something new to say
    const hardened = RELEASE_WORKFLOW.replace(
      "    steps:\n",
      "    steps:\n      - uses: step-security/harden-runner@91182cccc01eb5e619899d80e4e971d6181294a7 # v2.10.1\n" +
        "        with:\n          egress-policy: block\n          allowed-endpoints: >\n            github.com:443\n            registry.npmjs.org:443\n",
    );
    expect(hardened).not.toBe(RELEASE_WORKFLOW);
    const files = { ...pull.headFiles, ".github/workflows/release.yml": hardened };
    const head = h.fake.pushToPull(PR_REPO, PR_NUMBER, files);
    const before = h.fake.requests.length;
    const res = await h.sendWebhook("pull_request", payload("synchronize", head), { id: "delivery-pr-sync" });
    expect([200, 202]).toContain(res.status);
    await h.fake.until((log) => completed(log.slice(before)).length > 0, "the second completed check run", 20000);
    await h.settle();

    const runs = h.fake.repo(PR_REPO).checkRuns;
    expect(runs.map((r) => [r.head_sha, r.conclusion])).toEqual([
      [runs[0]!.head_sha, "failure"],
      [head, "failure"],
    ]);
    const comments = h.fake.repo(PR_REPO).comments.filter((c) => c.issue_number === PR_NUMBER);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.updated_at >= comments[0]!.created_at).toBe(true);
    const hardenedRun = runs[1]!.annotations as unknown as Annotation[];
    expect(hardenedRun.filter((a) => a.path === ".github/workflows/release.yml")).toEqual([]);
    const commentWrites = h.fake.requests.slice(before).filter((r) => r.method !== "GET" && /\/comments/.test(r.path));
    expect(commentWrites.map((r) => `${r.method} ${r.route}`)).toEqual(["PATCH /repos/:owner/:repo/issues/comments/:id"]);
  });

  test("the raw key appears nowhere: not in what the app sent to GitHub, its logs or its database", async () => {
    const raw = [pull.secrets.awsKeyId, pull.secrets.awsSecret];
    const sent = h.fake.writes().map((r) => JSON.stringify(r.body ?? ""));
    const db = [h.dbPath, `${h.dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1"));
    for (const value of raw) {
      expect(sent.filter((b) => b.includes(value))).toEqual([]);
      expect(h.logs.includes(value)).toBe(false);
      expect(db.some((d) => d.includes(value))).toBe(false);
    }
    expect(sent.length).toBeGreaterThan(0);
    expect(h.logs.length).toBeGreaterThan(0); // debug logging was on: the search above had something to search
  });
});
