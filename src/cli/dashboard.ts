import { parseArgs } from "node:util";
import { CHECKS } from "../checks/registry.js";
import { renderDashboard } from "../render/dashboard.js";
import { dashboardJson } from "../render/dashboard-json.js";
import { dashboardData, History } from "../store/history.js";
import { Store } from "../store/store.js";
import { UsageError, type Io } from "../cli.js";

export const DASHBOARD_USAGE = "scorecard-bot dashboard [--db PATH] [--org NAME] [--format markdown|json] [--public-only]";

const defaultDb = () => process.env.DATABASE_PATH ?? "./data/scorecard.db";

/** `dashboard`: the whole dashboard of the stored repositories (never split: that is for issues). */
export function dashboardCommand(args: string[], io: Io, now = new Date()): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: "string" },
      org: { type: "string" },
      format: { type: "string", default: "markdown" },
      "public-only": { type: "boolean", default: false },
    },
  });
  if (positionals.length) throw new UsageError("dashboard takes no positional arguments");
  const format = values.format!;
  if (format !== "markdown" && format !== "json") throw new UsageError(`unknown format "${format}" (markdown or json)`);
  const store = new Store(values.db ?? defaultDb());
  try {
    const data = dashboardData(
      new History(store),
      { organization: values.org ?? null, ...(values.org ? { owner: values.org } : {}), publicOnly: values["public-only"]! },
      now,
    );
    io.out(format === "json" ? JSON.stringify(dashboardJson(data, CHECKS), null, 2) + "\n" : renderDashboard(data, CHECKS));
  } finally {
    store.close();
  }
  return 0;
}
