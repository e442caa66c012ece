import { afterAll, describe, expect, test } from "@jest/globals";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fingerprintKey, keyFilePath, masterKey } from "../../src/secrets/key.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "secrets-key-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("fingerprint keys", () => {
  test("FINGERPRINT_KEY (hex) is the master key; installations get different derived keys", () => {
    const env = { FINGERPRINT_KEY: "ab".repeat(32) };
    expect(masterKey({ env })).toEqual(Buffer.alloc(32, 0xab));
    const a = fingerprintKey(1, { env });
    expect(a).toEqual(fingerprintKey(1, { env }));
    expect(a).not.toEqual(fingerprintKey(2, { env }));
    expect(a).not.toEqual(fingerprintKey(null, { env }));
    expect(a).toHaveLength(32);
  });

  test("without FINGERPRINT_KEY a random key is written once next to the database, mode 0600", () => {
    const d = tmp();
    const env = { DATABASE_PATH: path.join(d, "db", "scorecard.db") };
    const file = keyFilePath(env);
    expect(file).toBe(path.join(d, "db", "fingerprint.key"));
    const k1 = masterKey({ env });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(k1.toString("hex"));
    const env2 = { DATABASE_PATH: path.join(d, "db", "other.db") };
    expect(masterKey({ env: env2 })).toEqual(k1);
  });

  test("create: false writes nothing and uses a key of its own", () => {
    const d = tmp();
    const env = { DATABASE_PATH: path.join(d, "x", "scorecard.db") };
    const k = masterKey({ env, create: false });
    expect(k).toHaveLength(32);
    expect(existsSync(path.join(d, "x"))).toBe(false);
  });
});
