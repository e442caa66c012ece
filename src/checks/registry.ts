import type { CheckDefinition, CheckId } from "./types.js";
import { securityPolicyCheck } from "./security-policy/index.js";
import { branchProtectionCheck } from "./branch-protection/index.js";
import { dependabotCheck } from "./dependabot/index.js";
import { hardenRunnerCheck } from "./harden-runner/index.js";
import { codeqlCheck } from "./codeql/index.js";
import { secretsCheck } from "./secrets/index.js";

/** One line per check. Order is the display order. */
export const CHECKS: readonly CheckDefinition[] = [
  branchProtectionCheck,
  codeqlCheck,
  dependabotCheck,
  hardenRunnerCheck,
  securityPolicyCheck,
  secretsCheck,
];

export function getCheck(id: CheckId): CheckDefinition | undefined {
  return CHECKS.find((c) => c.id === id);
}
