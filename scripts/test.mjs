// The project's test command: typecheck, lint, build, then jest; ends with "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

// our own secret scanner over our own tracked files: a committed credential fails the run
const tracked = spawnSync("git", ["ls-files", "-z"], { encoding: "utf8" });
const ownFiles = tracked.status === 0 ? tracked.stdout.split("\0").filter(Boolean) : ["."];

let failedSteps = 0;
for (const [name, cmd, args] of [
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", "src", "test"]],
  ["build", "npm", ["run", "--silent", "build"]],
  ["secrets in our own tree", "node", ["bin/scorecard-bot.js", "scan-secrets", "--format", "text", ...ownFiles]],
  ["npm audit", "node", ["scripts/audit.mjs"]],
]) {
  const code = run(cmd, args);
  console.log(`${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`}`);
  if (code !== 0) failedSteps++;
}

const out = "test-results.json";
rmSync(out, { force: true });
const jestArgs = ["jest", "--json", `--outputFile=${out}`, ...process.argv.slice(2)];
if (process.env.CI) jestArgs.push("--ci", "--maxWorkers=2");
const jestCode = run("npx", jestArgs, { NODE_OPTIONS: "--experimental-vm-modules" });

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
}
failed += failedSteps;
if (jestCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
