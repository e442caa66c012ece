import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import { repositoryInputs } from "../../workflows/inputs.js";
import { parseWorkflowFile } from "../../workflows/parse.js";
import { eventsAllowedBy, neverTrue } from "../../workflows/expressions.js";
import type { Workflow, WorkflowJob } from "../../workflows/types.js";
import type { CheckDefinition, CheckResult, Finding, Outcome } from "../types.js";
import { judgeJob, localHardenAction, type JobVerdict } from "./jobs.js";
import { blocks, describePolicy, policyReadable } from "./policy.js";
import { POINTS, REMEDIATION, RUBRIC } from "./rubric.js";
import { wrapperLookup } from "./wrappers.js";

const ID = "harden-runner" as const;

export function evaluateHardenRunner(facts: RepoFacts): CheckResult {
  const wf = facts.workflows;
  if (!wf.ok) return { id: ID, score: null, outcome: "unknown", reason: describeUnavailable(wf), findings: [] };
  if (wf.value.length === 0) {
    return {
      id: ID,
      score: null,
      outcome: "unknown",
      reason: "no GitHub Actions workflows in .github/workflows/: there is no runner to harden (not applicable, left out of the total)",
      findings: [],
    };
  }
  const findings: Finding[] = [];
  const verdicts: JobVerdict[] = [];
  let unparsed = 0;
  const parsed: Workflow[] = [];
  for (const file of wf.value) {
    const r = parseWorkflowFile(file);
    if (r.ok) {
      parsed.push(r.workflow);
      continue;
    }
    unparsed++;
    findings.push({
      id: "workflowParses",
      outcome: "warn",
      message: `${file.path} could not be parsed (${r.error.message}); its jobs are not counted.`,
      path: file.path,
      ...(r.error.line !== null ? { line: r.error.line } : {}),
      remediation: REMEDIATION.parse,
    });
  }
  // What each reusable workflow's inputs may be, from the jobs here that call it (e.g. `runs-on: ${{ inputs.os }}`).
  const inputs = repositoryInputs(parsed);
  const wrappers = wrapperLookup(facts);
  for (const w of parsed) {
    for (const job of w.jobs) {
      if (neverRuns(w, job, inputs.get(w.path) ?? {})) continue;
      const v = judgeJob(job, inputs.get(w.path), wrappers, w.env);
      if (v) {
        verdicts.push(v);
        findings.push(...jobFindings(w.path, v));
      }
    }
  }
  const counted = verdicts.filter((v) => v.kind === "first" || v.kind === "notFirst" || v.kind === "missing");
  if (counted.length === 0) {
    const reusable = verdicts.filter((v) => v.kind === "reusable").length;
    const container = verdicts.filter((v) => v.kind === "container").length;
    const otherOs = verdicts.filter((v) => v.kind === "unsupportedOs").length;
    const selfHosted = verdicts.filter((v) => v.kind === "selfHostedWithoutStep").length;
    const unknownRunner = verdicts.filter((v) => v.kind === "unknownRunner").length;
    const unknownWrapper = verdicts.filter((v) => v.kind === "unknownWrapper").length;
    const why = unparsed > 0 && verdicts.length === 0
      ? `no workflow could be parsed (${unparsed} failed)`
      : `no job runs steps on a runner harden-runner supports (${reusable} call reusable workflows, ${container} run in containers, ${otherOs} on Windows or macOS, ${selfHosted} self-hosted without the step, ${unknownRunner} on a runner chosen by an expression that cannot be expanded, ${unknownWrapper} starting with a wrapper action that could not be opened${unparsed ? `, ${unparsed} workflows did not parse` : ""})`;
    return { id: ID, score: null, outcome: "unknown", reason: `${why}: nothing to count (left out of the total)`, findings };
  }
  const first = counted.filter((v) => v.kind === "first");
  const block = first.filter((v) => blocks(v.policy)).length;
  const pinned = first.filter((v) => v.pinned).length;
  const n = counted.length;
  // A policy the file does not show (policy store, an expression) is neither block nor audit:
  // such jobs leave the block share, and when no job's policy can be read the share leaves the total.
  const unreadable = first.filter((v) => !policyReadable(v.policy)).length;
  const blockJudged = n - unreadable;
  const earned = POINTS.firstStep * (first.length / n) + POINTS.pinned * (pinned / n) + (blockJudged > 0 ? POINTS.block * (block / blockJudged) : 0);
  const max = POINTS.firstStep + POINTS.pinned + (blockJudged > 0 ? POINTS.block : 0);
  // Rounded down, so that one unhardened job among hundreds never shows as a full 10.
  const score = Math.floor((earned / max) * 100 + 1e-9) / 10;
  let outcome: Outcome = first.length === 0 ? "fail" : first.length === n && score >= 8 ? "pass" : "warn";
  if (outcome === "pass" && unparsed > 0) outcome = "warn";
  const reason =
    `harden-runner is the first step in ${first.length} of ${n} counted jobs; ${block} block egress${unreadable ? ` (${unreadable} with a policy the file does not show)` : ""}, ${pinned} pinned to a commit SHA` +
    (unparsed ? `; ${unparsed} workflow${unparsed > 1 ? "s" : ""} could not be parsed` : "");
  return { id: ID, score, outcome, reason, findings };
}

