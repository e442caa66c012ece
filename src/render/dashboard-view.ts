import type { CheckDefinition } from "../checks/types.js";
import { RISK_WEIGHT } from "../scoring/weights.js";
import type { RepoSnapshot, TrackedFinding, TrendPoint } from "../store/history.js";
import { badgeUrl, code, gradeOf, GRADES, mdText, attr, mermaidString, signed } from "./dashboard-format.js";
import { deltaText, OUTCOME_SYMBOL } from "./format.js";

export const DASHBOARD_TITLE = "Security scorecard dashboard";
export const DASHBOARD_MARKER = "<!-- scorecard-bot:dashboard -->";
export const pageMarker = (n: number) => (n === 1 ? DASHBOARD_MARKER : `<!-- scorecard-bot:dashboard page=${n} -->`);

/** A repository's latest scan and its change over 7, 30 and 90 days. */
export interface DashboardRepo extends RepoSnapshot {
  change: Record<number, number | null>;
}

/** What the store knows, as the view needs it; built by the store, rendered here. */
export interface DashboardData {
  organization: string | null;
  /** when the data was read (ISO); the view never looks at a clock */
  now: string;
  /** published somewhere public: private repositories are left out and counted */
  publicOnly: boolean;
  privateLeftOut: number;
  repos: DashboardRepo[];
  trend: TrendPoint[];
  findingChanges: { opened: number; fixed: number };
}

export interface FindingLine {
  symbol: string;
  check: string;
  id: string;
  message: string;
  location: string | null;
  remediation: string | null;
  isNew: boolean;
}

export interface RepoDetails {
  repository: string;
  summary: string;
  unknowns: { check: string; reason: string }[];
  findings: FindingLine[];
  more: number;
}

export interface DashboardRow {
  repository: string;
  badge: string;
  grade: string;
  change7: string;
  change30: string;
  cells: string[];
  lastScanned: string;
}

export interface DashboardView {
  marker: string;
  title: string;
  organization: string | null;
  asOf: string | null;
  total: string;
  totalBadge: string;
  totalTrend: string | null;
  repositoryCount: number;
  privateLeftOut: number;
  privateLeftOutText: string;
  publicOnly: boolean;
  grades: { grade: string; range: string; count: number }[];
  unknownTotals: number;
  opportunities: string[];
  findingChanges: { opened: number; fixed: number };
  chart: { title: string; xAxis: string; lines: string[]; legend: string[]; notPlotted: string[] } | null;
  trendTable: { header: string; separator: string; rows: string[] } | null;
  columns: string[];
  rows: DashboardRow[];
  /**
   * Computed when first read (not enumerable, so a copy of the view does not compute it): when the
   * table alone is too long for an issue, no details are shown and their findings are never read.
   */
  details: RepoDetails[];
  /** how many repositories have details (problems or unknown checks), known without computing them */
  detailsCount: number;
  detailsOmitted: number;
  /** set when the dashboard is split over several issues */
  page: { number: number; of: number; refs: { part: number; ref: string }[]; rowsFrom: number; rowsTo: number } | null;
  /** page 1 holds the header and the chart; later pages only rows */
  showHeader: boolean;
}

const DAY = 86_400_000;
const MAX_FINDINGS_PER_REPO = 5;

