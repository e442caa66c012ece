import { describe, expect, test } from "@jest/globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { codeqlCheck } from "../../src/checks/codeql/index.js";
import { known, unavailable, type Fact } from "../../src/facts/fact.js";
import { GitHubSource } from "../../src/facts/github/source.js";
import { LocalDirSource } from "../../src/facts/localdir/source.js";
import { analysisLanguage, collectCodeqlAnalyses, collectCodeScanningDefaultSetup, collectLanguages, languagesFromPaths } from "../../src/facts/slices/code-scanning.js";
import { collectReusableWorkflows, workflowPaths } from "../../src/facts/slices/workflows.js";
import type { ApiReader, FactSource } from "../../src/facts/source.js";
import type { RepoRef } from "../../src/facts/types.js";
import { scoreRepository } from "../../src/runner.js";
import { fakeOctokit } from "../helpers/fake-octokit.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/repos");
const REPO: RepoRef = { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "abc", private: false, archived: false, htmlUrl: null, pushedAt: "2026-11-20T12:00:00Z" };

interface FakeApi extends ApiReader {
  calls: string[];
}

/** An ApiReader answering from tables: route → fact, and `owner/repo/path@ref` → file text. */
function fakeApi(gets: Record<string, Fact<unknown>>, remote: Record<string, Fact<string | null>> = {}): FakeApi {
  const calls: string[] = [];
  return {
    calls,
    async get<T>(route: string) {
      calls.push(route);
      return (gets[route] ?? unavailable(`no fake answer for ${route}`)) as Fact<T>;
    },
    async list<T>(route: string, params?: Record<string, string | number>) {
      calls.push(`${route} ${JSON.stringify(params ?? {})}`);
      return (gets[route] ?? unavailable(`no fake answer for ${route}`)) as Fact<T[]>;
    },
    async readRemoteFile(owner: string, repo: string, p: string, ref?: string) {
      const key = `${owner}/${repo}/${p}@${ref ?? ""}`;
      calls.push(`remote ${key}`);
      return remote[key] ?? known(null);
    },
  };
}

function githubSource(files: Record<string, string>, api: FakeApi): FactSource {
  return {
    kind: "github",
    repo: REPO,
    api,
    listFiles: async () => known(Object.keys(files)),
    readFile: async (p: string) => known(files[p] ?? null),
  };
}

const DEFAULT_SETUP = "GET /repos/{owner}/{repo}/code-scanning/default-setup";
const ANALYSES = "GET /repos/{owner}/{repo}/code-scanning/analyses";
const LANGUAGES = "GET /repos/{owner}/{repo}/languages";
const score = async (src: FactSource) => (await scoreRepository(src, { trigger: "manual", checks: [codeqlCheck] })).checks[0]!;

describe("codeql through the local source (fixture repositories)", () => {
  const local = async (name: string) => score(await LocalDirSource.open(path.join(fixtures, name)));

  test("codeql-pr: matrix init + analyze on PRs covers both languages; API signals said unavailable", async () => {
    const r = await local("codeql-pr");
    expect(r).toMatchObject({ score: 10, outcome: "pass" });
    expect(r.reason).toContain("not judged: default setup; CodeQL analyses");
    expect(r.findings.filter((f) => f.id === "codeqlLanguageCovered").map((f) => f.outcome)).toEqual(["pass", "pass"]);
  });

  test("codeql-schedule-only: lower score, the uncovered language named", async () => {
    const r = await local("codeql-schedule-only");
    expect(r.score).toBe(5.7);
    expect(r.outcome).toBe("warn");
    const missing = r.findings.find((f) => f.id === "codeqlLanguageCovered" && f.outcome === "fail")!;
    expect(missing.message).toMatch(/^javascript-typescript/);
  });

  test("codeql-upload-sarif: no credit; unknown because default setup cannot be seen locally", async () => {
    const r = await local("codeql-upload-sarif");
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    expect(r.findings.find((f) => f.id === "codeqlNotUploadSarifOnly")).toMatchObject({ outcome: "fail", path: ".github/workflows/scorecard.yml", line: 17 });
  });

  test("codeql-reusable-local: the local reusable workflow is read and credited", async () => {
    const r = await local("codeql-reusable-local");
    expect(r).toMatchObject({ score: 10, outcome: "pass" });
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")).toMatchObject({ outcome: "pass", path: ".github/workflows/ci.yml", line: 8 });
  });

  test("codeql-reusable-remote: a checkout cannot look inside another repository's workflow", async () => {
    const r = await local("codeql-reusable-remote");
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    const f = r.findings.find((x) => x.id === "codeqlReusableWorkflow")!;
    expect(f.outcome).toBe("unknown");
    expect(f.message).toContain("octo-org/security-workflows/.github/workflows/codeql.yml@v1");
    expect(f.message).toContain("local checkout");
  });
});

