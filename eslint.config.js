import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // checks/, scoring/ and render/ are pure: no I/O, no SQLite, no Octokit.
    files: ["src/checks/**/*.ts", "src/scoring/**/*.ts", "src/render/**/*.ts"],
    ignores: ["src/render/templates.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:fs", "node:child_process", "fs", "better-sqlite3", "probot", "@octokit/*", "**/store/*", "**/publish/*", "**/facts/github/*", "**/facts/localdir/*"],
              allowTypeImports: true,
              message: "checks/, scoring/ and render/ are pure (DESIGN.md): no I/O, SQLite or Octokit.",
            },
          ],
        },
      ],
    },
  },
);
