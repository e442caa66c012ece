import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { evaluateSecurityPolicy } from "../../src/checks/security-policy/index.js";
import { known } from "../../src/facts/fact.js";
import { factsWith } from "../helpers/facts.js";

describe("security-policy never crashes and respects its cap", () => {
  test("any text scores within 0–10; without a channel at most 4", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.boolean(), (content, pvr) => {
        const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known({ path: "SECURITY.md", content, origin: "repository", repository: "o/r" }), privateVulnerabilityReporting: known(pvr) }));
        expect(r.score).toBeGreaterThanOrEqual(1);
        expect(r.score).toBeLessThanOrEqual(10);
        const channel = r.findings.find((f) => f.id === "securityPolicyHasContact")!;
        if (channel.outcome === "fail") expect(r.score).toBeLessThanOrEqual(4);
      }),
      { numRuns: 300 },
    );
  });
});
