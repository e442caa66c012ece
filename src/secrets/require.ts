/**
 * Modules the scanner loads with `require` rather than `import`, for its startup (scan-secrets runs
 * in pre-commit hooks and is timed as a whole process): importing "node:fs" from ESM builds its
 * whole list of exports, which loads fs/promises, streams, readline and the file watchers (about 30
 * internal modules), and importing the CommonJS "re2" from ESM goes through Node's export-name
 * parser. Each cost several milliseconds of a run that scans 20 MB in about a hundred.
 */
import { createRequire } from "node:module";
import type RE2Regex from "re2";

const require = createRequire(import.meta.url);

export const fs = require("node:fs") as typeof import("node:fs");
export const RE2 = require("re2") as typeof import("re2");
export type RE2 = RE2Regex;
