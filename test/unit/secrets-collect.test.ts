import { describe, expect, test } from "@jest/globals";
import { known, unavailable, type Fact } from "../../src/facts/fact.js";
import { collectSecretScan, collectSecretScanningAlerts, collectSecretScanningStatus } from "../../src/facts/slices/secrets.js";
import type { ApiReader, FactSource } from "../../src/facts/source.js";
import { SECRET_SCANNING_OFF } from "../../src/secrets/status.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const { str } = fakes(5);
const token = () => "gh" + "p_" + str(36, ALPHA.b62);
const repo = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "abc", private: false, archived: false, htmlUrl: null };

/** An in-memory source; `api` answers by route with a status or a value. */
function source(files: Record<string, string | Fact<string | null>>, api?: Record<string, number | unknown>): FactSource & { reads: string[] } {
  const reads: string[] = [];
  const answer = <T>(route: string, opts: { permission?: string; notFound?: T }): Fact<T> => {
    const a = api?.[route];
    if (a === 404) return opts.notFound !== undefined ? known(opts.notFound) : unavailable(`GitHub refused ${route} (404)`, opts.permission);
    if (a === 403) return unavailable(`GitHub refused ${route} (403)`, opts.permission);
    return known(a as T);
  };
  const reader: ApiReader = {
    get: async <T>(route: string, _p?: unknown, opts: { permission?: string; notFound?: T } = {}) => answer<T>(route, opts),
    list: async <T>(route: string, _p?: unknown, opts: { permission?: string; notFound?: T[] } = {}) => answer<T[]>(route, opts),
    readRemoteFile: async () => known(null),
  };
  return {
    kind: api ? "github" : "localdir",
    repo,
    reads,
    fingerprintKey: Buffer.alloc(32, 1),
    listFiles: async () => known(Object.keys(files)),
    readFile: async (p: string) => {
      reads.push(p);
      const f = files[p];
      if (f === undefined) return known(null);
      return typeof f === "string" ? known(f) : f;
    },
    ...(api ? { api: reader } : {}),
  };
}

describe("secretScan collector", () => {
  test("scans every file, reports skipped ones, honours allow_paths", async () => {
    const src = source({
      ".github/scorecard.yml": "secrets:\n  allow_paths:\n    - \"test/fixtures/**\"\n",
      "src/a.js": `const t = "${token()}";\n`,
      "src/b.js": "nothing here\n",
      "test/fixtures/key.txt": `t = ${token()}\n`,
      "logo.png": "\u0000binary",
      "huge.sql": unavailable("huge.sql is 5000000 bytes, over the 1048576-byte limit"),
    });
    const f = await collectSecretScan(src);
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value.findings.map((x) => [x.path, x.line, x.ruleId])).toEqual([["src/a.js", 1, "github-token"]]);
    expect(f.value.skipped.map((s) => s.path)).toEqual(["huge.sql", "logo.png", "test/fixtures/key.txt"]);
    expect(f.value.filesScanned).toBe(3);
    expect(src.reads).not.toContain("logo.png");
  });

  test("an unreadable tree makes the slice unavailable", async () => {
    const src = source({});
    src.listFiles = async () => unavailable("GitHub refused (403)", "Contents: read");
    expect(await collectSecretScan(src)).toMatchObject({ ok: false, permission: "Contents: read" });
  });

  test("a malformed scorecard.yml does not stop the scan", async () => {
    const f = await collectSecretScan(source({ ".github/scorecard.yml": "secrets: [unclosed", "a.env": `T=${token()}\n` }));
    expect(f.ok && f.value.findings.length).toBe(1);
  });
});

describe("GitHub secret scanning collectors", () => {
  const ROUTE_REPO = "GET /repos/{owner}/{repo}";
  const ROUTE_ALERTS = "GET /repos/{owner}/{repo}/secret-scanning/alerts";

  test("status from the payload's security_and_analysis, never from a request; absent fields are unknown", async () => {
    const on = { secret_scanning: { status: "enabled" }, secret_scanning_push_protection: { status: "disabled" } };
    const src = source({}, {});
    const withSa = { ...src, repo: { ...src.repo, securityAndAnalysis: on } };
    expect(await collectSecretScanningStatus(withSa)).toEqual(known({ secretScanning: "enabled", pushProtection: "disabled" }));
    expect(await collectSecretScanningStatus(source({}, { [ROUTE_REPO]: { security_and_analysis: on } }))).toEqual(known({ secretScanning: "unknown", pushProtection: "unknown" }));
  });

  test("alerts: listed without the raw secret; 404 = off; 403 names the permission", async () => {
    const raw = token();
    const alerts = [{ number: 1, secret_type: "github_personal_access_token", secret_type_display_name: "GitHub Personal Access Token", secret: raw, html_url: "https://x/1", first_location_detected: { path: "a.txt", start_line: 4 } }];
    const listed = await collectSecretScanningAlerts(source({}, { [ROUTE_ALERTS]: alerts }));
    expect(listed).toEqual(known([{ number: 1, secretType: "GitHub Personal Access Token", url: "https://x/1", path: "a.txt", line: 4 }]));
    expect(JSON.stringify(listed)).not.toContain(raw);
    expect(await collectSecretScanningAlerts(source({}, { [ROUTE_ALERTS]: 404 }))).toEqual(unavailable(SECRET_SCANNING_OFF));
    expect(await collectSecretScanningAlerts(source({}, { [ROUTE_ALERTS]: 403 }))).toMatchObject({ ok: false, permission: "Secret scanning alerts: read" });
  });

  test("a local checkout says why it cannot know", async () => {
    expect((await collectSecretScanningStatus(source({}))).ok).toBe(false);
    expect((await collectSecretScanningAlerts(source({}))).ok).toBe(false);
  });
});
