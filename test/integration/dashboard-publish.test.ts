import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/facts/github/octokit.js";
import { dashboardPageOf, publishDashboard } from "../../src/publish/dashboard.js";
import { Store } from "../../src/store/store.js";
import { scanOf } from "../helpers/dashboard-scans.js";

const API = "https://api.github.com";
const NOW = new Date("2026-03-18T10:00:00.000Z");
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

const octokit = () =>
  new (ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }))({ auth: { token: "ghs_test" } }) as unknown as GitHubClient;

/** A fixture org scanned over five weeks: public web (improving), public api (worsening), private vault. */
function orgStore(): Store {
  const store = new Store(":memory:");
  store.upsertInstallation({ id: 7, account: "acme" });
  store.upsertInstallation({ id: 8, account: "other" });
  return store;
}

function fixtureOrg(): Store {
  const store = orgStore();
  for (const [days, web, api, vault] of [[35, 3, 8, 1], [28, 4, 8, 1], [21, 5, 7, 2], [14, 5, 7, 2], [7, 6, 6, 2], [1, 8, 5, 3]] as const) {
    store.saveScan(scanOf({ repo: "acme/web", id: 1, at: at(days), score: web }), 7);
    store.saveScan(scanOf({ repo: "acme/api", id: 2, at: at(days), score: api }), 7);
    store.saveScan(scanOf({ repo: "acme/vault", id: 3, at: at(days), score: vault, private: true }), 7);
  }
  store.saveScan(scanOf({ repo: "other/x", id: 4, at: at(1), score: 0 }), 8);
  return store;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  user: { type: string; login: string };
  pull_request?: object;
}
const bot = (number: number, title: string, body: string): Issue => ({ number, title, body, user: { type: "Bot", login: "scorecard-bot[bot]" } });

function repoIs(isPrivate: boolean, repo = ".github") {
  return nock(API).get(`/repos/acme/${repo}`).reply(200, { name: repo, private: isPrivate, visibility: isPrivate ? "private" : "public", archived: false });
}
function openIssues(issues: Issue[]) {
  return nock(API).get("/repos/acme/.github/issues").query({ state: "open", per_page: 100 }).reply(200, issues);
}

