import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { scanSecretsCommand } from "../../src/cli/scan-secrets.js";
import { helperCount } from "../../src/cli/scan-secrets-pool.js";
import { globsFromConfig, scanStaged, splitDiff } from "../../src/cli/scan-secrets-run.js";
import { writeAll } from "../../src/cli/sync-io.js";
import { main } from "../../src/cli.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const { str, pem } = fakes(23);
const ghToken = "gh" + "p_" + str(36, ALPHA.b62);
const awsKey = "AK" + "IA" + str(16, ALPHA.b32);
const pgPassword = str(20, ALPHA.b62);
const privateKey = pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1600);
const raw = [ghToken, awsKey, pgPassword, privateKey.split("\n")[1]!, privateKey.split("\n")[10]!];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "secrets-cli-"));
  mkdirSync(path.join(dir, "src"));
  mkdirSync(path.join(dir, "keys"));
  mkdirSync(path.join(dir, "node_modules", "dep"), { recursive: true });
  writeFileSync(path.join(dir, "src", "config.js"), `export const token = "${ghToken}";\nexport const aws = "${awsKey}";\n`);
  writeFileSync(path.join(dir, ".env"), `DATABASE_URL=postgres://app:${pgPassword}@db.internal:5432/app\n`);
  writeFileSync(path.join(dir, "keys", "deploy.pem"), privateKey + "\n");
  writeFileSync(path.join(dir, "node_modules", "dep", "x.js"), `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\n`);
  writeFileSync(path.join(dir, "README.md"), "nothing to see\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const code = await scanSecretsCommand(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const leaks = (text: string) => raw.filter((r) => text.includes(r) || text.includes(r.slice(4, 16)));

describe("scan-secrets CLI", () => {
  test("json: findings with places, exit 1, node_modules not walked, nothing raw", async () => {
    const r = await run(dir, "--format", "json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.found).toBe(4);
    expect(j.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(["aws-access-key-id", "database-url-password", "github-token", "private-key"]);
    expect(j.findings.every((f: { path: string }) => !f.path.includes("node_modules"))).toBe(true);
    expect(leaks(r.out)).toEqual([]);
  });

  test("sarif 2.1.0: one rule per rule id, results with regions and fingerprints, nothing raw", async () => {
    const r = await run(dir, "--format", "sarif");
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s.version).toBe("2.1.0");
    const rules = s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    expect(new Set(rules).size).toBe(rules.length);
    const res = s.runs[0].results;
    expect(res).toHaveLength(4);
    for (const x of res) {
      expect(rules[x.ruleIndex]).toBe(x.ruleId);
      expect(x.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(x.partialFingerprints["secretFingerprint/v1"]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(leaks(r.out)).toEqual([]);
  });

  test("text: one line per finding and a summary, nothing raw", async () => {
    const r = await run(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/src\/config\.js:1:\d+: github-token:/);
    expect(r.out).toMatch(/4 secrets found/);
    expect(leaks(r.out + r.err)).toEqual([]);
  });

  test("clean path: exit 0", async () => {
    const r = await run(path.join(dir, "README.md"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No secret found/);
  });

  test.each([[["--format", "xml", "."]], [[]], [["/no/such/path"]], [["--bogus", "."]]])("bad usage or path %j: exit 2", async (args) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).not.toBe("");
  });

  test("the store and `score --format json` hold no raw value", async () => {
    const db = path.join(dir, "..", `${path.basename(dir)}-db`, "scan.db");
    mkdirSync(path.dirname(db), { recursive: true });
    let out = "";
    const code = await main(["score", dir, "--format", "json", "--db", db], { out: (s) => (out += s), err: () => {} });
    expect(code).toBe(0);
    const secrets = JSON.parse(out).checks.find((c: { id: string }) => c.id === "secrets");
    expect(secrets.score).toBe(0);
    expect(leaks(out)).toEqual([]);
    for (const f of readdirSync(path.dirname(db))) expect(leaks(readFileSync(path.join(path.dirname(db), f)).toString("latin1"))).toEqual([]);
    rmSync(path.dirname(db), { recursive: true, force: true });
  });
});

describe("--staged", () => {
  test("scans only the added lines of the index, with new-file line numbers", () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "secrets-staged-"));
    try {
      const git = (...a: string[]) => execFileSync("git", ["-C", repo, "-c", "user.email=t@t", "-c", "user.name=t", ...a], { stdio: "pipe" });
      git("init", "-q");
      const old = "gh" + "p_" + str(36, ALPHA.b62);
      writeFileSync(path.join(repo, "old.js"), `a = 1\nold = "${old}"\n`);
      git("add", ".");
      git("commit", "-qm", "init");
      writeFileSync(path.join(repo, "old.js"), `a = 1\nold = "${old}"\nb = 2\nnew = "${ghToken}"\n`);
      writeFileSync(path.join(repo, "name with space.env"), `AWS=${awsKey}\n`);
      writeFileSync(path.join(repo, "unstaged.js"), `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\n`);
      git("add", "old.js", "name with space.env");
      const r = scanStaged([], { key: Buffer.alloc(32) }, repo);
      expect(r.findings.map((f) => [f.path, f.line, f.ruleId])).toEqual([
        ["name with space.env", 1, "aws-access-key-id"],
        ["old.js", 4, "github-token"],
      ]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test("splitDiff handles quoted paths and several files", () => {
    const d = ['diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -0,0 +1 @@', '+a', 'diff --git "a/q\\"x" "b/q\\"x"', '+++ "b/q\\"x"', '@@ -1 +1 @@', '+b'].join("\n");
    expect(splitDiff(d).map((e) => e.file)).toEqual(["x", 'q"x']);
  });

  test("allow_paths are read from scorecard.yml in both YAML list styles", () => {
    expect(globsFromConfig('checks: {}\nsecrets:\n  allow_paths:\n    - "test/**"  # fixtures\n    - docs/*.md\nother: 1\n')).toEqual(["test/**", "docs/*.md"]);
    expect(globsFromConfig("secrets:\n  allow_paths: ['a/**', \"b\"]\n")).toEqual(["a/**", "b"]);
  });
});

describe("helper threads", () => {
  test.each([
    ["2 cores, the other idle: no helper (the two cores of the bench VM slowed each other)", {}, 2, 0, 0],
    ["3 cores, idle", {}, 3, 0, 2],
    ["2 cores, a busy machine", {}, 2, 6, 0],
    ["4 cores, idle", {}, 4, 0, 3],
    ["4 cores, 2 busy", {}, 4, 2, 1],
    ["8 cores, 6 busy", {}, 8, 6, 1],
    ["8 cores, 3 busy: up to 4 threads in all", {}, 8, 3, 3],
    ["8 cores, idle", {}, 8, 0, 3],
    ["set to 2 on 2 cores", { SCORECARD_SECRETS_THREADS: "2" }, 2, 0, 1],
    ["set to 1: this thread only", { SCORECARD_SECRETS_THREADS: "1" }, 8, 0, 0],
    ["set to 3 on 2 cores: no more threads than cores", { SCORECARD_SECRETS_THREADS: "3" }, 2, 5, 1],
    ["set to nonsense", { SCORECARD_SECRETS_THREADS: "many" }, 4, 0, 0],
  ])("%s", (_name, env, cores, busy, helpers) => {
    expect(helperCount(env, cores, busy)).toBe(helpers);
  });
});

describe("worker threads (built CLI)", () => {
  const bin = path.resolve("bin/scorecard-bot.js");
  const built = existsSync(path.resolve("lib/cli/scan-secrets-worker.cjs"));
  (built ? test : test.skip)("a large tree gives the same report on one thread and on several", () => {
    const big = mkdtempSync(path.join(os.tmpdir(), "secrets-big-"));
    try {
      const filler = "const value = compute(input, 42); // ordinary source line\n".repeat(3000);
      for (let i = 0; i < 60; i++) writeFileSync(path.join(big, `f${i}.js`), filler + (i % 7 === 0 ? `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\n` : ""));
      const run = (threads: string) => {
        try {
          return execFileSync(process.execPath, [bin, "scan-secrets", big, "--format", "json"], { env: { ...process.env, SCORECARD_SECRETS_THREADS: threads }, encoding: "utf8" });
        } catch (err) {
          return String((err as { stdout?: string }).stdout);
        }
      };
      const one = JSON.parse(run("1"));
      expect(one.found).toBe(9);
      expect(JSON.parse(run("2"))).toEqual(one);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describe("the command's start-up and output (built CLI)", () => {
  const bin = path.resolve("bin/scorecard-bot.js");
  const bundled = existsSync(path.resolve("lib/cli/scan-secrets.cjs"));
  const withTree = (lines: string[], fn: (dir: string) => void) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secrets-out-"));
    try {
      writeFileSync(path.join(dir, "a.env"), lines.join("\n") + "\n");
      fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  (bundled ? test : test.skip)("scan-secrets loads neither the ESM CLI, Node's ESM file loading nor a stdout stream", () => {
    withTree([`t = "${"gh" + "p_" + str(36, ALPHA.b62)}"`], (dir) => {
      const preload = path.join(dir, "preload.cjs");
      writeFileSync(preload, 'const b = new Set(process.moduleLoadList); process.on("exit", () => require("fs").writeSync(2, JSON.stringify(process.moduleLoadList.filter((m) => !b.has(m)))));');
      const r = spawnSync(process.execPath, ["-r", preload, bin, "scan-secrets", path.join(dir, "a.env"), "--format", "json"], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).found).toBe(1);
      const loaded: string[] = JSON.parse(r.stderr);
      expect(loaded).toContain("NativeModule crypto");
      for (const m of ["NativeModule internal/fs/promises", "NativeModule internal/modules/esm/load", "NativeModule net", "NativeModule tty"]) expect(loaded).not.toContain(m);
    });
  });

  (bundled ? test : test.skip)("a reader that goes away ends the output quietly; a full read gets all of it", () => {
    // some 400 findings: far more output than a pipe holds
    withTree(Array.from({ length: 400 }, () => `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"`), (dir) => {
      const r = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" scan-secrets "${dir}" --format json | head -c 17`], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe('{\n  "found": 400,');
      const full = spawnSync(process.execPath, [bin, "scan-secrets", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 26 });
      expect(full.status).toBe(1);
      expect(JSON.parse(full.stdout).findings).toHaveLength(400);
    });
  });
});

describe("the installed command (bin/scorecard-bot, as npm links it)", () => {
  const bundled = existsSync(path.resolve("lib/cli/scan-secrets.cjs"));
  // Node warns on stderr at start when NODE_EXTRA_CA_CERTS names a file it cannot load: the
  // warning shows whether the variable reached the node process
  const caWarning = /Ignoring extra certs from/;
  const linked = (fn: (cmd: string, dir: string) => void) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secrets-bin-"));
    try {
      mkdirSync(path.join(dir, ".bin"));
      // a relative link from another directory, as node_modules/.bin/scorecard-bot is
      const cmd = path.join(dir, ".bin", "scorecard-bot");
      execFileSync("ln", ["-s", path.relative(path.join(dir, ".bin"), path.resolve("bin/scorecard-bot")), cmd]);
      fn(cmd, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const env = (dir: string) => ({ ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, "no-such-ca.pem") });

  (bundled ? test : test.skip)("scan-secrets runs without NODE_EXTRA_CA_CERTS, and still finds and exits as the script does", () => {
    linked((cmd, dir) => {
      writeFileSync(path.join(dir, "a.env"), `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\n`);
      const r = spawnSync(cmd, ["scan-secrets", path.join(dir, "a.env"), "--format", "json"], { encoding: "utf8", env: env(dir) });
      expect(r.stderr).not.toMatch(caWarning);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).found).toBe(1);
    });
  });

  (bundled ? test : test.skip)("the README's pre-commit hook refuses a staged secret and lets a clean commit through", () => {
    const readme = readFileSync(path.resolve("README.md"), "utf8");
    const hook = /Pre-commit hook \(`\.git\/hooks\/pre-commit`, executable\):\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(hook).toContain("scan-secrets --staged");
    const repo = mkdtempSync(path.join(os.tmpdir(), "secrets-hook-"));
    try {
      const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo, encoding: "utf8" });
      git("init", "-q");
      mkdirSync(path.join(repo, "node_modules", ".bin"), { recursive: true });
      execFileSync("ln", ["-s", path.resolve("bin/scorecard-bot"), path.join(repo, "node_modules", ".bin", "scorecard-bot")]);
      writeFileSync(path.join(repo, ".git", "hooks", "pre-commit"), hook!, { mode: 0o755 });
      writeFileSync(path.join(repo, "a.env"), `t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\n`);
      git("add", "a.env");
      const refused = git("commit", "-q", "-m", "add a token");
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain("pre-commit: a secret is staged");
      git("rm", "-q", "--cached", "a.env");
      writeFileSync(path.join(repo, "b.txt"), "nothing to see\n");
      git("add", "b.txt");
      expect(git("commit", "-q", "-m", "clean").status).toBe(0);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test("every other command keeps NODE_EXTRA_CA_CERTS (it may call GitHub through a proxy)", () => {
    linked((cmd, dir) => {
      const r = spawnSync(cmd, ["no-such-command"], { encoding: "utf8", env: env(dir) });
      expect(r.stderr).toMatch(caWarning);
      expect(r.stderr).toContain('unknown command "no-such-command"');
      expect(r.status).not.toBe(0);
    });
  });
});

test("writeAll writes every byte, multi-byte characters included", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "write-all-"));
  try {
    const text = "é…🔑 line\n".repeat(100_000);
    const fd = openSync(path.join(dir, "out"), "w");
    writeAll(fd, text);
    closeSync(fd);
    expect(readFileSync(path.join(dir, "out"), "utf8")).toBe(text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
