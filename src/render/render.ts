import type { CheckDefinition } from "../checks/types.js";
import type { Scan } from "../scoring/scan.js";
import { pullRequestView } from "./pr-view.js";
import { scanView } from "./scan-view.js";
import { renderTemplate } from "./templates.js";

export function renderScanMarkdown(scan: Scan, defs: readonly CheckDefinition[]): string {
  return renderTemplate("scan", scanView(scan, defs));
}

export function renderCheckSummary(view: ReturnType<typeof pullRequestView>): string {
  return renderTemplate("check-summary", view);
}

export function renderPrComment(view: ReturnType<typeof pullRequestView>): string {
  return renderTemplate("pr-comment", view);
}

export { pullRequestView };