function jobFindings(path: string, v: JobVerdict): Finding[] {
  if (v.kind !== "first") return [otherFinding(path, v)];
  const job = `job \`${v.job.id}\` in ${path}`;
  const at = { path, line: v.step.line };
  const through = v.via ? ` through ${v.via}` : "";
  const when = v.step.if === null ? "" : ` (only when \`${v.step.if.trim()}\`)`;
  const out: Finding[] = [{ id: "hardenRunnerFirstStep", outcome: "pass", message: `${job} starts with harden-runner${through}${when}.`, ...at }];
  const policy = describePolicy(v.policy, v.policyText);
  out.push(
    blocks(v.policy)
      ? { id: "hardenRunnerEgressBlock", outcome: "pass", message: `${job}: ${policy}.`, ...at }
      : !policyReadable(v.policy)
        ? { id: "hardenRunnerEgressBlock", outcome: "unknown", message: `${job}: ${policy}.`, ...at }
        : { id: "hardenRunnerEgressBlock", outcome: "warn", message: `${job}: ${policy}.`, ...at, remediation: REMEDIATION.block },
  );
  const ref = v.step.uses?.kind === "repo" ? (v.step.uses.ref ?? "no ref") : "?";
  out.push(
    v.via
      ? v.pinned
        ? { id: "hardenRunnerPinned", outcome: "pass", message: `${job}: ${v.via} and the harden-runner inside it are pinned to commit SHAs.`, ...at }
        : { id: "hardenRunnerPinned", outcome: "warn", message: `${job}: ${v.via}, or the harden-runner inside it, is not pinned to a full commit SHA.`, ...at, remediation: REMEDIATION.pin }
      : v.pinned
        ? { id: "hardenRunnerPinned", outcome: "pass", message: `${job}: harden-runner is pinned to commit ${ref}.`, ...at }
        : { id: "hardenRunnerPinned", outcome: "warn", message: `${job}: harden-runner is pinned to \`${ref}\`, not a full commit SHA.`, ...at, remediation: REMEDIATION.pin },
  );
  return out;
}

