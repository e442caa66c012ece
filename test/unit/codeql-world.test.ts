import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { codeqlCheck } from "../../src/checks/codeql/index.js";
import { hardenRunnerCheck } from "../../src/checks/harden-runner/index.js";
import type { GitHubClient } from "../../src/facts/github/octokit.js";
import { GitHubSource, type RepoPayload } from "../../src/facts/github/source.js";
import { scoreRepository } from "../../src/runner.js";
import { FakeGitHub } from "../fake-github/server.js";
import type { World } from "../fake-github/world.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln";
const SHA = "0123456789abcdef0123456789abcdef01234567";
const PUSHED = "2026-11-20T10:00:00Z";

const hardened = (steps: string) =>
  `      - uses: step-security/harden-runner@${SHA} # v2.10.1\n        with:\n          egress-policy: block\n${steps}`;
const caller = `on:
  pull_request:
  push:
    branches: [main]
jobs:
  codeql:
    uses: acme/shared-workflows/.github/workflows/codeql.yml@main
  test:
    runs-on: ubuntu-latest
    steps:
${hardened("      - run: npm test\n")}`;
const shared = `on:
  workflow_call:
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
${hardened(`      - uses: github/codeql-action/init@v3
        with:
          languages: javascript-typescript
      - uses: github/codeql-action/analyze@v3
`)}`;
const uploadOnly = `on: push
jobs:
  scorecard:
    runs-on: ubuntu-latest
    steps:
      - uses: ossf/scorecard-action@v2.4.0
      - uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: results.sarif
`;

const repo = (id: number, owner: string, name: string, files: Record<string, string>, extra: Partial<World["repositories"][number]> = {}) => ({
  id,
  owner,
  name,
  default_branch: "main",
  pushed_at: PUSHED,
  branches: { main: files },
  ...extra,
});

const WORLD: World = {
  installations: [
    { id: 1, account: { login: "acme", type: "Organization" }, repositories: ["acme/app", "acme/shared-workflows", "acme/legacy", "acme/stale"] },
    { id: 2, account: { login: "beta", type: "Organization" }, repositories: ["beta/svc"], permissions: { metadata: "read", contents: "read", security_events: "read" } },
  ],
  repositories: [
    repo(1, "acme", "app", { ".github/workflows/sec.yml": caller, "src/index.ts": "export const a = 1;\n" }, {
      codeScanningAnalyses: [{ ref: "refs/heads/main", tool: { name: "CodeQL" }, created_at: "2026-11-19T09:00:00Z", category: "/language:javascript-typescript" }],
    }),
    repo(2, "acme", "shared-workflows", { ".github/workflows/codeql.yml": shared }),
    repo(3, "acme", "legacy", { ".github/workflows/scorecard.yml": uploadOnly, "app.py": "print(1)\n" }),
    repo(4, "acme", "stale", { "app.py": "print(1)\n" }, {
      codeScanningDefaultSetup: { state: "configured", languages: ["python"], updated_at: "2026-01-01T00:00:00Z" },
      codeScanningAnalyses: [{ ref: "refs/heads/main", tool: { name: "CodeQL" }, created_at: "2026-09-01T00:00:00Z", category: "/language:python" }],
    }),
    repo(5, "beta", "svc", { "main.go": "package main\n" }),
  ],
};

describe("codeql and harden-runner through the GitHub source against the loopback fake GitHub", () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    nock.restore(); // real loopback HTTP
    fake = await FakeGitHub.start(WORLD);
  });
  afterAll(async () => {
    await fake.stop();
  });

  const scan = async (fullName: string, installation: number) => {
    const res = await fetch(`${fake.url}/api/v3/app/installations/${installation}/access_tokens`, { method: "POST", headers: { authorization: `bearer ${JWT}` } });
    const { token } = (await res.json()) as { token: string };
    const octokit = new Octokit({ baseUrl: `${fake.url}/api/v3`, auth: token }) as unknown as GitHubClient;
    const [owner, name] = fullName.split("/") as [string, string];
    const payload = (await octokit.request("GET /repos/{owner}/{repo}", { owner, repo: name })).data as unknown as RepoPayload;
    const src = await GitHubSource.open(octokit, payload);
    const s = await scoreRepository(src, { trigger: "manual", checks: [codeqlCheck, hardenRunnerCheck] });
    return { codeql: s.checks[0]!, harden: s.checks[1]! };
  };

  test("a reusable workflow in another repository is read through the API; its jobs are not counted for harden-runner", async () => {
    const { codeql, harden } = await scan("acme/app", 1);
    expect(codeql).toMatchObject({ score: 10, outcome: "pass" });
    expect(codeql.findings.find((f) => f.id === "codeqlReusableWorkflow")).toMatchObject({ outcome: "pass", path: ".github/workflows/sec.yml", line: 7 });
    expect(fake.log({ repo: "acme/shared-workflows" }).map((r) => decodeURIComponent(r.path))).toContain("/repos/acme/shared-workflows/contents/.github/workflows/codeql.yml");
    expect(harden).toMatchObject({ score: 10, outcome: "pass" });
    expect(harden.reason).toContain("1 of 1");
    expect(harden.findings.find((f) => f.id === "hardenRunnerJobCounted")!.message).toContain("acme/shared-workflows");
  });

  test("upload-sarif alone and no analyses: no credit", async () => {
    const { codeql } = await scan("acme/legacy", 1);
    expect(codeql).toMatchObject({ score: 0, outcome: "fail" });
    expect(codeql.findings.find((f) => f.id === "codeqlNotUploadSarifOnly")).toMatchObject({ path: ".github/workflows/scorecard.yml", line: 7 });
  });

  test("default setup configured but analyses stale", async () => {
    const { codeql } = await scan("acme/stale", 1);
    expect(codeql).toMatchObject({ score: 8, outcome: "warn" });
    expect(codeql.findings.find((f) => f.id === "codeqlAnalysesRecent")!.message).toMatch(/80 days older than the last push/);
  });

  test("an installation without Administration cannot see default setup: unknown, naming the permission", async () => {
    const { codeql, harden } = await scan("beta/svc", 2);
    expect(codeql).toMatchObject({ score: null, outcome: "unknown" });
    expect(codeql.reason).toContain('"Administration: read"');
    expect(harden.reason).toContain("no GitHub Actions workflows");
  });
});