describe("codeql through the GitHub source (fake ApiReader)", () => {
  const remoteCaller = { ".github/workflows/sec.yml": "on: [pull_request]\njobs:\n  codeql:\n    uses: octo/wf/.github/workflows/codeql.yml@v2\n", "main.go": "package main" };
  const remoteBody = "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/init@v3\n        with: { languages: go }\n      - uses: github/codeql-action/analyze@v3\n";

  test("default setup configured + recent analyses + languages from the API", async () => {
    const api = fakeApi({
      [DEFAULT_SETUP]: known({ state: "configured", languages: ["go", "javascript"], updated_at: "2026-11-01T00:00:00Z" }),
      [ANALYSES]: known([{ created_at: "2026-11-19T00:00:00Z", ref: "refs/heads/main", category: "/language:go" }]),
      [LANGUAGES]: known({ Go: 5000, JavaScript: 100, Shell: 40 }),
    });
    const r = await score(githubSource({ "main.go": "package main" }, api));
    expect(r).toMatchObject({ score: 10, outcome: "pass" });
    expect(api.calls.some((c) => c.startsWith(ANALYSES) && c.includes('"tool_name":"CodeQL"'))).toBe(true);
  });

  test("a remote reusable workflow is fetched through the API and credited", async () => {
    const api = fakeApi(
      { [DEFAULT_SETUP]: known({ state: "not-configured", languages: [] }), [ANALYSES]: known([]), [LANGUAGES]: known({ Go: 10 }) },
      { "octo/wf/.github/workflows/codeql.yml@v2": known(remoteBody) },
    );
    const r = await score(githubSource(remoteCaller, api));
    expect(api.calls).toContain("remote octo/wf/.github/workflows/codeql.yml@v2");
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")).toMatchObject({ outcome: "pass" });
    expect(r.findings.find((f) => f.id === "codeqlDefaultSetup")).toMatchObject({ outcome: "pass" });
    // PR trigger (5) + no analyses (0 of 3) + go covered (2) = 7 of 10
    expect(r.score).toBe(7);
  });

  test("a remote reusable workflow the app may not read: unknown, naming the permission", async () => {
    const api = fakeApi(
      { [DEFAULT_SETUP]: known({ state: "not-configured", languages: [] }), [ANALYSES]: known([]), [LANGUAGES]: known({ Go: 10 }) },
      { "octo/wf/.github/workflows/codeql.yml@v2": unavailable("GitHub refused GET octo/wf/.github/workflows/codeql.yml (403)", "Contents: read") },
    );
    const r = await score(githubSource(remoteCaller, api));
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")!.message).toContain('"Contents: read"');
  });

  test("403 on default setup and analyses, no workflow: unknown naming both permissions", async () => {
    const refused = (permission: string) => unavailable("GitHub refused (403)", permission);
    const r = await score(githubSource({ "a.py": "" }, fakeApi({ [DEFAULT_SETUP]: refused("Administration: read"), [ANALYSES]: refused("Security events: read"), [LANGUAGES]: known({ Python: 3 }) })));
    expect(r).toMatchObject({ score: null, outcome: "unknown" });
    expect(r.reason).toContain('"Administration: read"');
    expect(r.findings.find((f) => f.id === "codeqlAnalysesRecent")!.message).toContain('"Security events: read"');
  });
});

