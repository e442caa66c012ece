import { RE2 } from "./require.js";

/**
 * Path allowlist from globs (`.github/scorecard.yml` → `secrets.allow_paths`): `**` any number of
 * directories, `*` anything but "/", `?` one character, `{a,b}` alternatives. A glob without "/"
 * matches the file name in any directory, as in .gitignore. Compiled to RE2: the globs come from
 * the repository being scanned, so they must not be able to make matching slow.
 */
export function pathAllowlist(globs: readonly string[]): (path: string) => string | null {
  const compiled = globs.filter((g) => g.trim().length > 0).map((g) => ({ glob: g, re: new RE2(globToPattern(g.trim())) }));
  if (compiled.length === 0) return () => null;
  return (path) => compiled.find((c) => c.re.test(path))?.glob ?? null;
}

function globToPattern(glob: string): string {
  let g = glob.startsWith("/") ? glob.slice(1) : glob.includes("/") ? glob : `**/${glob}`;
  if (g.endsWith("/")) g += "**";
  let out = "";
  let inBraces = false;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === "*" && g[i + 1] === "*") {
      const slash = g[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{" && !inBraces) {
      inBraces = true;
      out += "(?:";
    } else if (c === "}" && inBraces) {
      inBraces = false;
      out += ")";
    } else if (c === "," && inBraces) out += "|";
    else out += c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  if (inBraces) out += ")";
  return `^${out}$`;
}
