/**
 * `scorecard-bot scan-secrets <path>... [--format text|json|sarif] [--staged]`.
 * This entry loads Node built-ins only: it parses the arguments and, for a directory, starts the
 * helper threads before the scanner is loaded (scan-secrets-run.ts), so that the threads' start-up
 * overlaps the loading and the walk. It runs in pre-commit hooks, where startup counts.
 * Exit codes: 0 clean, 1 a secret found (suppressed ones do not count), 2 error.
 */
import { fs } from "../secrets/require.js";
import { parseArgs } from "node:util";
import { helperCount, ScanHelpers } from "./scan-secrets-pool.js";

const { statSync } = fs;

export { syncIo } from "./sync-io.js";

export const SCAN_SECRETS_USAGE = "scorecard-bot scan-secrets <path>... [--format text|json|sarif] [--staged]";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export type ScanFormat = "text" | "json" | "sarif";

export async function scanSecretsCommand(args: string[], io: Io): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "text" }, staged: { type: "boolean", default: false } },
    }));
  } catch (err) {
    io.err(`scorecard-bot scan-secrets: ${(err as Error).message}\nUsage: ${SCAN_SECRETS_USAGE}\n`);
    return 2;
  }
  const format = values.format!;
  if (!["text", "json", "sarif"].includes(format)) {
    io.err(`scorecard-bot scan-secrets: unknown format "${format}"\nUsage: ${SCAN_SECRETS_USAGE}\n`);
    return 2;
  }
  if (!values.staged && positionals.length === 0) {
    io.err(`scorecard-bot scan-secrets: give at least one path, or --staged\nUsage: ${SCAN_SECRETS_USAGE}\n`);
    return 2;
  }
  // only a tree is worth threads; a few staged lines or named files are scanned here
  const helpers = !values.staged && positionals.some(isDirectory) ? ScanHelpers.start(helperCount()) : null;
  try {
    const { runScan } = await import("./scan-secrets-run.js");
    return await runScan({ format: format as ScanFormat, staged: values.staged!, paths: positionals }, io, helpers);
  } finally {
    helpers?.stop();
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