/** Worst first (unknown totals last), then by name. */
export function worstFirst<T extends { score: number | null; fullName: string }>(repos: readonly T[]): T[] {
  // plain code-unit order: localeCompare costs seconds on ten thousand repositories
  return [...repos].sort((a, b) => (a.score ?? 11) - (b.score ?? 11) || (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * The practices that would raise the organization total most if every repository scored 10 on
 * them: the mean of the totals recomputed (registry risk weights) with that check at 10, minus
 * the mean now. One pass: a repository gains (10 − score) × weight / its total weight.
 */
/** Count each distinct id of a repository's failing findings of one check (from its summary when it has one). */
function countFailing(r: RepoSnapshot, checkId: string, counts: Map<string, number>): void {
  if (r.problemSummary) {
    // the summary's pairs are distinct already
    for (const [c, id] of r.problemSummary.failing) if (c === checkId) counts.set(id, (counts.get(id) ?? 0) + 1);
    return;
  }
  for (const id of new Set(r.findings.filter((f) => f.checkId === checkId && f.outcome === "fail").map((f) => f.id))) {
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
}

export function opportunities(repos: readonly RepoSnapshot[], defs: readonly CheckDefinition[], limit = 3) {
  const weightOf = new Map(defs.map((d) => [d.id as string, RISK_WEIGHT[d.risk]]));
  const stats = new Map(defs.map((d) => [d.id as string, { gain: 0, scored: 0, below: 0, perFinding: new Map<string, number>() }]));
  let withTotal = 0;
  for (const r of repos) {
    let weight = 0;
    for (const c of r.checks) if (c.score !== null) weight += weightOf.get(c.id) ?? 0;
    if (weight === 0) continue;
    withTotal++;
    for (const c of r.checks) {
      const w = weightOf.get(c.id);
      if (w === undefined || c.score === null) continue;
      const st = stats.get(c.id)!;
      st.scored++;
      if (c.score >= 10) continue;
      st.below++;
      st.gain += ((10 - c.score) * w) / weight;
      countFailing(r, c.id, st.perFinding);
    }
  }
  if (withTotal === 0) return [];
  return defs
    .map((d) => {
      const st = stats.get(d.id)!;
      const common = [...st.perFinding].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      return { check: d, below: st.below, scored: st.scored, gain: st.gain / withTotal, common };
    })
    .filter((o) => o.below > 0 && o.gain > 0.005)
    .sort((a, b) => b.gain - a.gain || (a.check.id < b.check.id ? -1 : 1))
    .slice(0, limit);
}

/**
 * Escaped texts of one view, each computed once: across thousands of repositories the same
 * reasons, messages and remediations recur, and escaping them again was most of the view's time.
 */
class Texts {
  private readonly titles: Map<string, string>;
  readonly weights: Map<string, number>;

  constructor(defs: readonly CheckDefinition[]) {
    this.titles = new Map(defs.map((d) => [d.id as string, mdText(d.title)]));
    this.weights = new Map(defs.map((d) => [d.id as string, RISK_WEIGHT[d.risk]]));
  }

  md = memo(mdText);
  attr = memo(attr);
  code = memo(code);
  /** a check's title as markdown; an unknown id as itself */
  title = (checkId: string) => this.titles.get(checkId) ?? this.md(checkId);
  weight = (checkId: string) => this.weights.get(checkId) ?? RISK_WEIGHT.low;
}

/** A description longer than this is cut (a table column, and the issue body has a size limit). */
const DESCRIPTION_MAX = 80;

const shorten = (text: string, max: number): string => {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
};

function memo(escape: (text: string) => string): (text: string) => string {
  const done = new Map<string, string>();
  return (text) => {
    let out = done.get(text);
    if (out === undefined) done.set(text, (out = escape(text)));
    return out;
  };
}

function cellFor(repo: RepoSnapshot, def: CheckDefinition, texts: Texts): string {
  const c = repo.checks.find((x) => x.id === def.id);
  if (!c) return `<span title="not scored in the latest scan">–</span>`;
  const symbol = OUTCOME_SYMBOL[c.outcome];
  if (c.score === null) return `<span title="${texts.attr(c.reason)}">${symbol} ${c.outcome}</span>`;
  return `${symbol} ${c.score.toFixed(1)}`;
}

function findingLine(f: TrackedFinding, texts: Texts, newSince: string): FindingLine {
  const loc = f.path ? texts.code(f.line ? `${f.path}:${f.line}` : f.path) : null;
  return {
    symbol: OUTCOME_SYMBOL[f.outcome],
    check: texts.title(f.checkId),
    id: texts.code(f.id),
    message: texts.md(f.message),
    location: loc,
    remediation: f.remediation ? texts.md(f.remediation) : null,
    isNew: f.firstSeenAt !== null && f.firstSeenAt >= newSince,
  };
}

function detailsOf(repo: RepoSnapshot, texts: Texts, newSince: string): RepoDetails | null {
  const problems = [...repo.findings].sort(
    (a, b) => (a.outcome === b.outcome ? 0 : a.outcome === "fail" ? -1 : 1) || texts.weight(b.checkId) - texts.weight(a.checkId),
  );
  const unknowns = repo.checks
    .filter((c) => c.score === null && texts.weights.has(c.id))
    .map((c) => ({ check: texts.title(c.id), reason: texts.md(c.reason) }));
  if (problems.length === 0 && unknowns.length === 0) return null;
  const parts = [];
  if (problems.length) parts.push(`${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  if (unknowns.length) parts.push(`${unknowns.length} unknown`);
  return {
    repository: texts.md(repo.fullName),
    summary: `${repo.score === null ? "unknown" : `${repo.score.toFixed(1)} (${gradeOf(repo.score)})`}: ${parts.join(", ")}`,
    unknowns,
    findings: problems.slice(0, MAX_FINDINGS_PER_REPO).map((f) => findingLine(f, texts, newSince)),
    more: Math.max(0, problems.length - MAX_FINDINGS_PER_REPO),
  };
}

function chart(trend: readonly TrendPoint[], defs: readonly CheckDefinition[], organization: string | null) {
  const from = trend.findIndex((p, i) => trend.slice(i).every((q) => q.total !== null));
  const points = from < 0 ? [] : trend.slice(from);
  if (points.length < 2) return { chart: null, table: null };
  const series = (xs: readonly (number | null | undefined)[]) => `[${xs.map((x) => (x ?? 0).toFixed(1)).join(", ")}]`;
  const plotted = defs.filter((d) => points.every((p) => p.checks[d.id] !== undefined && p.checks[d.id] !== null));
  const label = (p: TrendPoint) => p.weekOf.slice(5);
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "–" : x.toFixed(1));
  return {
    chart: {
      title: mermaidString(`${organization ? `${organization}: ` : ""}score over the last ${points.length} weeks`),
      xAxis: `[${points.map((p) => mermaidString(label(p))).join(", ")}]`,
      lines: [series(points.map((p) => p.total)), ...plotted.map((d) => series(points.map((p) => p.checks[d.id])))],
      legend: ["Organization total", ...plotted.map((d) => d.title)].map((t, i) => `${i + 1}. ${mdText(t)}`),
      notPlotted: defs.filter((d) => !plotted.includes(d)).map((d) => mdText(d.title)),
    },
    table: {
      header: `| Week of | Total |${defs.map((d) => ` ${mdText(d.title)} |`).join("")}`,
      separator: `| --- | --- |${defs.map(() => " --- |").join("")}`,
      rows: points.map((p) => `| ${p.weekOf} | ${fmt(p.total)} |${defs.map((d) => ` ${fmt(p.checks[d.id])} |`).join("")}`),
    },
  };
}

/** The whole dashboard as a view-model. Pure: time comes from `data.now`. */
export function dashboardView(data: DashboardData, defs: readonly CheckDefinition[]): DashboardView {
  // The store already filters; this is the second lock on the rule that matters most.
  const hidden = data.publicOnly ? data.repos.filter((r) => r.private).length : 0;
  const repos = worstFirst(data.publicOnly ? data.repos.filter((r) => !r.private) : data.repos);
  const now = new Date(data.now);
  const newSince = new Date(now.getTime() - 7 * DAY).toISOString();
  const totals = repos.map((r) => r.score).filter((s): s is number => s !== null);
  const rawTotal = mean(totals);
  const total = rawTotal === null ? null : Math.round(rawTotal * 10) / 10;
  const last = data.trend.at(-1)?.total ?? null;
  const weekBefore = data.trend.at(-2)?.total ?? null;
  const { chart: c, table } = chart(data.trend, defs, data.organization);
  const asOf = repos.reduce<string | null>((m, r) => (m === null || r.scoredAt > m ? r.scoredAt : m), null);
  const texts = new Texts(defs);
  const hasDetails = (r: RepoSnapshot) =>
    (r.problemSummary ? r.problemSummary.count : r.findings.length) > 0 || r.checks.some((c) => c.score === null && texts.weights.has(c.id));
  const badges = new Map<number | null, string>();
  const badgeOf = (score: number | null) => {
    let b = badges.get(score);
    if (b === undefined) badges.set(score, (b = `![${score === null ? "unknown" : score.toFixed(1)}](${badgeUrl(score)})`));
    return b;
  };

  const view: Omit<DashboardView, "details"> = {
    marker: DASHBOARD_MARKER,
    title: DASHBOARD_TITLE,
    organization: data.organization === null ? null : mdText(data.organization),
    asOf: asOf === null ? null : asOf.slice(0, 16).replace("T", " ") + " UTC",
    total: total === null ? "unknown" : `${total.toFixed(1)} / 10`,
    totalBadge: `![${total === null ? "unknown" : total.toFixed(1)}](${badgeUrl(total)})`,
    totalTrend: last !== null && weekBefore !== null ? `${deltaText(Math.round((last - weekBefore) * 10) / 10)} since last week` : null,
    repositoryCount: repos.length,
    privateLeftOut: data.privateLeftOut + hidden,
    privateLeftOutText: data.privateLeftOut + hidden === 1 ? "1 private repository is" : `${data.privateLeftOut + hidden} private repositories are`,
    publicOnly: data.publicOnly,
    grades: GRADES.map((g, i) => ({
      grade: g.grade,
      range: i === 0 ? `≥ ${g.min}` : i === GRADES.length - 1 ? `< ${GRADES[i - 1]!.min}` : `${g.min}–${GRADES[i - 1]!.min}`,
      count: totals.filter((s) => gradeOf(s) === g.grade).length,
    })),
    unknownTotals: repos.length - totals.length,
    opportunities: opportunities(repos, defs).map(
      (o) =>
        `**${mdText(o.check.title)}** below 10 in ${o.below} of ${o.scored} repositories` +
        (o.common ? ` (most often ${code(o.common[0])}, in ${o.common[1]} of them)` : "") +
        `: fixing it everywhere would raise the total by about ${signed(Math.round(o.gain * 10) / 10)}`,
    ),
    findingChanges: data.findingChanges,
    chart: c,
    trendTable: table,
    columns: defs.map((d) => mdText(d.title)),
    rows: repos.map((r) => ({
      repository: r.htmlUrl && /^https:\/\//.test(r.htmlUrl) ? `[${texts.md(r.fullName)}](${encodeURI(r.htmlUrl).replace(/[()]/g, (ch) => (ch === "(" ? "%28" : "%29"))})` : texts.md(r.fullName),
      description: r.description ? mdText(shorten(r.description, DESCRIPTION_MAX)) : "",
      badge: badgeOf(r.score),
      grade: gradeOf(r.score) ?? "?",
      change7: deltaText(r.change[7] ?? null),
      change30: deltaText(r.change[30] ?? null),
      cells: defs.map((d) => cellFor(r, d, texts)),
      lastScanned: r.scoredAt.slice(0, 10),
    })),
    detailsCount: repos.filter(hasDetails).length,
    detailsOmitted: 0,
    page: null,
    showHeader: true,
  };
  let details: RepoDetails[] | undefined;
  return Object.defineProperty(view as DashboardView, "details", {
    enumerable: false,
    configurable: true,
    get: () => (details ??= repos.map((r) => detailsOf(r, texts, newSince)).filter((d): d is RepoDetails => d !== null)),
  });
}
