import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { evaluateCodeql } from "../../src/checks/codeql/index.js";
import { evaluateHardenRunner } from "../../src/checks/harden-runner/index.js";
import { known } from "../../src/facts/fact.js";
import type { TextFile } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

/** Workflow-shaped text assembled from real fragments, plus noise: never a throw, always a valid result. */
const step = fc.constantFrom(
  "      - uses: step-security/harden-runner@0123456789abcdef0123456789abcdef01234567",
  "      - uses: Step-Security/harden-runner@v2\n        with:\n          egress-policy: audit",
  "      - uses: github/codeql-action/init@v3\n        with:\n          languages: ${{ matrix.language }}",
  "      - uses: github/codeql-action/analyze@v3",
  "      - uses: github/codeql-action/upload-sarif@v3",
  "      - run: make",
  "      - uses: docker://alpine",
  "      - uses: ./local",
  "      - *anchor",
  "      - uses: [broken",
);
const jobHead = fc.constantFrom(
  "    runs-on: ubuntu-latest",
  "    runs-on: [self-hosted, linux]",
  "    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [windows-latest, ubuntu-latest]\n        language: [go, python]",
  "    container: node:20\n    runs-on: ubuntu-latest",
  "    uses: ./.github/workflows/other.yml",
  "    uses: o/r/.github/workflows/x.yml@v1",
);
const onLine = fc.constantFrom("on: push", "on: [pull_request]", "on:\n  schedule:\n    - cron: '0 0 * * 0'", "on: workflow_call", "on: workflow_dispatch", "");
const workflow = fc
  .tuple(onLine, fc.array(fc.tuple(jobHead, fc.array(step, { maxLength: 5 })), { maxLength: 4 }), fc.string({ maxLength: 20 }))
  .map(([on, jobs, noise]) => [on, "jobs:", ...jobs.flatMap(([head, steps], i) => [`  j${i}:`, head, ...(steps.length ? ["    steps:", ...steps] : [])]), noise].join("\n"));

describe("harden-runner and codeql never throw", () => {
  test("on generated workflows", () => {
    fc.assert(
      fc.property(fc.array(workflow, { maxLength: 3 }), (contents) => {
        const files: TextFile[] = contents.map((content, i) => ({ path: `.github/workflows/w${i}.yml`, content }));
        const facts = factsWith({ workflows: known(files), reusableWorkflows: known({}), languages: known({ Go: 3, Python: 1 }) });
        for (const r of [evaluateHardenRunner(facts), evaluateCodeql(facts)]) {
          if (r.score === null) expect(r.outcome).toBe("unknown");
          else {
            expect(r.score).toBeGreaterThanOrEqual(0);
            expect(r.score).toBeLessThanOrEqual(10);
          }
          for (const f of r.findings) expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