describe("the dashboard issue", () => {
  test("created once in a public .github without private repositories; left alone when nothing changed; edited when it did", async () => {
    const store = fixtureOrg();
    const gh = octokit();

    // 1. no dashboard yet: one issue is created
    repoIs(false);
    openIssues([{ number: 3, title: "Unrelated", body: "hello", user: { type: "User", login: "alice" } }]);
    let created: { title: string; body: string } | undefined;
    nock(API)
      .post("/repos/acme/.github/issues", (b) => ((created = b), true))
      .reply(201, { number: 10 });
    const first = await publishDashboard(gh, store, { owner: "acme", installationId: 7, now: NOW });
    expect(first.issues).toEqual([{ number: 10, action: "created" }]);
    const body = created!.body;
    expect(created!.title).toBe("Security scorecard dashboard");
    expect(body).toMatch(/^<!-- scorecard-bot:dashboard -->\n/);
    expect(body).toContain("```mermaid\nxychart-beta");
    expect(body).not.toContain("acme/vault");
    expect(body).not.toContain("other/x");
    expect(body).toContain("1 private repository is left out");
    const rows = body.split("\n").filter((l) => l.startsWith("| [acme/"));
    expect(rows.map((l) => l.slice(0, 16))).toEqual(["| [acme/api](htt", "| [acme/web](htt"]);
    // 7 days ago both had their day-7 scan; 30 days ago their day-35 one
    expect(rows[0]).toContain("| ▼ -1.0 | ▼ -3.0 |");
    expect(rows[1]).toContain("| ▲ +2.0 | ▲ +5.0 |");

    // 2. same data: read, compare, no write (an unmatched POST/PATCH would fail under disableNetConnect)
    repoIs(false);
    openIssues([bot(10, "Security scorecard dashboard", body.replace(/\n/g, "\r\n"))]);
    const second = await publishDashboard(gh, store, { owner: "acme", installationId: 7, now: NOW });
    expect(second.issues).toEqual([{ number: 10, action: "unchanged" }]);

    // 3. a new scan: the same issue is edited in place
    store.saveScan(scanOf({ repo: "acme/api", id: 2, at: at(0.5), score: 9 }), 7);
    repoIs(false);
    openIssues([bot(10, "Security scorecard dashboard", body)]);
    let edited: { body: string } | undefined;
    nock(API)
      .patch("/repos/acme/.github/issues/10", (b) => ((edited = b), true))
      .reply(200, { number: 10 });
    const third = await publishDashboard(gh, store, { owner: "acme", installationId: 7, now: NOW });
    expect(third.issues).toEqual([{ number: 10, action: "updated" }]);
    expect(edited!.body).toContain("| ▲ +3.0 | ▲ +1.0 |");
    expect(edited!.body).not.toContain("acme/vault");
    store.close();
  });

  test("in a private .github the private repositories are listed; duplicates are closed, the oldest kept", async () => {
    const store = fixtureOrg();
    repoIs(true);
    openIssues([bot(21, "Security scorecard dashboard", "<!-- scorecard-bot:dashboard -->\nold"), bot(20, "Security scorecard dashboard", "<!-- scorecard-bot:dashboard -->\nolder")]);
    let body = "";
    nock(API)
      .patch("/repos/acme/.github/issues/20", (b) => ("body" in b && (body = b.body), true))
      .reply(200, { number: 20 });
    let closed: Record<string, unknown> = {};
    nock(API)
      .patch("/repos/acme/.github/issues/21", (b) => ("state" in b && (closed = b), true))
      .reply(200, { number: 21 });
    const r = await publishDashboard(octokit(), store, { owner: "acme", installationId: 7, now: NOW });
    expect(r.issues).toEqual([{ number: 20, action: "updated" }]);
    expect(r.closed).toEqual([21]);
    expect(closed).toEqual({ state: "closed", state_reason: "not_planned" });
    expect(body).toContain("acme/vault");
    expect(body).not.toContain("left out");
    store.close();
  });

  test("too long for one issue: linked parts, written only when changed, parts no longer needed closed", async () => {
    const store = orgStore();
    for (let i = 0; i < 60; i++) store.saveScan(scanOf({ repo: `acme/r${String(i).padStart(2, "0")}`, id: 100 + i, at: at(1), score: i % 10 }), 7);
    const opts = { owner: "acme", installationId: 7, now: NOW, maxBody: 4_000 };
    repoIs(false);
    openIssues([bot(50, "Security scorecard dashboard (part 9 of 9)", "<!-- scorecard-bot:dashboard page=9 -->\nstale")]);
    const posted: { title: string; body: string }[] = [];
    nock(API)
      // nock also offers other requests' bodies to this matcher: keep only issue creations
      .post("/repos/acme/.github/issues", (b) => ("title" in b && posted.push(b), true))
      .times(20)
      .reply(201, function () {
        return { number: 60 + posted.length };
      });
    nock(API).patch("/repos/acme/.github/issues/50", { state: "closed", state_reason: "not_planned" }).reply(200, {});
    const r = await publishDashboard(octokit(), store, opts);
    nock.cleanAll(); // the POST interceptor allowed more than were needed
    const parts = posted.length;
    expect(parts).toBeGreaterThan(2);
    expect(r.closed).toEqual([50]);
    for (const p of posted) expect(p.body.length).toBeLessThanOrEqual(4_000);
    const main = posted.at(-1)!;
    expect(main.title).toBe("Security scorecard dashboard");
    expect(main.body).toContain(`split over ${parts} issues`);
    expect(main.body).toContain("part 2: #61");
    expect(posted[0]!.title).toBe(`Security scorecard dashboard (part 2 of ${parts})`);
    const allRows = posted.flatMap((p) => p.body.split("\n").filter((l) => l.startsWith("| [acme/")));
    expect(allRows).toHaveLength(60);

    // unchanged on the next run: no writes at all
    repoIs(false);
    openIssues(posted.map((p, i) => bot(61 + i, p.title, p.body)));
    const again = await publishDashboard(octokit(), store, opts);
    expect(again.issues.every((i) => i.action === "unchanged")).toBe(true);
    expect(again.issues).toHaveLength(parts);
    store.close();
  });

  test("the optional markdown file is committed to a private repository only when it changed", async () => {
    const store = fixtureOrg();
    const file = { repository: "security", branch: "main", path: "docs/scorecard.md" };
    const opts = { owner: "acme", installationId: 7, now: NOW, issue: false, file };
    repoIs(true, "security");
    nock(API).get("/repos/acme/security/contents/docs%2Fscorecard.md").query({ ref: "main" }).reply(404, { message: "Not Found" });
    let put: { content: string; branch: string; sha?: string } | undefined;
    nock(API)
      .put("/repos/acme/security/contents/docs%2Fscorecard.md", (b) => ((put = b), true))
      .reply(201, { content: { sha: "s1" } });
    expect((await publishDashboard(octokit(), store, opts)).file).toBe("committed");
    const markdown = Buffer.from(put!.content, "base64").toString("utf8");
    expect(put!.branch).toBe("main");
    expect(put!.sha).toBeUndefined();
    expect(markdown).toContain("acme/vault"); // a private repository holds it: private ones are listed

    repoIs(true, "security");
    nock(API).get("/repos/acme/security/contents/docs%2Fscorecard.md").query({ ref: "main" }).reply(200, { sha: "s1", encoding: "base64", content: put!.content });
    expect((await publishDashboard(octokit(), store, opts)).file).toBe("unchanged");
    store.close();
  });

  test("no .github repository: nothing is written, the reason is given", async () => {
    const store = fixtureOrg();
    nock(API).get("/repos/acme/.github").reply(404, { message: "Not Found" });
    const r = await publishDashboard(octokit(), store, { owner: "acme", now: NOW });
    expect(r.skipped).toContain("acme/.github does not exist");
    expect(r.issues).toEqual([]);
    store.close();
  });

  test("only the app's own marked issues count as the dashboard", () => {
    const body = "<!-- scorecard-bot:dashboard -->\nx";
    expect(dashboardPageOf(bot(1, "t", body))).toBe(1);
    expect(dashboardPageOf(bot(1, "t", "<!-- scorecard-bot:dashboard page=3 -->\nx"))).toBe(3);
    expect(dashboardPageOf({ ...bot(1, "t", body), user: { type: "User" } })).toBeNull();
    expect(dashboardPageOf({ ...bot(1, "t", body), pull_request: {} })).toBeNull();
    expect(dashboardPageOf(bot(1, "Security scorecard dashboard", "no marker"))).toBeNull();
  });
});
