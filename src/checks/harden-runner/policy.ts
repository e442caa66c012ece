import { possibleValues, type ExprScope } from "../../workflows/expressions.js";
import type { WorkflowStep } from "../../workflows/types.js";

/**
 * What the job's egress policy is. The action's `egress-policy` input defaults to "block"
 * (step-security/harden-runner action.yml, `inputs.egress-policy.default: "block"`, read at
 * commit 018beb85950b76a8f393dcd913d3b92e9eb0e335), so an unset input blocks.
 * A policy from the StepSecurity policy store, or an expression, cannot be read from the file.
 */
export type EgressPolicy = "block" | "block-default" | "audit" | "policy-store" | "expression" | "other";

/** The policy, with an expression expanded where its values are known (e.g. an input's callers). */
export function egressPolicy(step: WorkflowStep, scope: ExprScope = {}): { policy: EgressPolicy; text: string | undefined } {
  const storeFlag = (step.with["use-policy-store"] ?? "").trim().toLowerCase() === "true";
  const text = step.with["egress-policy"];
  if (storeFlag || (step.with.policy ?? "").trim() !== "") return { policy: "policy-store", text };
  if (text === undefined || text.trim() === "") return { policy: "block-default", text };
  const values = possibleValues(text, scope);
  if (values === null) return { policy: "expression", text };
  const kinds = new Set(values.map((v) => policyOf(String(v ?? ""))));
  // An input that may be block for one caller and audit for another cannot be scored either way.
  return { policy: kinds.size === 1 ? [...kinds][0]! : "expression", text };
}

function policyOf(v: string): EgressPolicy {
  const t = v.trim().toLowerCase();
  if (t === "") return "block-default";
  if (t === "block" || t === "audit") return t;
  return "other";
}

export function blocks(p: EgressPolicy): boolean {
  return p === "block" || p === "block-default";
}

/** Whether the file shows what the policy is (a store policy or an unexpandable expression does not). */
export function policyReadable(p: EgressPolicy): boolean {
  return p !== "policy-store" && p !== "expression";
}

export function describePolicy(p: EgressPolicy, raw: string | undefined): string {
  const via = raw !== undefined && raw.includes("${{") ? ` (from ${raw.trim()})` : "";
  switch (p) {
    case "block":
      return `egress-policy: block${via}`;
    case "block-default":
      return `egress-policy unset (the action's default, block)${via}`;
    case "audit":
      return `egress-policy: audit${via} (watches outbound traffic, blocks nothing)`;
    case "policy-store":
      return "egress policy taken from the StepSecurity policy store (not visible in the file, so left out of the block share)";
    case "expression":
      return `egress-policy set by an expression (${raw ?? ""}), so whether it blocks cannot be read from the file (left out of the block share)`;
    case "other":
      return `egress-policy: ${raw ?? ""} (not a value the action knows; only block or audit)`;
  }
}
