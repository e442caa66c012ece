import { CHECKS } from "../checks/registry.js";
import { repoExcluded, type RepoConfig } from "../config/schema.js";
import type { GitHubClient } from "../facts/github/octokit.js";
import { httpStatus } from "../facts/github/octokit.js";
import { DASHBOARD_BUDGET, MAX_ISSUE_BODY, planDashboard, renderDashboard, renderDashboardPage } from "../render/dashboard.js";
import { dashboardView, DASHBOARD_TITLE } from "../render/dashboard-view.js";
import { dashboardData, History } from "../store/history.js";
import type { Store } from "../store/store.js";

export interface PublishLogger {
  info: (obj: object | string, msg?: string) => void;
  warn: (obj: object | string, msg?: string) => void;
}

export interface PublishOptions {
  /** the organization (or user) login */
  owner: string;
  installationId?: number;
  /** repository of `owner` holding the dashboard issue (config `dashboard.repository`) */
  repository?: string;
  /** config `dashboard.issue`: false publishes no issue */
  issue?: boolean;
  /** config `dashboard.file`: also commit the markdown to this repository, branch and path */
  file?: { repository: string; branch: string; path: string };
  /** repositories left out by configuration (by name) */
  exclude?: (name: string) => boolean;
  now?: Date;
  log?: PublishLogger;
  /** body budget per issue; tests lower it to see the split */
  maxBody?: number;
}

export interface PublishResult {
  issues: { number: number; action: "created" | "updated" | "unchanged" }[];
  closed: number[];
  file: "committed" | "unchanged" | null;
  skipped: string | null;
}

interface IssueItem {
  number: number;
  title: string;
  body?: string | null;
  user?: { type?: string } | null;
  pull_request?: unknown;
}

const MARKER = /^<!-- scorecard-bot:dashboard(?: page=(\d+))? -->/;
const same = (a: string | null | undefined, b: string) => (a ?? "").replace(/\r\n/g, "\n").trimEnd() === b.replace(/\r\n/g, "\n").trimEnd();

/** Where and what to publish, from the organization's configuration. */
export function dashboardOptionsFrom(config: RepoConfig): Pick<PublishOptions, "repository" | "issue" | "file" | "exclude"> {
  return {
    repository: config.dashboard.repository,
    issue: config.dashboard.issue,
    ...(config.dashboard.file ? { file: config.dashboard.file } : {}),
    exclude: (name) => repoExcluded(config, name),
  };
}

/** Which page of the dashboard an issue holds, by its hidden marker; null when it is none of ours. */
export function dashboardPageOf(issue: IssueItem): number | null {
  if (issue.pull_request || issue.user?.type !== "Bot") return null;
  const m = MARKER.exec(issue.body ?? "");
  return m ? Number(m[1] ?? 1) : null;
}

/** Public unless GitHub says private (internal repositories are seen by the whole enterprise). */
async function visibility(octokit: GitHubClient, owner: string, repo: string): Promise<{ exists: boolean; publicOnly: boolean; archived: boolean }> {
  try {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    const d = data as { private?: boolean; visibility?: string; archived?: boolean };
    return { exists: true, publicOnly: !(d.private === true && d.visibility !== "internal"), archived: d.archived === true };
  } catch (err) {
    if (httpStatus(err) === 404) return { exists: false, publicOnly: true, archived: false };
    throw err;
  }
}

/**
 * Keep the one dashboard issue (split into linked parts when too long) in `owner/.github` in
 * step with the store: found by its hidden marker, regenerated whole, written only when its
 * text changed, duplicates closed. A dashboard in a public repository never lists private
 * repositories.
 */
