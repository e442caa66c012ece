import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Finding } from "../types.js";
import { mergeProtection, type EffectiveProtection } from "./merge.js";
import { REMEDIATION, RUBRIC, TIERS } from "./rubric.js";
import { outcomeBands } from "../outcome.js";

const ID = "branch-protection" as const;

interface TierState {
  met: boolean;
  findings: Finding[];
}

const found = (id: string, ok: boolean | null, message: string, remediation: string): Finding => ({
  id,
  outcome: ok === null ? "warn" : ok ? "pass" : "fail",
  message,
  ...(ok === true ? {} : { remediation }),
});

function tiers(e: EffectiveProtection): TierState[] {
  const strictReview = e.approvals >= 2 || e.codeOwners;
  const bypassUnknown = e.enforcers.filter((x) => x.noBypass === null).map((x) => x.name);
  const bypassers = e.enforcers.filter((x) => x.noBypass === false).map((x) => x.name);
  return [
    {
      met: e.blocksForcePush && e.blocksDeletion,
      findings: [
        found("blocksForcePushOnBranches", e.blocksForcePush, e.blocksForcePush ? "Force pushes are blocked." : "Force pushes are allowed.", REMEDIATION.forcePush),
        found("blocksDeleteOnBranches", e.blocksDeletion, e.blocksDeletion ? "Deleting the branch is blocked." : "The branch can be deleted.", REMEDIATION.deletion),
      ],
    },
    {
      met: e.requiresPullRequest && e.approvals >= 1,
      findings: [
        found(
          "requiresApproversForPullRequests",
          e.requiresPullRequest && e.approvals >= 1,
          !e.requiresPullRequest
            ? "Changes can be pushed without a pull request."
            : e.approvals >= 1
              ? `Pull requests need ${e.approvals} approving review(s).`
              : "A pull request is required, but with no approving review.",
          REMEDIATION.review,
        ),
      ],
    },
    {
      met: e.statusChecks.length >= 1,
      findings: [
        found(
          "runsStatusChecksBeforeMerging",
          e.statusChecks.length >= 1,
          e.statusChecks.length >= 1 ? `Required status checks: ${e.statusChecks.slice(0, 10).join(", ")}.` : "No status check is required before merging.",
          REMEDIATION.statusChecks,
        ),
      ],
    },
    {
      met: strictReview && e.dismissStale,
      findings: [
        found(
          "requiresCodeOwnersOrTwoReviews",
          strictReview,
          strictReview ? (e.codeOwners ? "Code-owner review is required." : `${e.approvals} approving reviews are required.`) : "Neither two approving reviews nor code-owner review are required.",
          REMEDIATION.strictReview,
        ),
        found("dismissesStaleReviews", e.dismissStale, e.dismissStale ? "Stale approvals are dismissed on new pushes." : "Approvals survive new pushes.", REMEDIATION.dismissStale),
      ],
    },
    {
      met: e.enforcers.length > 0 && bypassers.length === 0 && bypassUnknown.length === 0,
      findings: [
        found(
          "branchProtectionAppliesToAdmins",
          bypassers.length > 0 ? false : bypassUnknown.length > 0 ? null : e.enforcers.length > 0,
          bypassers.length > 0
            ? `Can be bypassed: ${bypassers.join(", ")}.`
            : bypassUnknown.length > 0
              ? `Bypass actors could not be seen for ${bypassUnknown.join(", ")} (GitHub shows them only to admins); not credited.`
              : "Nobody can bypass the rules, administrators included.",
          REMEDIATION.bypass,
        ),
      ],
    },
  ];
}

const outcomeOf = outcomeBands(8, 3);

export function evaluateBranchProtection(facts: RepoFacts): CheckResult {
  const { classicProtection: c, branchRules: r, rulesets: s } = facts;
  const branch = facts.repo.defaultBranch;
  if (!c.ok && !r.ok) {
    const reasons = [...new Set([describeUnavailable(c), describeUnavailable(r)])];
    return { id: ID, score: null, outcome: "unknown", reason: reasons.join("; "), findings: [] };
  }
  const e = mergeProtection(c.ok ? c.value : null, r.ok ? r.value : [], s.ok ? s.value : null);
  const findings: Finding[] = [];
  if (!c.ok) {
    if (e.enforcers.length === 0) {
      // No ruleset protects the branch, but classic protection might: a 0 here would be a guess.
      return {
        id: ID,
        score: null,
        outcome: "unknown",
        reason: `no active ruleset protects ${branch}, and classic branch protection could not be read: ${describeUnavailable(c)}`,
        findings: [],
      };
    }
    findings.push({
      id: "classicProtectionReadable",
      outcome: "warn",
      message: `Scored from rulesets only: classic branch protection could not be read (${describeUnavailable(c)}); it may add to the score.`,
      remediation: REMEDIATION.classicUnreadable,
    });
  }
  if (!r.ok) {
    findings.push({ id: "branchRulesReadable", outcome: "warn", message: `Scored from classic protection only: the ruleset rules could not be read (${describeUnavailable(r)}).` });
  }
  if (e.ignoredRulesets.length > 0) {
    findings.push({ id: "rulesetsEnforced", outcome: "warn", message: `Not counted, as they only evaluate: ${e.ignoredRulesets.join(", ")}.` });
  }
  if (e.enforcers.length === 0) {
    findings.push({ id: "branchProtectionEnabled", outcome: "fail", message: `Nothing protects ${branch}: no classic protection and no active ruleset.`, remediation: REMEDIATION.forcePush });
    return { id: ID, score: 0, outcome: "fail", reason: `${branch} is not protected`, findings };
  }

  let score = 0;
  let reached = 0;
  const states = tiers(e);
  states.forEach((t, i) => {
    const counted = reached === i;
    const note = counted ? "" : ` (not counted: tier ${reached + 1} is not met)`;
    findings.push(...t.findings.map((f) => ({ ...f, message: f.outcome === "pass" && note ? f.message + note : f.message })));
    if (counted && t.met) {
      score += TIERS[i]!.points;
      reached = i + 1;
    }
  });
  const partial = c.ok ? "" : " (rulesets only; classic protection unreadable)";
  return { id: ID, score, outcome: outcomeOf(score), reason: `${reached} of ${TIERS.length} protection tiers met on ${branch}${partial}`, findings };
}

export const branchProtectionCheck: CheckDefinition = {
  id: ID,
  title: "Branch protection",
  risk: "high",
  needs: ["classicProtection", "branchRules", "rulesets"],
  rubric: RUBRIC,
  permissions: ["Administration: read", "Metadata: read"],
  // settings only: no file of the repository moves it
  affectedBy: () => false,
  evaluate: evaluateBranchProtection,
};
