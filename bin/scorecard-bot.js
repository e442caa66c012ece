#!/usr/bin/env node
// CommonJS (bin/package.json), so that `scan-secrets`, timed as a whole process in pre-commit
// hooks, starts without Node's ESM loader: it runs from one bundled file (scripts/bundle-scan-secrets.mjs).
// Every other command loads the ESM CLI.
"use strict";
const args = process.argv.slice(2);
if (args[0] === "scan-secrets") {
  const scan = require("../lib/cli/scan-secrets.cjs");
  // the report is written (synchronously) by now: exit without waiting for the tasks V8 queued to
  // optimise code that will not run again (Node drains them before a natural exit: 5-15 ms here)
  scan.scanSecretsCommand(args.slice(1), scan.syncIo).then((code) => process.exit(code));
} else {
  const io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
  import("../lib/cli.js").then(async (cli) => (process.exitCode = await cli.main(args, io)));
}
