import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { OrgConfigCache } from "../../src/config/load.js";
import { sweepAll } from "../../src/scheduler.js";
import { AppState } from "../../src/store/app-state.js";
import { HttpCache } from "../../src/store/http-cache.js";
import { Store } from "../../src/store/store.js";
import { API } from "../helpers/nock-github.js";
import { testProbot } from "../helpers/probot.js";
import { strictNock } from "../helpers/nock-strict.js";

strictNock();

describe("scheduled run", () => {
  test("sweeps every installation, skips suspended ones, then thins old history by the retention policy", async () => {
    const store = new Store(":memory:");
    const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const repo = { owner: "acme", name: "web", fullName: "acme/web", defaultBranch: "main", commit: "c", private: false, archived: false, htmlUrl: null, id: 1 };
    store.upsertInstallation({ id: 7, account: "acme" });
    // three scans on one day 400 days ago, with different results: two of them are thinned out
    for (const [i, score] of [7, 8, 9].entries()) {
      store.saveScan({ repo, source: "github", trigger: "schedule", scoredAt: day(400 - i / 24), score, excluded: [], checks: [{ id: "security-policy", score, outcome: "pass", reason: `r${score}`, findings: [] }] }, 7);
    }
    store.saveScan({ repo, source: "github", trigger: "schedule", scoredAt: day(1), score: 5, excluded: [], checks: [{ id: "security-policy", score: 5, outcome: "warn", reason: "now", findings: [] }] }, 7);
    const probot = await testProbot(() => undefined);
    nock(API).get("/app/installations").query({ per_page: 100 }).reply(200, [{ id: 8, account: { login: "gone" }, suspended_at: "2026-01-01T00:00:00Z" }]);

    await sweepAll(probot, { store, state: new AppState(store), orgConfig: new OrgConfigCache(), httpCache: new HttpCache(store) });

    expect(store.db.prepare("SELECT COUNT(*) FROM scans").pluck().get()).toBe(2);
    expect(store.latestScans()[0]!.score).toBe(5);
    store.close();
  });
});
