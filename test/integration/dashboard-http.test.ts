import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { request } from "node:http";
import { Probot, Server } from "probot";
import { createApp } from "../../src/index.js";
import { validateConfig } from "../../src/config/schema.js";
import { AppState } from "../../src/store/app-state.js";
import { Store } from "../../src/store/store.js";
import { scanOf } from "../helpers/dashboard-scans.js";
import { freePort } from "../helpers/http.js";
import { privateKey } from "../helpers/probot.js";

/** Plain node:http request (fetch would go through nock's interceptors). */
function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("badge and public dashboard routes on Probot's server", () => {
  let server: Server;
  let store: Store;
  let base: string;

  beforeAll(async () => {
    nock.restore(); // real loopback HTTP here: no interception at all
    store = new Store(":memory:");
    store.upsertInstallation({ id: 7, account: "acme" });
    store.upsertInstallation({ id: 8, account: "globex" });
    const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    store.saveScan(scanOf({ repo: "acme/web", id: 1, at: day(9), score: 5 }), 7);
    store.saveScan(scanOf({ repo: "acme/web", id: 1, at: day(1), score: 7.5 }), 7);
    store.saveScan(scanOf({ repo: "acme/vault", id: 2, at: day(1), score: 2, private: true }), 7);
    store.saveScan(scanOf({ repo: "globex/site", id: 3, at: day(1), score: 9 }), 8);
    const port = await freePort();
    server = new Server({ Probot: Probot.defaults({ appId: 1, privateKey, secret: "s", logLevel: "fatal" }), port, host: "127.0.0.1" });
    await server.load(createApp({ store, sweepIntervalHours: 0 }));
    await server.start();
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server.stop();
    store.close();
  });

  test("a public repository's badge is an SVG with the total, cached, revalidated by ETag", async () => {
    const r = await get(`${base}/scorecard/badge/acme/web.svg`);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(r.headers["cache-control"]).toMatch(/^public, max-age=\d+/);
    expect(r.body).toMatch(/^<svg[^>]*>/);
    expect(r.body).toContain("7.5/10");
    expect(r.body).not.toMatch(/<script/i);
    const again = await get(`${base}/scorecard/badge/acme/web.svg`, { "if-none-match": String(r.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect((await get(`${base}/scorecard/badge/ACME/WEB.svg`)).status).toBe(200);
  });

  test("private, unknown and malformed repositories all get the same 404", async () => {
    for (const path of ["/scorecard/badge/acme/vault.svg", "/scorecard/badge/acme/nope.svg", "/scorecard/badge/acme/..%2Fvault.svg", "/scorecard/badge/acme/%E0%A4%A.svg"]) {
      const r = await get(base + path);
      expect([path, r.status, r.body]).toEqual([path, 404, "Not found\n"]);
      expect(r.headers["cache-control"]).toBe("no-store");
    }
    expect((await get(`${base}/scorecard/badge/acme/web.svg`, {}, "POST")).status).toBe(405);
  });

  test("the dashboard of one organization: public repositories only, none of another installation", async () => {
    const md = await get(`${base}/scorecard/acme.md`);
    expect(md.status).toBe(200);
    expect(md.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(md.body).toContain("[acme/web](https://github.com/acme/web)");
    expect(md.body).toContain("| ▲ +2.5 |");
    expect(md.body).not.toContain("acme/vault");
    expect(md.body).not.toContain("globex");
    expect(md.body).toContain("1 private repository is left out");

    const json = await get(`${base}/scorecard/acme.json`);
    const j = JSON.parse(json.body);
    expect(j.repositories.map((x: { repository: string }) => x.repository)).toEqual(["acme/web"]);
    expect(j.publicOnly).toBe(true);

    // served from memory until the data changes
    expect((await get(`${base}/scorecard/acme.md`)).body).toBe(md.body);
    store.saveScan(scanOf({ repo: "acme/web", id: 1, at: new Date().toISOString(), score: 9.5 }), 7);
    expect((await get(`${base}/scorecard/acme.md`)).body).toContain("![9.5]");

    expect((await get(`${base}/scorecard/initech.md`)).status).toBe(404);
    expect((await get(`${base}/scorecard/acme.html`)).status).toBe(404);
  });

  test("the organization's exclude_repositories (its last valid configuration) apply to the served dashboard", async () => {
    store.saveScan(scanOf({ repo: "acme/sandbox-x", id: 4, at: new Date().toISOString(), score: 1 }), 7);
    expect((await get(`${base}/scorecard/acme.md`)).body).toContain("acme/sandbox-x");
    new AppState(store).saveValidConfig("acme/.github", validateConfig({ exclude_repositories: ["sandbox-*"] }, "acme/.github:.github/scorecard.yml").config);
    const md = await get(`${base}/scorecard/acme.md`);
    expect(md.body).not.toContain("acme/sandbox-x");
    expect(md.body).toContain("[acme/web](https://github.com/acme/web)");
    const j = JSON.parse((await get(`${base}/scorecard/acme.json`)).body);
    expect(j.repositories.map((x: { repository: string }) => x.repository)).toEqual(["acme/web"]);
  });

  test("other paths are left to Probot", async () => {
    expect((await get(`${base}/ping`)).body).toBe("PONG");
  });
});
