import { createHmac } from "node:crypto";

/** Keyed hash of a secret: recognises the same secret across scans without storing it. */
export function fingerprint(key: Buffer, secret: string): string {
  return createHmac("sha256", key).update(secret, "utf8").digest("hex").slice(0, 32);
}

/**
 * The first characters and the length, never more than 4 characters. Short secrets show fewer
 * (a third at most) so that a preview never reveals a large part of an 8-character password.
 */
export function preview(secret: string): string {
  const chars = Array.from(secret);
  const shown = Math.min(4, Math.floor(chars.length / 3));
  return `${chars.slice(0, shown).join("")}… (${chars.length} chars)`;
}
