/** CodeQL's language names (the ones `init`'s `languages:` and default setup use). */
export type CodeqlLanguage =
  | "javascript-typescript"
  | "python"
  | "java-kotlin"
  | "go"
  | "ruby"
  | "csharp"
  | "c-cpp"
  | "swift"
  | "actions";

/** Older and alternative spellings CodeQL still accepts, mapped to today's names. */
const ALIASES: Record<string, CodeqlLanguage> = {
  "javascript-typescript": "javascript-typescript",
  javascript: "javascript-typescript",
  typescript: "javascript-typescript",
  js: "javascript-typescript",
  python: "python",
  "java-kotlin": "java-kotlin",
  java: "java-kotlin",
  kotlin: "java-kotlin",
  go: "go",
  golang: "go",
  ruby: "ruby",
  csharp: "csharp",
  "c#": "csharp",
  "c-cpp": "c-cpp",
  c: "c-cpp",
  cpp: "c-cpp",
  "c++": "c-cpp",
  swift: "swift",
  actions: "actions",
};

export function normalizeCodeqlLanguage(name: string): CodeqlLanguage | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

/** Linguist's language names (GitHub's languages API) that CodeQL can analyse. */
const LINGUIST: Record<string, CodeqlLanguage> = {
  JavaScript: "javascript-typescript",
  TypeScript: "javascript-typescript",
  Vue: "javascript-typescript",
  Python: "python",
  Java: "java-kotlin",
  Kotlin: "java-kotlin",
  Go: "go",
  Ruby: "ruby",
  "C#": "csharp",
  C: "c-cpp",
  "C++": "c-cpp",
  Swift: "swift",
};

/** Weight (bytes on GitHub, file count locally) per CodeQL language present in the repository. */
export function codeqlLanguagesOf(linguist: Record<string, number>): Map<CodeqlLanguage, number> {
  const out = new Map<CodeqlLanguage, number>();
  for (const [name, weight] of Object.entries(linguist)) {
    const lang = LINGUIST[name];
    if (lang && weight > 0) out.set(lang, (out.get(lang) ?? 0) + weight);
  }
  return out;
}
