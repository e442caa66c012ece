import { describe, expect, test } from "@jest/globals";
import { GitHubSource, repoRefFromPayload } from "../../src/facts/github/source.js";
import { collectSecretScanningAlerts, collectSecretScanningStatus } from "../../src/facts/slices/secrets.js";
import { fakeOctokit } from "../helpers/fake-octokit.js";

const REPO_GET = "GET /repos/{owner}/{repo}";
const ALERTS = "GET /repos/{owner}/{repo}/secret-scanning/alerts";
const payload = { name: "r", owner: { login: "o" }, default_branch: "main" };

describe("secret scanning status and alerts: requests spared", () => {
  test("the status comes from the repository payload when it carries security_and_analysis", async () => {
    const fake = fakeOctokit({});
    const ref = repoRefFromPayload({ ...payload, security_and_analysis: { secret_scanning: { status: "enabled" }, secret_scanning_push_protection: { status: "disabled" } } });
    const src = new GitHubSource(fake.octokit, ref);
    expect(await collectSecretScanningStatus(src)).toEqual({ ok: true, value: { secretScanning: "enabled", pushProtection: "disabled" } });
    expect(fake.calls).toEqual([]);
  });

  test("without it, nothing is asked: the status is unknown and the alerts answer decides", async () => {
    const fake = fakeOctokit({ [REPO_GET]: { data: { security_and_analysis: { secret_scanning: { status: "disabled" } } } }, [ALERTS]: { error: 404 } });
    const src = new GitHubSource(fake.octokit, repoRefFromPayload(payload));
    expect(await collectSecretScanningStatus(src)).toEqual({ ok: true, value: { secretScanning: "unknown", pushProtection: "unknown" } });
    expect((await collectSecretScanningAlerts(src)).ok).toBe(false);
    expect(fake.calls.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([ALERTS]);
  });

  test("a payload saying scanning is off spares the alerts request", async () => {
    const fake = fakeOctokit({});
    const src = new GitHubSource(fake.octokit, repoRefFromPayload({ ...payload, security_and_analysis: { secret_scanning: { status: "disabled" } } }));
    expect((await collectSecretScanningAlerts(src)).ok).toBe(false);
    expect(fake.calls).toEqual([]);
  });
});
