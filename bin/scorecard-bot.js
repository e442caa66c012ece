#!/usr/bin/env node
const args = process.argv.slice(2);
const io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};
// scan-secrets runs in pre-commit hooks and over large trees: skip loading the rest of the CLI
const code =
  args[0] === "scan-secrets"
    ? await (await import("../lib/cli/scan-secrets.js")).scanSecretsCommand(args.slice(1), io)
    : await (await import("../lib/cli.js")).main(args, io);
process.exitCode = code;
