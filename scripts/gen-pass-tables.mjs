/**
 * Writes src/secrets/pass-tables.ts and src/secrets/pass.wasm: the keyword pass's automata for
 * the rules in rules.ts (src/secrets/pass-tables-build.ts), from the compiled lib/: `npm run
 * pass-tables` compiles, runs this and builds again. A test fails while the files are stale.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { buildPassTables, passTablesModule } = await import(path.join(root, "lib/secrets/pass-tables-build.js"));
const { RULES } = await import(path.join(root, "lib/secrets/rules.js"));
const t0 = performance.now();
const tables = buildPassTables(RULES);
const out = path.join(root, "src/secrets/pass-tables.ts");
writeFileSync(out, passTablesModule(tables));
writeFileSync(path.join(root, "src/secrets/pass.wasm"), tables.wasm);
const s = tables.stats;
console.log(`${path.relative(root, out)}: search DFA ${s.searchStates} states x ${s.searchClasses} classes, folded rule ${s.foldedStates} x ${s.foldedClasses}, pass.wasm ${tables.wasm.length} bytes, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
