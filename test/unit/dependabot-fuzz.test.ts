import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { directoryMatches, parseDependabotConfig } from "../../src/checks/dependabot/config.js";
import { evaluateDependabot } from "../../src/checks/dependabot/index.js";
import { parseRenovateConfig } from "../../src/checks/dependabot/renovate.js";
import { known } from "../../src/facts/fact.js";
import { factsWith } from "../helpers/facts.js";

const yamlish = fc.stringMatching(/^[a-z:\- \n"'&*<>{}[\],#|0-9/]{0,300}$/);

describe("dependabot never crashes on bad input", () => {
  test("parseDependabotConfig returns a result for any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        const r = parseDependabotConfig(text);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  test("parseRenovateConfig returns a result for any text", () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom("renovate.json", "renovate.json5", "package.json"), (text, path) => {
      expect(typeof parseRenovateConfig(path, text).ok).toBe("boolean");
    }), { numRuns: 300 });
  });

  test("directoryMatches: a literal directory matches itself; '**' matches everything", () => {
    const seg = fc.stringMatching(/^[a-z0-9_.-]{1,8}$/);
    fc.assert(fc.property(fc.array(seg, { maxLength: 6 }), (parts) => {
      const dir = parts.join("/");
      expect(directoryMatches(dir, dir)).toBe(true);
      expect(directoryMatches("**", dir)).toBe(true);
    }));
  });

  test("the check scores within 0–10 for any config and tree", () => {
    const path = fc.stringMatching(/^([a-zA-Z._-]{1,6}\/){0,3}(package\.json|go\.mod|Dockerfile|main\.tf|x\.txt|pom\.xml)$/);
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 20 }), yamlish, (tree, config) => {
        const r = evaluateDependabot(factsWith({ tree: known(tree), dependabotConfig: known({ path: ".github/dependabot.yml", content: config }), renovateConfig: known(null) }));
        if (r.score !== null) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(10);
        }
      }),
      { numRuns: 200 },
    );
  });
});
