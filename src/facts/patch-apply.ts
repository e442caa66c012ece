const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Rebuild a file at a pull request's head from its base content and GitHub's unified-diff `patch`,
 * so a changed file costs no request. Every context and removed line must match the base; any
 * mismatch (or a patch GitHub truncated) returns null and the caller fetches the file instead.
 * Hand-written because the one thing needed is this strict check, not a diff library's fuzz.
 */
export function applyPatch(base: string | null, patch: string): string | null {
  const baseLines = base === null || base === "" ? [] : base.split("\n");
  const baseEndsWithNewline = base !== null && base.endsWith("\n");
  if (baseEndsWithNewline) baseLines.pop();
  const out: string[] = [];
  let cursor = 0; // index into baseLines of the next line not yet copied
  // whether the last line written from the patch ends with a newline ("\ No newline" says not)
  let patchLineNewline = true;
  let lastKind: " " | "-" | "+" | null = null;
  let hunks = 0;
  for (const raw of patch.split("\n")) {
    const m = HUNK.exec(raw);
    if (m) {
      hunks++;
      const start = Number(m[1]) === 0 ? 0 : Number(m[1]) - 1;
      if (start < cursor || start > baseLines.length) return null;
      while (cursor < start) out.push(baseLines[cursor++]!);
      lastKind = null;
      continue;
    }
    if (hunks === 0) continue;
    const kind = raw[0];
    const text = raw.slice(1);
    if (kind === " " || kind === "-") {
      if (baseLines[cursor] !== text) return null;
      cursor++;
      if (kind === " ") {
        out.push(text);
        patchLineNewline = true;
      }
      lastKind = kind;
    } else if (kind === "+") {
      out.push(text);
      patchLineNewline = true;
      lastKind = "+";
    } else if (raw.startsWith("\\")) {
      // "\ No newline at end of file" applies to the line just before it
      if (lastKind === "+" || lastKind === " ") patchLineNewline = false;
    } else if (raw === "") {
      continue;
    } else {
      return null;
    }
  }
  if (hunks === 0) return null;
  const tailFromBase = cursor < baseLines.length;
  while (cursor < baseLines.length) out.push(baseLines[cursor++]!);
  const endsWithNewline = tailFromBase ? baseEndsWithNewline : patchLineNewline;
  return out.join("\n") + (endsWithNewline && out.length ? "\n" : "");
}
