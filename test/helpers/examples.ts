import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const all = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

/** GitHub's own example payload for `name` with `action` (deep-copied), with an installation added. */
export function example<T = Record<string, unknown>>(name: string, action?: string, installationId = 1): T {
  const group = all.find((g) => g.name === name);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`no example payload for ${name}.${action}`);
  const copy = structuredClone(found) as Record<string, unknown>;
  copy.installation ??= { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return copy as T;
}
