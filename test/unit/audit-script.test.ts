import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Runs scripts/audit.mjs with a stand-in `npm` that prints `report` as `npm audit --json` would. */
function audit(report: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), "audit-"));
  try {
    writeFileSync(path.join(dir, "report.json"), JSON.stringify(report));
    writeFileSync(path.join(dir, "npm"), `#!/bin/sh\ncat "${path.join(dir, "report.json")}"\nexit 1\n`);
    chmodSync(path.join(dir, "npm"), 0o755);
    return spawnSync(process.execPath, ["scripts/audit.mjs"], { encoding: "utf8", env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const counts = (high: number, critical: number) => ({ metadata: { vulnerabilities: { info: 0, low: 2, moderate: 1, high, critical, total: 3 + high + critical } } });

describe("the CI's npm audit step", () => {
  test("a high advisory in a runtime dependency fails it, naming the package", () => {
    const r = audit({ ...counts(1, 0), vulnerabilities: { "left-pad": { severity: "high", range: "<1.3.1" } } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("1 high");
    expect(r.stdout).toContain("high: left-pad <1.3.1");
  });

  test("moderate and low only: passes", () => {
    const r = audit(counts(0, 0));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("0 critical, 0 high, 1 moderate, 2 low");
  });

  test("an unreachable audit endpoint is reported as not judged, not as a pass or a failure of the build", () => {
    const r = audit({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("not judged");
    expect(r.stdout).toContain("405");
  });
});
