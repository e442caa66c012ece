/**
 * The command line. Loads no server code: only the local source, the checks, the store and render.
 */
import { parseArgs } from "node:util";
import { CHECKS } from "./checks/registry.js";
import { LocalDirSource } from "./facts/localdir/source.js";
import { renderScanMarkdown } from "./render/render.js";
import { scoreRepository } from "./runner.js";
import { Store } from "./store/store.js";
import { scanJson } from "./cli/json.js";
import { scanTable } from "./cli/table.js";
import { dashboardCommand, DASHBOARD_USAGE } from "./cli/dashboard.js";
import { exportCommand, EXPORT_USAGE } from "./cli/export.js";

const USAGE = `Usage:
  scorecard-bot score <dir> [--format table|json|markdown] [--db PATH]
  scorecard-bot scan-secrets <path>... [--format text|json|sarif] [--staged]   (exit 1: secret found)
  ${DASHBOARD_USAGE}
  ${EXPORT_USAGE}

Exit codes: 0 success, 2 bad usage or unreadable path.`;

export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "score":
        return await score(rest, io);
      case "dashboard":
        return dashboardCommand(rest, io);
      case "export":
        return exportCommand(rest, io);
      case "scan-secrets":
        // loaded on demand: the scanner must not wait for the store and the renderers
        return await (await import("./cli/scan-secrets.js")).scanSecretsCommand(rest, io);
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE + "\n");
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "no command given");
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`scorecard-bot: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    io.err(`scorecard-bot: ${(err as Error).message}\n`);
    return 2;
  }
}

async function score(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: "string", default: "table" }, db: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError("score takes exactly one directory");
  const format = values.format!;
  if (!["table", "json", "markdown"].includes(format)) throw new UsageError(`unknown format "${format}"`);
  const src = await LocalDirSource.open(positionals[0]!);
  const scan = await scoreRepository(src, { trigger: "manual" });
  if (values.db) {
    const store = new Store(values.db);
    try {
      store.saveScan(scan);
    } finally {
      store.close();
    }
  }
  if (format === "json") io.out(JSON.stringify(scanJson(scan), null, 2) + "\n");
  else if (format === "markdown") io.out(renderScanMarkdown(scan, CHECKS));
  else io.out(scanTable(scan, CHECKS));
  return 0;
}