describe("codeql through the real GitHubSource and ApiReader (fake Octokit)", () => {
  test("routes and parameters as GitHub expects them: tree, contents, remote workflow, default setup, analyses, languages", async () => {
    const CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
    const caller = "on: pull_request\njobs:\n  codeql:\n    uses: octo/wf/.github/workflows/codeql.yml@v2\n";
    const called = "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n";
    const fake = fakeOctokit({
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": { data: { sha: "abc", truncated: false, tree: [{ path: ".github/workflows/sec.yml", type: "blob", size: caller.length }, { path: "a.py", type: "blob", size: 1 }] } },
      [`${CONTENTS} {"path":".github/workflows/sec.yml","ref":"abc"}`]: { data: caller },
      [`${CONTENTS} {"path":".github/workflows/codeql.yml","ref":"v2"}`]: { data: called },
      [DEFAULT_SETUP]: { data: { state: "not-configured", languages: [] } },
      [`${ANALYSES} {"tool_name":"CodeQL"}`]: { data: [{ created_at: "2026-11-19T08:00:00Z", ref: "refs/pull/3/merge", category: "/language:python" }] },
      [LANGUAGES]: { data: { Python: 1200 } },
    });
    const r = await score(new GitHubSource(fake.octokit, REPO));
    expect(r).toMatchObject({ score: 10, outcome: "pass" });
    expect(r.findings.find((f) => f.id === "codeqlReusableWorkflow")).toMatchObject({ outcome: "pass", path: ".github/workflows/sec.yml", line: 4 });
    expect(fake.calls).toContain(`${CONTENTS} {"path":".github/workflows/codeql.yml","ref":"v2"}`);
  });

  test("404 on analyses is an empty list, not a refusal", async () => {
    const fake = fakeOctokit({
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": { data: { sha: "abc", truncated: false, tree: [{ path: "main.go", type: "blob", size: 10 }] } },
      [DEFAULT_SETUP]: { data: { state: "not-configured", languages: [] } },
    });
    const r = await score(new GitHubSource(fake.octokit, REPO));
    expect(r).toMatchObject({ score: 0, outcome: "fail" });
    expect(r.findings.find((f) => f.id === "codeqlAnalysesRecent")!.message).toContain("no CodeQL analysis");
  });
});

describe("default setup read from the newest analysis of the default branch", () => {
  const TREE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
  const tree = { data: { sha: "abc", truncated: false, tree: [{ path: "main.go", type: "blob", size: 10 }] } };
  const analysis = (key: string, at: string, ref = "refs/heads/main", category = "/language:go") => ({ created_at: at, ref, analysis_key: key, category });
  const DYNAMIC = "dynamic/github-code-scanning/codeql:analyze";

  test("newest analysis by default setup: configured, its languages, no default-setup request", async () => {
    const fake = fakeOctokit({
      [TREE]: tree,
      [ANALYSES]: { data: [analysis(".github/workflows/old.yml:analyze", "2026-10-01T00:00:00Z"), analysis(DYNAMIC, "2026-11-19T00:00:00Z", "refs/heads/main", "/language:go"), analysis(DYNAMIC, "2026-11-18T00:00:00Z", "refs/heads/main", "/language:actions")] },
      [DEFAULT_SETUP]: { data: { state: "not-configured" } },
    });
    const src = new GitHubSource(fake.octokit, REPO);
    expect(await collectCodeScanningDefaultSetup(src)).toEqual(known({ state: "configured", languages: ["go", "actions"], updatedAt: null }));
    expect((await collectCodeqlAnalyses(src)).ok).toBe(true);
    expect(fake.calls.filter((c) => c.startsWith(DEFAULT_SETUP))).toEqual([]);
    expect(fake.calls.filter((c) => c.startsWith(ANALYSES))).toHaveLength(1);
  });

  test("newest analysis by a workflow: not configured (GitHub refuses those uploads while it is on)", async () => {
    const fake = fakeOctokit({ [ANALYSES]: { data: [analysis(DYNAMIC, "2026-09-01T00:00:00Z"), analysis(".github/workflows/codeql.yml:analyze", "2026-11-19T00:00:00Z")] } });
    expect(await collectCodeScanningDefaultSetup(new GitHubSource(fake.octokit, REPO))).toEqual(known({ state: "not-configured", languages: [], updatedAt: null }));
    expect(fake.calls.filter((c) => c.startsWith(DEFAULT_SETUP))).toEqual([]);
  });

  test("only analyses of other branches, or none: the endpoint is asked", async () => {
    const other = fakeOctokit({ [ANALYSES]: { data: [analysis(DYNAMIC, "2026-11-19T00:00:00Z", "refs/pull/4/merge")] }, [DEFAULT_SETUP]: { data: { state: "configured", languages: ["go"], updated_at: "2026-11-01T00:00:00Z" } } });
    expect(await collectCodeScanningDefaultSetup(new GitHubSource(other.octokit, REPO))).toEqual(known({ state: "configured", languages: ["go"], updatedAt: "2026-11-01T00:00:00Z" }));
    const none = fakeOctokit({ [ANALYSES]: { error: 404 }, [DEFAULT_SETUP]: { data: { state: "not-configured", languages: [] } } });
    expect(await collectCodeScanningDefaultSetup(new GitHubSource(none.octokit, REPO))).toMatchObject({ ok: true, value: { state: "not-configured" } });
    expect(none.calls.filter((c) => c.startsWith(DEFAULT_SETUP))).toHaveLength(1);
  });
});

