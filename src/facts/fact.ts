/**
 * A fact is either known, or unavailable with a reason a person can act on.
 * Collectors never throw for a fact they cannot know: they return `unavailable`.
 */
export type Fact<T> = Known<T> | Unavailable;
export interface Known<T> {
  ok: true;
  value: T;
}
export interface Unavailable {
  ok: false;
  reason: string;
  /** the GitHub App permission that would make it available, e.g. "Administration: read" */
  permission?: string;
}

export const known = <T>(value: T): Known<T> => ({ ok: true, value });
export const unavailable = (reason: string, permission?: string): Unavailable =>
  permission === undefined ? { ok: false, reason } : { ok: false, reason, permission };

/** Human sentence for an unavailable fact, naming the permission to grant. */
export function describeUnavailable(f: Unavailable): string {
  return f.permission ? `${f.reason} (grant the "${f.permission}" permission)` : f.reason;
}