function otherFinding(path: string, v: Exclude<JobVerdict, { kind: "first" }>): Finding {
  const job = `job \`${v.job.id}\` in ${path}`;
  const at = { path, line: v.job.line };
  switch (v.kind) {
    case "reusable":
      return { id: "hardenRunnerJobCounted", outcome: "unknown", message: `${job} calls the reusable workflow ${v.job.uses!.raw}: not counted here (the called workflow's own jobs need harden-runner).`, path, line: v.job.usesLine ?? v.job.line };
    case "container":
      return {
        id: "hardenRunnerJobCounted",
        outcome: "warn",
        message: `${job} runs in the container ${v.job.container || "(image set elsewhere)"}: harden-runner does not support container jobs on GitHub-hosted runners, so the job is not counted${v.hardenRunner ? " (its harden-runner step cannot monitor it there)" : ""}.`,
        ...at,
        remediation: REMEDIATION.container,
      };
    case "unsupportedOs":
      return {
        id: "hardenRunnerJobCounted",
        outcome: "unknown",
        message: `${job} runs on ${v.labels.join(", ")}: harden-runner supports only Linux runners, so the job is not counted.`,
        ...at,
      };
    case "selfHostedWithoutStep":
      return {
        id: "hardenRunnerJobCounted",
        outcome: "unknown",
        message: v.labels
          ? `${job} runs on ${v.labels.join(", ")}, no GitHub-hosted runner label, so probably a self-hosted runner (an ARC scale set, a runner group), and has no harden-runner step; the agent may be installed in the runner image instead, which a workflow file cannot show, so the job is not counted.`
          : `${job} runs on a self-hosted runner without a harden-runner step; the agent may be installed in the runner image instead, which a workflow file cannot show, so the job is not counted.`,
        ...at,
      };
    case "unknownWrapper":
      return {
        id: "hardenRunnerJobCounted",
        outcome: "unknown",
        message: `${job} starts with ${v.step.uses!.raw}, which may wrap harden-runner, but its action.yml could not be read (${v.reason}), so the job is not counted.`,
        path,
        line: v.step.line,
      };
    case "unknownRunner":
      return {
        id: "hardenRunnerJobCounted",
        outcome: "unknown",
        message: `${job} has no harden-runner step and picks its runner with \`${runsOnText(v.job.runsOn)}\`, which cannot be expanded from the files: it may not run on Linux, so the job is not counted.`,
        ...at,
      };
    case "missing": {
      // A local action needs the checkout before it, so one that wraps harden-runner can never come first.
      const local = localHardenAction(v.job);
      const message = local
        ? `${job} has no step-security/harden-runner step of its own; it runs the local action ${local.uses!.raw} as step ${local.index + 1}, which can only run after the repository is checked out, so even if it wraps harden-runner the steps before it are not monitored.`
        : `${job} has no step-security/harden-runner step.`;
      return { id: "hardenRunnerFirstStep", outcome: "fail", message, ...at, remediation: REMEDIATION.add };
    }
    case "notFirst":
      return {
        id: "hardenRunnerFirstStep",
        outcome: "fail",
        message: `${job} runs harden-runner${v.via ? ` through ${v.via}` : ""} as step ${v.step.index + 1}${v.via && v.step.index === 0 ? " (after other steps of that action)" : ""}, not first: the steps before it are not monitored.`,
        path,
        line: v.step.line,
        remediation: REMEDIATION.moveFirst,
      };
  }
}

/**
 * A job switched off (`if: false`, an input every caller leaves off) or limited to events its
 * workflow never has (`if: github.event_name == 'release'` under `on: push`) never runs a runner.
 */
function neverRuns(w: Workflow, job: WorkflowJob, inputs: Record<string, unknown[] | null>): boolean {
  if (neverTrue(job.if, { matrix: job.matrix, inputs })) return true;
  // A called workflow's event is its caller's: only a workflow started by its own events is narrowed.
  const events = new Set(Object.keys(w.on));
  return events.size > 0 && !events.has("workflow_call") && eventsAllowedBy(job.if, events).size === 0;
}

function runsOnText(r: unknown): string {
  return typeof r === "string" ? r.trim() : JSON.stringify(r);
}

export const hardenRunnerCheck: CheckDefinition = {
  id: ID,
  title: "Harden-Runner",
  risk: "medium",
  needs: ["workflows", "actionManifests"],
  rubric: RUBRIC,
  permissions: ["Contents: read"],
  // workflows, and the local actions and reusable workflows they call
  affectedBy: (path) => path.startsWith(".github/") || /(^|\/)action\.ya?ml$/i.test(path),
  evaluate: evaluateHardenRunner,
};