describe("collectors", () => {
  test("workflow paths: only files directly in .github/workflows with .yml/.yaml, any case of extension", () => {
    expect(workflowPaths([".github/workflows/a.yml", ".github/workflows/B.YAML", ".github/workflows/sub/c.yml", ".github/workflows/readme.md", "x/.github/workflows/d.yml"])).toEqual([
      ".github/workflows/B.YAML",
      ".github/workflows/a.yml",
    ]);
  });

  test("reusable workflows: nested local calls are followed; remote ones unavailable without an API", async () => {
    const files: Record<string, string> = {
      ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    uses: ./.github/workflows/mid.yml\n  b:\n    uses: o/x/.github/workflows/y.yml@v1\n",
      ".github/workflows/mid.yml": "on: workflow_call\njobs:\n  c:\n    uses: ./.github/workflows/leaf.yml\n",
      ".github/workflows/leaf.yml": "on: workflow_call\njobs:\n  d:\n    runs-on: x\n    steps: [{ run: make }]\n",
    };
    const src: FactSource = { kind: "localdir", repo: REPO, listFiles: async () => known(Object.keys(files)), readFile: async (p) => known(files[p] ?? null) };
    const r = await collectReusableWorkflows(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.value).sort()).toEqual(["./.github/workflows/leaf.yml", "./.github/workflows/mid.yml", "o/x/.github/workflows/y.yml@v1"]);
    expect(r.value["./.github/workflows/leaf.yml"]!.ok).toBe(true);
    const remote = r.value["o/x/.github/workflows/y.yml@v1"]!;
    expect(remote.ok).toBe(false);
    if (!remote.ok) expect(remote.reason).toContain("local checkout");
  });

  test("a reusable call to a missing local file is unavailable with the path", async () => {
    const files: Record<string, string> = { ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    uses: ./.github/workflows/gone.yml\n" };
    const src: FactSource = { kind: "localdir", repo: REPO, listFiles: async () => known(Object.keys(files)), readFile: async (p) => known(files[p] ?? null) };
    const r = await collectReusableWorkflows(src);
    const gone = r.ok ? r.value["./.github/workflows/gone.yml"] : undefined;
    expect(gone && !gone.ok && gone.reason).toContain(".github/workflows/gone.yml does not exist");
  });

  test("local languages by extension, skipping vendored and documentation paths", () => {
    expect(languagesFromPaths(["src/a.ts", "src/b.tsx", "lib/c.js", "node_modules/x/i.js", "vendor/v.go", "docs/conf.py", "d.d.ts", "x.min.js", "m.go", "README", "k.KT", "a/.hidden"])).toEqual({ TypeScript: 2, JavaScript: 1, Go: 1, Kotlin: 1 });
  });

  test("languages come from the file list on both sources, with no request", async () => {
    const localSrc: FactSource = { kind: "localdir", repo: REPO, listFiles: async () => known(["a.py"]), readFile: async () => known(null) };
    expect(await collectLanguages(localSrc)).toEqual(known({ Python: 1 }));
    const api = fakeApi({});
    const gh = githubSource({ "cmd/main.go": "", "pkg/a.go": "" }, api);
    expect(await collectLanguages(gh)).toEqual(known({ Go: 2 }));
  });

  test("analyses: language from category or environment, newest first", async () => {
    expect(analysisLanguage({ category: "/language:python" })).toBe("python");
    expect(analysisLanguage({ category: "custom", environment: '{"language":"Go"}' })).toBe("go");
    expect(analysisLanguage({ category: null, environment: "not json" })).toBeNull();
    const api = fakeApi({ [ANALYSES]: known([{ created_at: "2026-01-01T00:00:00Z", ref: "r" }, { created_at: "2026-02-01T00:00:00Z", ref: "r", category: "/language:ruby" }]) });
    const r = await collectCodeqlAnalyses(githubSource({}, api));
    expect(r.ok && r.value.map((a) => [a.createdAt, a.language])).toEqual([["2026-02-01T00:00:00Z", "ruby"], ["2026-01-01T00:00:00Z", null]]);
  });
});
