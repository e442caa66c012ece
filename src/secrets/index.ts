export { scanBuffer, scanText, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINE_BYTES, type FileScan, type ScanOptions } from "./engine.js";
export { scanPatch, addedLines } from "./patch.js";
export { pathAllowlist } from "./paths.js";
export { RULES } from "./rules.js";
export type { Rule } from "./rule.js";
export { SUPPRESS_MARKER } from "./suppress.js";
