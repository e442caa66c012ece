import { describe, expect, test } from "@jest/globals";
import { known } from "../../src/facts/fact.js";
import { OverlaySource } from "../../src/facts/overlay.js";
import { collectSecretScan } from "../../src/facts/slices/secrets.js";
import type { FactSource } from "../../src/facts/source.js";

describe("secrets scan of a pull request's overlay", () => {
  test("a file the PR does not touch is read and scanned once for base and head together", async () => {
    const reads: string[] = [];
    const files: Record<string, string> = { "a.txt": "plain", "b.txt": "plain too" };
    const base: FactSource = {
      kind: "github",
      repo: { owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", commit: "b", private: false, archived: false, htmlUrl: null },
      fingerprintKey: Buffer.alloc(32, 7),
      listFiles: async () => known(Object.keys(files)),
      readFile: async (p) => {
        reads.push(p);
        return known(files[p] ?? null);
      },
    };
    const head = new OverlaySource(base, "h", [{ path: "b.txt", previousPath: null, removed: false }], async () => known("changed"));
    expect(head.fingerprintKey).toBe(base.fingerprintKey);
    const [b, h] = await Promise.all([collectSecretScan(base), collectSecretScan(head)]);
    expect(b.ok && h.ok).toBe(true);
    expect(reads.filter((p) => p === "a.txt")).toHaveLength(1);
    expect(h.ok && h.value.filesScanned).toBe(2);
  });
});
