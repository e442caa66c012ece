/**
 * Bundles `scan-secrets` into one CommonJS file, lib/cli/scan-secrets.cjs, which the CLI entry
 * (bin/scorecard-bot.js) loads with `require`. The command is timed as a whole process (pre-commit
 * hooks, the bench): ESM costs it Node's module loader (which loads fs/promises, readline and the
 * file watchers) and a resolve-read-compile round per module, together 15-25 ms of a ~200 ms run.
 * Its helper thread is bundled the same way (lib/cli/scan-secrets-worker.cjs): it starts while the
 * main thread loads and walks, and is handed files as soon as it runs.
 */
import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const bundle = (entry, outfile) => build({
  entryPoints: [path.join(root, entry)],
  outfile: path.join(root, outfile),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // a native addon: loaded from node_modules as it is
  external: ["re2"],
  // the sources locate files next to themselves (the helper thread, `require`): the bundle is in lib/cli/ too
  define: { "import.meta.url": "__bundleUrl" },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  sourcemap: "linked",
  logLevel: "warning",
});

await bundle("src/cli/scan-secrets.ts", "lib/cli/scan-secrets.cjs");
await bundle("src/cli/scan-secrets-worker.ts", "lib/cli/scan-secrets-worker.cjs");
// the keyword pass's module (src/secrets/pass-tables.ts reads it next to itself): next to the
// compiled module and next to the bundles
for (const dir of ["lib/secrets", "lib/cli"]) copyFileSync(path.join(root, "src/secrets/pass.wasm"), path.join(root, dir, "pass.wasm"));
