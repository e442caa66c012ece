import { known, unavailable, type Fact } from "../fact.js";
import type { FactSource } from "../source.js";
import type { TextFile } from "../types.js";
import { readAll } from "./files.js";
import { parseWorkflow } from "../../workflows/parse.js";
import type { ActionRef, ReusableRef } from "../../workflows/types.js";
import { mayWrapHardenRunner } from "../../workflows/uses.js";

/** GitHub runs only files directly in .github/workflows/ ending in .yml or .yaml. */
const WORKFLOW_PATH = /^\.github\/workflows\/[^/]+\.ya?ml$/i;
/** GitHub allows reusable workflows to nest a few levels; we follow as far, no further. */
const MAX_DEPTH = 4;
const MAX_REUSABLE = 50;

export function workflowPaths(tree: readonly string[]): string[] {
  return tree.filter((p) => WORKFLOW_PATH.test(p)).sort();
}

export async function collectWorkflows(src: FactSource): Promise<Fact<TextFile[]>> {
  const tree = await src.listFiles();
  if (!tree.ok) return tree;
  return readAll(src, workflowPaths(tree.value));
}

/**
 * Every reusable workflow the repository's jobs call, followed through nested calls, keyed by
 * the `uses:` string as written. Local ones (`./…`) come from the same source; another
 * repository's come from the API, so a local checkout marks them unavailable.
 */
export async function collectReusableWorkflows(src: FactSource): Promise<Fact<Record<string, Fact<TextFile>>>> {
  const workflows = await collectWorkflows(src);
  if (!workflows.ok) return workflows;
  const out: Record<string, Fact<TextFile>> = {};
  let frontier = callsIn(workflows.value);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const fresh = frontier.filter((r) => !(r.raw in out)).slice(0, MAX_REUSABLE - Object.keys(out).length);
    const fetched = await Promise.all(fresh.map(async (r) => [r.raw, await resolve(src, r)] as const));
    const next: TextFile[] = [];
    for (const [raw, fact] of fetched) {
      out[raw] = fact;
      if (fact.ok) next.push(fact.value);
    }
    frontier = callsIn(next);
  }
  return known(out);
}

function callsIn(files: readonly TextFile[]): ReusableRef[] {
  const refs = new Map<string, ReusableRef>();
  for (const f of files) {
    const parsed = parseWorkflow(f.path, f.content);
    if (!parsed.ok) continue;
    for (const job of parsed.workflow.jobs) if (job.uses) refs.set(job.uses.raw, job.uses);
  }
  return [...refs.values()];
}

async function resolve(src: FactSource, ref: ReusableRef): Promise<Fact<TextFile>> {
  if (ref.kind === "invalid") return unavailable(`\`${ref.raw}\` is not a reusable workflow reference GitHub accepts`);
  if (ref.kind === "local") {
    const f = await src.readFile(ref.path);
    if (!f.ok) return f;
    return f.value === null ? unavailable(`${ref.path} does not exist in the repository`) : known({ path: ref.path, content: f.value });
  }
  const where = `${ref.owner}/${ref.repo}/${ref.path}${ref.ref ? `@${ref.ref}` : ""}`;
  if (!src.api) return unavailable(`a local checkout holds no other repository's files: ${where} could not be read`);
  const f = await src.api.readRemoteFile(ref.owner, ref.repo, ref.path, ref.ref ?? undefined);
  if (!f.ok) return unavailable(`${where} could not be read: ${f.reason}`, f.permission);
  return f.value === null ? unavailable(`${where} does not exist or is not visible to the app`) : known({ path: where, content: f.value });
}

const MAX_ACTIONS = 20;

/**
 * The action.yml of each action the workflows' steps use that may wrap harden-runner (see
 * mayWrapHardenRunner), keyed by the `uses:` string as written. Local ones (`./…`) come from the
 * same source; another repository's through the API, so a local checkout marks them unavailable.
 */
export async function collectActionManifests(src: FactSource): Promise<Fact<Record<string, Fact<TextFile>>>> {
  const workflows = await collectWorkflows(src);
  if (!workflows.ok) return workflows;
  const refs = new Map<string, ActionRef>();
  for (const f of workflows.value) {
    const parsed = parseWorkflow(f.path, f.content);
    if (!parsed.ok) continue;
    for (const job of parsed.workflow.jobs) for (const step of job.steps) if (step.uses && mayWrapHardenRunner(step.uses)) refs.set(step.uses.raw, step.uses);
  }
  if (refs.size === 0) return known({});
  const tree = await src.listFiles();
  const out: Record<string, Fact<TextFile>> = {};
  const chosen = [...refs.values()].slice(0, MAX_ACTIONS);
  const fetched = await Promise.all(chosen.map(async (r) => [r.raw, await readManifest(src, r, tree.ok ? tree.value : null)] as const));
  for (const [raw, fact] of fetched) out[raw] = fact;
  return known(out);
}

async function readManifest(src: FactSource, ref: ActionRef, tree: readonly string[] | null): Promise<Fact<TextFile>> {
  if (ref.kind === "docker") return unavailable(`${ref.raw} is a container image, not an action.yml`);
  if (ref.kind === "local") {
    const dir = ref.path.replace(/\/+$/, "");
    const candidates = [`${dir}/action.yml`, `${dir}/action.yaml`];
    const path = tree ? candidates.find((p) => tree.includes(p)) : candidates[0];
    if (!path) return unavailable(`${dir} holds no action.yml`);
    const f = await src.readFile(path);
    if (!f.ok) return f;
    return f.value === null ? unavailable(`${path} does not exist in the repository`) : known({ path, content: f.value });
  }
  const where = `${ref.owner}/${ref.repo}${ref.path ? `/${ref.path}` : ""}${ref.ref ? `@${ref.ref}` : ""}`;
  if (!src.api) return unavailable(`a local checkout holds no other repository's files: ${where} could not be read`);
  for (const name of ["action.yml", "action.yaml"]) {
    const path = ref.path ? `${ref.path.replace(/\/+$/, "")}/${name}` : name;
    const f = await src.api.readRemoteFile(ref.owner, ref.repo, path, ref.ref ?? undefined);
    if (!f.ok) return unavailable(`${where} could not be read: ${f.reason}`, f.permission);
    if (f.value !== null) return known({ path: `${ref.owner}/${ref.repo}/${path}${ref.ref ? `@${ref.ref}` : ""}`, content: f.value });
  }
  return unavailable(`${where} has no action.yml the app can see`);
}
