import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts, SecurityPolicyFile } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Finding } from "../types.js";
import { countWords, findChannel, findDisclosure, findEncryption, findPublicIssueAdvice, findResponseTime, findScope, MIN_WORDS, prepare, type Hit } from "./content.js";
import { POINTS, REMEDIATION, RUBRIC } from "./rubric.js";
import { outcomeBands } from "../outcome.js";

const ID = "security-policy" as const;
const round1 = (n: number) => Math.round(n * 10) / 10;
const outcomeOf = outcomeBands(7, 4);

/** Findings point into the file only for a file of this repository. */
function at(policy: SecurityPolicyFile, hit: Hit | null): Pick<Finding, "path" | "line"> {
  if (policy.origin !== "repository") return {};
  return hit ? { path: policy.path, line: hit.line } : { path: policy.path };
}

export function evaluateSecurityPolicy(facts: RepoFacts): CheckResult {
  const f = facts.securityPolicy;
  if (!f.ok) return { id: ID, score: null, outcome: "unknown", reason: describeUnavailable(f), findings: [] };
  const policy = f.value;
  if (policy === null) {
    return {
      id: ID,
      score: 0,
      outcome: "fail",
      reason: "no security policy found",
      findings: [{ id: "securityPolicyPresent", outcome: "fail", message: "No SECURITY.md found.", remediation: REMEDIATION.missing }],
    };
  }
  const where = policy.origin === "organization" ? `${policy.repository}:${policy.path}` : policy.path;
  const findings: Finding[] = [{ id: "securityPolicyPresent", outcome: "pass", message: `Security policy found in ${where}.`, ...at(policy, null) }];
  if (!/\.(md|markdown)$/i.test(policy.path)) {
    // GitHub links SECURITY.md from the Security tab and new issues; an .rst/.adoc/.txt file is read
    // here but may not be shown there
    findings.push({ id: "securityPolicyIsMarkdown", outcome: "warn", message: `${policy.path} is not Markdown: GitHub may not show it as the security policy (it looks for SECURITY.md).`, ...at(policy, null) });
  }
  const { text, truncated, templateLines } = prepare(policy.content);
  if (truncated) findings.push({ id: "securityPolicyGradedWhole", outcome: "warn", message: "The policy is long; only its first part was graded.", ...at(policy, null) });
  if (templateLines > 0) {
    findings.push({ id: "securityPolicyNotTemplate", outcome: "warn", message: `${templateLines} line(s) of GitHub's SECURITY.md template are still in place and were not counted.`, ...at(policy, null) });
  }

  let earned = POINTS.present;
  let max = 10;
  const element = (id: string, hit: Hit | null, points: number, found: (h: Hit) => string, missing: string, remediation: string) => {
    if (hit) earned += points;
    findings.push(hit ? { id, outcome: "pass", message: found(hit), ...at(policy, hit) } : { id, outcome: "fail", message: missing, ...at(policy, null), remediation });
  };

  const pvr = facts.privateVulnerabilityReporting;
  const textChannel = findChannel(text);
  const publicIssues = findPublicIssueAdvice(text);
  const pvrChannel = !textChannel && !publicIssues && pvr.ok && pvr.value;
  const hasChannel = textChannel !== null || pvrChannel;
  if (hasChannel) earned += POINTS.channel;
  findings.push(
    textChannel
      ? { id: "securityPolicyHasContact", outcome: "pass", message: `Names a private reporting channel: ${textChannel.evidence}.`, ...at(policy, textChannel) }
      : pvrChannel
        ? { id: "securityPolicyHasContact", outcome: "pass", message: "The file names no channel, but GitHub private vulnerability reporting is enabled (Security → Report a vulnerability).", ...at(policy, null) }
        : { id: "securityPolicyHasContact", outcome: "fail", message: "The policy names no private way to report (no email address, private reporting link or form).", ...at(policy, null), remediation: REMEDIATION.noContact },
  );
  if (publicIssues && !textChannel) {
    findings.push({ id: "securityPolicyAvoidsPublicIssues", outcome: "fail", message: `Sends reporters to a public issue ("${publicIssues.evidence}").`, ...at(policy, publicIssues), remediation: REMEDIATION.publicIssues });
  }

  element("securityPolicyHasResponseTime", findResponseTime(text), POINTS.responseTime, (h) => `Commits to a response time: "${h.evidence}".`, "Says nothing about how soon reporters hear back.", REMEDIATION.responseTime);
  element("securityPolicyHasDisclosureProcess", findDisclosure(text), POINTS.disclosure, (h) => `Describes disclosure ("${h.evidence}").`, "Does not describe the disclosure process.", REMEDIATION.disclosure);
  element("securityPolicyHasScope", findScope(text), POINTS.scope, (h) => `States scope or supported versions ("${h.evidence}").`, "States neither scope nor supported versions.", REMEDIATION.scope);
  element("securityPolicyOffersEncryption", findEncryption(text), POINTS.encryption, (h) => `Offers encryption ("${h.evidence}").`, "Offers no encryption (PGP key).", REMEDIATION.encryption);
  const words = countWords(text);
  if (words >= MIN_WORDS) earned += POINTS.prose;
  findings.push(
    words >= MIN_WORDS
      ? { id: "securityPolicyIsNotStub", outcome: "pass", message: `At least ${MIN_WORDS} words of policy.`, ...at(policy, null) }
      : { id: "securityPolicyIsNotStub", outcome: "fail", message: `Only ${words} words: a stub rather than a policy.`, ...at(policy, null), remediation: REMEDIATION.prose },
  );

  if (pvr.ok) {
    if (pvr.value) earned += POINTS.privateReporting;
    findings.push(
      pvr.value
        ? { id: "privateVulnerabilityReportingEnabled", outcome: "pass", message: "GitHub private vulnerability reporting is enabled." }
        : { id: "privateVulnerabilityReportingEnabled", outcome: "fail", message: "GitHub private vulnerability reporting is not enabled.", remediation: REMEDIATION.privateReporting },
    );
  } else {
    max -= POINTS.privateReporting;
    findings.push({ id: "privateVulnerabilityReportingEnabled", outcome: "warn", message: `Not seen, left out of the score: whether private vulnerability reporting is enabled (${describeUnavailable(pvr)}).` });
  }

  let score = (earned / max) * 10;
  if (!hasChannel) score = Math.min(score, POINTS.capWithoutChannel);
  score = round1(score);
  const missing = findings.filter((x) => x.outcome === "fail").length;
  const reason = hasChannel
    ? `policy in ${where} names a private reporting channel; ${missing} element(s) missing`
    : `policy in ${where} names no private reporting channel (capped at ${POINTS.capWithoutChannel})`;
  return { id: ID, score, outcome: outcomeOf(score), reason, findings };
}

export const securityPolicyCheck: CheckDefinition = {
  id: ID,
  title: "Security policy",
  risk: "medium",
  needs: ["tree", "securityPolicy", "privateVulnerabilityReporting"],
  rubric: RUBRIC,
  permissions: ["Contents: read", "Administration: read"],
  // a policy file in any directory (GitHub reads three; a wider net costs only a re-evaluation)
  affectedBy: (path) => /(^|\/)security\.[a-z]+$/i.test(path),
  evaluate: evaluateSecurityPolicy,
};
