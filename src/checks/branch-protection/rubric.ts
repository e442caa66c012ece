import type { RubricLine } from "../types.js";

/**
 * Tiers, each counted only when every tier before it is met. The first two carry most of the
 * weight because they stop the commonest attacks (rewriting history, pushing unreviewed code);
 * the later tiers harden a branch that is already guarded.
 */
export const TIERS = [
  { points: 3, text: "Force pushes and deletion of the default branch are blocked." },
  { points: 3, text: "Changes need a pull request with at least one approving review." },
  { points: 2, text: "At least one status check must pass before merging." },
  { points: 1, text: "Two or more approving reviews, or code-owner review, are required, and stale approvals are dismissed on new pushes." },
  { points: 1, text: "The rules bind administrators too: classic protection includes admins and no ruleset has bypass actors." },
] as const;

export const RUBRIC: readonly RubricLine[] = [
  ...TIERS.map((t, i) => ({ points: `+${t.points}`, text: `Tier ${i + 1}${i === 0 ? "" : i === 1 ? " (only if tier 1 is met)" : ` (only if tiers 1–${i} are met)`}: ${t.text}` })),
  {
    points: "note",
    text: "Classic protection and rulesets (repository and organization) are merged, the most restrictive setting winning; rulesets in evaluate mode do not count. If classic protection cannot be read, the score comes from rulesets alone with a finding; if neither can be read, or nothing is visible, the check is unknown.",
  },
];

export const REMEDIATION = {
  forcePush: "Protect the default branch (Settings → Rules → Rulesets, or Branches) and block force pushes (rule \"Block force pushes\").",
  deletion: "Add the \"Restrict deletions\" rule to a ruleset targeting the default branch (or untick \"Allow deletions\" in classic protection).",
  review: "Require a pull request before merging, with at least 1 required approval.",
  statusChecks: "Require status checks to pass before merging and select at least one check (your CI job).",
  strictReview: "Require 2 approvals or review from Code Owners, and dismiss stale pull request approvals when new commits are pushed.",
  dismissStale: "Enable \"Dismiss stale pull request approvals when new commits are pushed\".",
  bypass: "Tick \"Do not allow bypassing the above settings\" (classic) and remove bypass actors from the rulesets that protect the branch.",
  classicUnreadable: "Grant the app the \"Administration: read\" permission so classic branch protection can be read too.",
} as const;