export async function publishDashboard(octokit: GitHubClient, store: Store, opts: PublishOptions): Promise<PublishResult> {
  const result: PublishResult = { issues: [], closed: [], file: null, skipped: null };
  const now = opts.now ?? new Date();
  const history = new History(store);
  const scope = {
    organization: opts.owner,
    owner: opts.owner,
    ...(opts.installationId !== undefined ? { installationId: opts.installationId } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
  };

  if (opts.issue !== false) {
    const repo = opts.repository ?? ".github";
    const target = await visibility(octokit, opts.owner, repo);
    if (!target.exists || target.archived) {
      result.skipped = `${opts.owner}/${repo} ${target.exists ? "is archived" : "does not exist or the app cannot see it"}`;
      opts.log?.info({ repository: `${opts.owner}/${repo}` }, `dashboard issue not published: ${result.skipped}`);
    } else {
      const data = dashboardData(history, { ...scope, publicOnly: target.publicOnly }, now);
      await publishIssues(octokit, { owner: opts.owner, repo }, planDashboard(dashboardView(data, CHECKS), opts.maxBody ?? DASHBOARD_BUDGET), result);
    }
  }
  if (opts.file) {
    const target = await visibility(octokit, opts.owner, opts.file.repository);
    if (target.exists) {
      const data = dashboardData(history, { ...scope, publicOnly: target.publicOnly }, now);
      result.file = await commitFile(octokit, { owner: opts.owner, ...opts.file }, renderDashboard(data, CHECKS));
    }
  }
  opts.log?.info({ owner: opts.owner, issues: result.issues, closed: result.closed, file: result.file }, "dashboard published");
  return result;
}

async function publishIssues(
  octokit: GitHubClient,
  at: { owner: string; repo: string },
  pages: ReturnType<typeof planDashboard>,
  result: PublishResult,
): Promise<void> {
  const open = (await octokit.paginate(octokit.rest.issues.listForRepo, { ...at, state: "open", per_page: 100 })) as IssueItem[];
  const byPage = new Map<number, IssueItem>();
  for (const issue of [...open].sort((a, b) => a.number - b.number)) {
    const page = dashboardPageOf(issue);
    if (page === null) continue;
    if (byPage.has(page) || page > pages.length) result.closed.push(issue.number);
    else byPage.set(page, issue);
  }

  const write = async (n: number, title: string, body: string): Promise<number> => {
    const text = body.length > MAX_ISSUE_BODY ? body.slice(0, MAX_ISSUE_BODY - 80) + "\n\n… (cut to fit GitHub's limit)\n" : body;
    const existing = byPage.get(n);
    if (existing && existing.title === title && same(existing.body, text)) {
      result.issues.push({ number: existing.number, action: "unchanged" });
      return existing.number;
    }
    if (existing) {
      await octokit.rest.issues.update({ ...at, issue_number: existing.number, title, body: text });
      result.issues.push({ number: existing.number, action: "updated" });
      return existing.number;
    }
    const { data } = await octokit.rest.issues.create({ ...at, title, body: text });
    result.issues.push({ number: data.number, action: "created" });
    return data.number;
  };

  // Later parts first: part 1 links to them by number.
  const refs: string[] = [];
  for (const page of pages.slice(1)) {
    const n = page.page!.number;
    refs.push(`#${await write(n, `${DASHBOARD_TITLE} (part ${n} of ${pages.length})`, renderDashboardPage(page))}`);
  }
  await write(1, DASHBOARD_TITLE, renderDashboardPage(pages[0]!, refs));
  result.issues.sort((a, b) => a.number - b.number);

  for (const number of result.closed) {
    await octokit.rest.issues.update({ ...at, issue_number: number, state: "closed", state_reason: "not_planned" });
  }
}

async function commitFile(
  octokit: GitHubClient,
  at: { owner: string; repository: string; branch: string; path: string },
  markdown: string,
): Promise<"committed" | "unchanged"> {
  const loc = { owner: at.owner, repo: at.repository, path: at.path };
  let sha: string | undefined;
  try {
    const { data } = await octokit.rest.repos.getContent({ ...loc, ref: at.branch });
    const file = data as { sha?: string; content?: string; encoding?: string };
    sha = file.sha;
    if (file.content !== undefined && file.encoding === "base64" && Buffer.from(file.content, "base64").toString("utf8") === markdown) return "unchanged";
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
  await octokit.rest.repos.createOrUpdateFileContents({
    ...loc,
    branch: at.branch,
    message: "Update the security scorecard dashboard",
    content: Buffer.from(markdown, "utf8").toString("base64"),
    ...(sha ? { sha } : {}),
  });
  return "committed";
}
