import { describe, expect, test } from "@jest/globals";
import { applyPatch } from "../../src/facts/patch-apply.js";

describe("applyPatch", () => {
  test.each([
    ["modify a middle line", "a\nb\nc\n", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c", "a\nB\nc\n"],
    ["add at the end", "a\nb\n", "@@ -2,1 +2,2 @@\n b\n+c", "a\nb\nc\n"],
    ["new file", null, "@@ -0,0 +1,2 @@\n+x\n+y", "x\ny\n"],
    ["new file without final newline", null, "@@ -0,0 +1,2 @@\n+x\n+y\n\\ No newline at end of file", "x\ny"],
    ["two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n", "@@ -1,2 +1,2 @@\n-1\n+one\n 2\n@@ -7,2 +7,3 @@\n 7\n 8\n+9", "one\n2\n3\n4\n5\n6\n7\n8\n9\n"],
    ["add a final newline", "a\nb", "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b", "a\nb\n"],
    ["remove the final newline", "a\nb\n", "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file", "a\nb"],
    ["delete a line", "a\nb\nc\n", "@@ -1,3 +1,2 @@\n a\n-b\n c", "a\nc\n"],
  ])("%s", (_n, base, patch, expected) => {
    expect(applyPatch(base, patch)).toBe(expected);
  });

  test.each([
    ["context does not match the base", "a\nX\nc\n", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c"],
    ["hunk beyond the end", "a\n", "@@ -5,1 +5,1 @@\n-q\n+r"],
    ["no hunk at all (truncated)", "a\n", ""],
    ["garbage line", "a\n", "@@ -1,1 +1,1 @@\n?a"],
  ])("refuses when %s", (_n, base, patch) => {
    expect(applyPatch(base, patch)).toBeNull();
  });
});
