import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import { parseWorkflowFile } from "../../workflows/parse.js";
import type { CheckDefinition, CheckResult, Finding, Outcome } from "../types.js";
import { blocks, describePolicy, judgeJob, type JobVerdict } from "./jobs.js";
import { POINTS, REMEDIATION, RUBRIC } from "./rubric.js";

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
  for (const file of wf.value) {
    const parsed = parseWorkflowFile(file);
    if (!parsed.ok) {
      unparsed++;
      findings.push({
        id: "workflowParses",
        outcome: "warn",
        message: `${file.path} could not be parsed (${parsed.error.message}); its jobs are not counted.`,
        path: file.path,
        ...(parsed.error.line !== null ? { line: parsed.error.line } : {}),
        remediation: REMEDIATION.parse,
      });
      continue;
    }
    for (const job of parsed.workflow.jobs) {
      const v = judgeJob(job);
      if (v) {
        verdicts.push(v);
        findings.push(...jobFindings(file.path, v));
      }
    }
  }
  const counted = verdicts.filter((v) => v.kind === "first" || v.kind === "notFirst" || v.kind === "missing");
  if (counted.length === 0) {
    const reusable = verdicts.filter((v) => v.kind === "reusable").length;
    const container = verdicts.filter((v) => v.kind === "container").length;
    const otherOs = verdicts.filter((v) => v.kind === "unsupportedOs").length;
    const selfHosted = verdicts.filter((v) => v.kind === "selfHostedWithoutStep").length;
    const why = unparsed > 0 && verdicts.length === 0
      ? `no workflow could be parsed (${unparsed} failed)`
      : `no job runs steps on a runner harden-runner supports (${reusable} call reusable workflows, ${container} run in containers, ${otherOs} on Windows or macOS, ${selfHosted} self-hosted without the step${unparsed ? `, ${unparsed} workflows did not parse` : ""})`;
    return { id: ID, score: null, outcome: "unknown", reason: `${why}: nothing to count (left out of the total)`, findings };
  }
  const first = counted.filter((v) => v.kind === "first");
  const block = first.filter((v) => blocks(v.policy)).length;
  const pinned = first.filter((v) => v.pinned).length;
  const n = counted.length;
  // Rounded down, so that one unhardened job among hundreds never shows as a full 10.
  const score = Math.floor(((POINTS.firstStep * first.length + POINTS.block * block + POINTS.pinned * pinned) / n) * 10 + 1e-9) / 10;
  let outcome: Outcome = first.length === 0 ? "fail" : first.length === n && score >= 8 ? "pass" : "warn";
  if (outcome === "pass" && unparsed > 0) outcome = "warn";
  const reason =
    `harden-runner is the first step in ${first.length} of ${n} counted jobs; ${block} block egress, ${pinned} pinned to a commit SHA` +
    (unparsed ? `; ${unparsed} workflow${unparsed > 1 ? "s" : ""} could not be parsed` : "");
  return { id: ID, score, outcome, reason, findings };
}

function jobFindings(path: string, v: JobVerdict): Finding[] {
  if (v.kind !== "first") return [otherFinding(path, v)];
  const job = `job \`${v.job.id}\` in ${path}`;
  const at = { path, line: v.step.line };
  const out: Finding[] = [{ id: "hardenRunnerFirstStep", outcome: "pass", message: `${job} starts with harden-runner.`, ...at }];
  const policy = describePolicy(v.policy, v.step.with["egress-policy"]);
  out.push(
    blocks(v.policy)
      ? { id: "hardenRunnerEgressBlock", outcome: "pass", message: `${job}: ${policy}.`, ...at }
      : { id: "hardenRunnerEgressBlock", outcome: "warn", message: `${job}: ${policy}.`, ...at, remediation: REMEDIATION.block },
  );
  const ref = v.step.uses?.kind === "repo" ? (v.step.uses.ref ?? "no ref") : "?";
  out.push(
    v.pinned
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
        message: `${job} runs on a self-hosted runner without a harden-runner step; the agent may be installed in the runner image instead, which a workflow file cannot show, so the job is not counted.`,
        ...at,
      };
    case "missing":
      return { id: "hardenRunnerFirstStep", outcome: "fail", message: `${job} has no step-security/harden-runner step.`, ...at, remediation: REMEDIATION.add };
    case "notFirst":
      return {
        id: "hardenRunnerFirstStep",
        outcome: "fail",
        message: `${job} runs harden-runner as step ${v.step.index + 1}, not first: the steps before it are not monitored.`,
        path,
        line: v.step.line,
        remediation: REMEDIATION.moveFirst,
      };
  }
}

export const hardenRunnerCheck: CheckDefinition = {
  id: ID,
  title: "Harden-Runner",
  risk: "medium",
  needs: ["workflows"],
  rubric: RUBRIC,
  permissions: ["Contents: read"],
  // workflows, and the local actions and reusable workflows they call
  affectedBy: (path) => path.startsWith(".github/") || /(^|\/)action\.ya?ml$/i.test(path),
  evaluate: evaluateHardenRunner,
};
