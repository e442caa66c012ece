// Runs every bench/*.bench.mjs in turn (npm run bench builds lib/ first); exits non-zero if one fails.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, [path.join(dir, file)], { stdio: "inherit" });
  if (r.status !== 0) {
    console.log(`${file}: FAILED (exit ${r.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
