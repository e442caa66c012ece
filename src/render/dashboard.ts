import type { CheckDefinition } from "../checks/types.js";
import { dashboardView, pageMarker, type DashboardData, type DashboardView } from "./dashboard-view.js";
import { renderTemplate } from "./templates.js";

/** GitHub refuses an issue body over 65,536 characters; the margin covers counting differences. */
export const MAX_ISSUE_BODY = 65_536;
export const DASHBOARD_BUDGET = 65_000;
/** Longest issue reference a page link may take ("#" and up to 9 digits). */
const REF_PLACEHOLDER = "#999999999";

export function renderDashboardView(view: DashboardView): string {
  return renderTemplate("dashboard", view);
}

/** The whole dashboard in one markdown document, whatever its size (CLI, HTTP). */
export function renderDashboard(data: DashboardData, defs: readonly CheckDefinition[]): string {
  return renderDashboardView(dashboardView(data, defs));
}

/** Render one page of a plan; page 1 links the later pages by `refs` (e.g. "#12"). */
export function renderDashboardPage(page: DashboardView, refs: readonly string[] = []): string {
  if (!page.page || page.page.number !== 1) return renderDashboardView(page);
  return renderDashboardView({ ...page, page: { ...page.page, refs: refs.map((ref, i) => ({ part: i + 2, ref })) } });
}

/**
 * Fit the dashboard into issue bodies of at most `max` characters: whole if it fits; else with the
 * details of the worst repositories kept while they fit; else without details, its rows split
 * over pages (page 1 keeps the header and chart). Sizes are measured on the rendered text.
 */
export function planDashboard(view: DashboardView, max = DASHBOARD_BUDGET): DashboardView[] {
  // `details` is not copied by a spread and is computed only when read (dashboard-view.ts)
  const bare: DashboardView = { ...view, details: [], detailsOmitted: view.detailsCount };
  // The cells alone already exceed the limit: no need to render it whole to know it must be split.
  if (tableLowerBound(view) > max) return splitRows(bare, max);
  const full = renderDashboardView(view);
  if (full.length <= max) return [view];

  const bareText = renderDashboardView(bare);
  if (bareText.length <= max) {
    const blocks = blockSizes(full, view.details.length);
    let keep = 0;
    let size = bareText.length + "\n\n## Findings and remediation\n".length;
    while (keep < blocks.length && size + blocks[keep]! <= max) size += blocks[keep++]!;
    for (; keep >= 0; keep--) {
      const candidate = { ...view, details: view.details.slice(0, keep), detailsOmitted: view.details.length - keep };
      if (renderDashboardView(candidate).length <= max) return [candidate];
    }
    return [bare];
  }
  return splitRows(bare, max);
}

function tableLowerBound(view: DashboardView): number {
  let n = 0;
  for (const r of view.rows) {
    n += r.repository.length + r.badge.length + r.lastScanned.length;
    for (const c of r.cells) n += c.length;
  }
  return n;
}

/** Sizes of the `<details>` blocks of the findings section, in order. */
function blockSizes(text: string, count: number): number[] {
  const section = text.slice(text.indexOf("\n## Findings and remediation"));
  const parts = section.split("<details><summary><b>").slice(1);
  if (parts.length !== count) return new Array<number>(count).fill(Math.ceil(section.length / Math.max(1, count)));
  return parts.map((p) => p.length + "<details><summary><b>".length);
}

/** Sizes of the table's row lines, in order. */
function rowSizes(view: DashboardView): number[] {
  const text = renderDashboardView({ ...view, showHeader: false, page: { number: 2, of: 2, refs: [], rowsFrom: 1, rowsTo: 1 } });
  const lines = text.slice(text.indexOf("\n## Repositories")).split("\n");
  const start = lines.findIndex((l) => l.startsWith("| --- |")) + 1;
  const rows = lines.slice(start, start + view.rows.length);
  if (start === 0 || rows.length !== view.rows.length) {
    const avg = Math.ceil(text.length / Math.max(1, view.rows.length));
    return new Array<number>(view.rows.length).fill(avg);
  }
  return rows.map((l) => l.length + 1);
}

function splitRows(bare: DashboardView, max: number): DashboardView[] {
  const sizes = rowSizes(bare);
  const pageFrame = (n: number, of: number, refs: number): DashboardView => ({
    ...bare,
    marker: pageMarker(n),
    rows: [],
    showHeader: n === 1,
    page: { number: n, of, refs: Array.from({ length: refs }, (_, i) => ({ part: i + 2, ref: REF_PLACEHOLDER })), rowsFrom: 999_999, rowsTo: 999_999 },
  });
  const laterCost = renderDashboardView(pageFrame(99_999, 99_999, 0)).length;
  if (laterCost >= max) return [bare];
  let guess = 2;
  for (;;) {
    const firstCost = renderDashboardView(pageFrame(1, guess, guess - 1)).length;
    const bounds: number[] = [0];
    let used = firstCost;
    for (let i = 0; i < sizes.length; i++) {
      if (used + sizes[i]! > max && i > bounds.at(-1)!) {
        bounds.push(i);
        used = laterCost;
      }
      used += sizes[i]!;
    }
    const pages = bounds.length;
    if (pages === 1) return [bare];
    if (pages > guess) {
      guess = pages;
      continue;
    }
    bounds.push(sizes.length);
    return bounds.slice(0, -1).map((from, k) => ({
      ...bare,
      marker: pageMarker(k + 1),
      rows: bare.rows.slice(from, bounds[k + 1]),
      showHeader: k === 0,
      page: { number: k + 1, of: pages, refs: [], rowsFrom: from + 1, rowsTo: bounds[k + 1]! },
    }));
  }
}

export { dashboardView };
