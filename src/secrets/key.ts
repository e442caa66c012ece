/**
 * Keys of the secret fingerprints. A master key (env FINGERPRINT_KEY, else 32 random bytes kept in
 * `fingerprint.key` next to the database, mode 0600) and one key per installation derived from
 * it, so that fingerprints cannot be compared across installations.
 */
import { fs } from "./require.js";
import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";

const { mkdirSync, readFileSync, writeFileSync } = fs;

export interface KeyOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Create the key file (and its directory) when missing. The CLI passes false: a pre-commit
   * hook must not leave files in the user's checkout, so without a key it uses one for this run.
   */
  create?: boolean;
}

export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(env.DATABASE_PATH ?? "./data/scorecard.db"), "fingerprint.key");
}

let cached: { id: string; key: Buffer } | null = null;

export function masterKey(opts: KeyOptions = {}): Buffer {
  const env = opts.env ?? process.env;
  const fromEnv = env.FINGERPRINT_KEY;
  if (fromEnv !== undefined && fromEnv.length > 0) {
    return /^[0-9a-f]{64}$/i.test(fromEnv) ? Buffer.from(fromEnv, "hex") : Buffer.from(fromEnv, "utf8");
  }
  const file = keyFilePath(env);
  const id = `${file}:${opts.create !== false}`;
  if (cached?.id === id) return cached.key;
  const key = readKeyFile(file) ?? (opts.create === false ? randomBytes(32) : createKeyFile(file));
  cached = { id, key };
  return key;
}

/** The fingerprint key of one installation; null for local scans (CLI, checkouts). */
export function fingerprintKey(installationId: number | null, opts: KeyOptions = {}): Buffer {
  return createHmac("sha256", masterKey(opts))
    .update(`scorecard-bot fingerprint v1:${installationId ?? "local"}`)
    .digest();
}

function readKeyFile(file: string): Buffer | null {
  try {
    const hex = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 32-byte hex key`);
    return Buffer.from(hex, "hex");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function createKeyFile(file: string): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    // "wx": of two processes starting at once, the second reads the first one's key
    writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readKeyFile(file)!;
    throw err;
  }
}
