import { describeUnavailable } from "../../facts/fact.js";
import type { RepoFacts } from "../../facts/types.js";
import type { CheckDefinition, CheckResult, Finding } from "../types.js";
import { REMEDIATION, RUBRIC } from "./rubric.js";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const URL_RE = /https?:\/\/[^\s)>\]]+/i;

export function evaluateSecurityPolicy(facts: RepoFacts): CheckResult {
  const f = facts.securityPolicy;
  if (!f.ok) {
    return { id: "security-policy", score: null, outcome: "unknown", reason: describeUnavailable(f), findings: [] };
  }
  const policy = f.value;
  if (policy === null) {
    return {
      id: "security-policy",
      score: 0,
      outcome: "fail",
      reason: "no security policy found",
      findings: [{ id: "securityPolicyPresent", outcome: "fail", message: "No SECURITY.md found.", remediation: REMEDIATION.missing }],
    };
  }
  const where = policy.origin === "organization" ? `${policy.repository}:${policy.path}` : policy.path;
  const findings: Finding[] = [
    { id: "securityPolicyPresent", outcome: "pass", message: `Security policy found in ${where}.`, path: policy.path },
  ];
  const email = EMAIL.exec(policy.content)?.[0];
  const url = URL_RE.exec(policy.content)?.[0];
  if (email || url) {
    findings.push({ id: "securityPolicyHasContact", outcome: "pass", message: `Names a reporting channel: ${email ?? url}.`, path: policy.path });
    return { id: "security-policy", score: 10, outcome: "pass", reason: `policy in ${where} names a reporting channel`, findings };
  }
  findings.push({
    id: "securityPolicyHasContact",
    outcome: "fail",
    message: "The policy names no email address or URL to report to privately.",
    path: policy.path,
    remediation: REMEDIATION.noContact,
  });
  return { id: "security-policy", score: 4, outcome: "warn", reason: `policy in ${where} names no private reporting channel`, findings };
}

export const securityPolicyCheck: CheckDefinition = {
  id: "security-policy",
  title: "Security policy",
  risk: "medium",
  needs: ["tree", "securityPolicy"],
  rubric: RUBRIC,
  permissions: ["Contents: read"],
  evaluate: evaluateSecurityPolicy,
};
