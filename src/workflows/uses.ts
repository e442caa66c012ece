import type { ActionRef, ReusableRef } from "./types.js";

/**
 * Split a step's `uses:` value. GitHub's forms: `owner/repo[/path]@ref`, `docker://image`,
 * `./path` (an action in this repository). Anything else is not runnable and yields null.
 */
export function parseActionRef(value: string): ActionRef | null {
  const raw = value.trim();
  if (raw === "") return null;
  if (raw.toLowerCase().startsWith("docker://")) return { kind: "docker", raw, image: raw.slice("docker://".length) };
  if (raw.startsWith("./") || raw.startsWith(".\\")) return { kind: "local", raw, path: raw.slice(2) };
  const at = raw.indexOf("@");
  const name = at < 0 ? raw : raw.slice(0, at);
  const ref = at < 0 ? null : raw.slice(at + 1) || null;
  const parts = name.split("/");
  if (parts.length < 2 || !parts[0] || !parts[1]) return null;
  const path = parts.slice(2).join("/");
  return { kind: "repo", raw, owner: parts[0], repo: parts[1], path: path === "" ? null : path, ref };
}

/** Split a job's `uses:` (a reusable workflow): `./.github/workflows/x.yml` or `owner/repo/path@ref`. */
export function parseReusableRef(value: string): ReusableRef | null {
  const raw = value.trim();
  if (raw.startsWith("./")) {
    const path = raw.slice(2).replace(/@.*$/, "");
    return path ? { kind: "local", raw, path } : null;
  }
  const at = raw.indexOf("@");
  const name = at < 0 ? raw : raw.slice(0, at);
  const parts = name.split("/");
  if (parts.length < 3 || !parts[0] || !parts[1]) return null;
  const path = parts.slice(2).join("/");
  if (!path) return null;
  return { kind: "remote", raw, owner: parts[0], repo: parts[1], path, ref: at < 0 ? null : raw.slice(at + 1) || null };
}

/** A full 40-hex commit SHA (what pinning means; a short SHA or a tag can move or collide). */
export function isFullSha(ref: string | null): boolean {
  return ref !== null && /^[0-9a-f]{40}$/i.test(ref);
}

/**
 * Is `ref` the action `ownerRepo` with exactly the sub-path `path` (null: the repository's root
 * action), ignoring case as GitHub does for owner and repository names.
 */
export function isAction(ref: ActionRef | null, ownerRepo: string, path: string | null = null): boolean {
  if (ref === null || ref.kind !== "repo") return false;
  if (`${ref.owner}/${ref.repo}`.toLowerCase() !== ownerRepo.toLowerCase()) return false;
  const own = ref.path === null ? null : ref.path.replace(/\/+$/, "").toLowerCase() || null;
  return own === (path === null ? null : path.toLowerCase());
}

/**
 * An action other than step-security/harden-runner whose name says it hardens the runner
 * (`org/ci/.github/actions/harden-runner@…`, `./.github/actions/harden`): a wrapper whose
 * action.yml is worth opening. Other actions are not opened (each would cost a request).
 */
export function mayWrapHardenRunner(ref: ActionRef | null): boolean {
  if (ref === null || ref.kind === "docker") return false;
  if (ref.kind === "local") return /harden/i.test(ref.path);
  if (`${ref.owner}/${ref.repo}`.toLowerCase() === "step-security/harden-runner") return false;
  return /harden/i.test(`${ref.repo}/${ref.path ?? ""}`);
}
