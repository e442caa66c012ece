import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, post } from "../helpers/http.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the app as `npm start` runs it (lib/main.js)", () => {
  test("refuses a badly signed, unsigned or altered delivery with 400 and never logs its payload", async () => {
    nock.restore(); // real loopback HTTP
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), "scb-redact-"));
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const child = spawn(process.execPath, [path.join(ROOT, "lib/main.js")], {
      env: { PATH: process.env.PATH ?? "", PORT: String(port), APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "right", DATABASE_PATH: path.join(dir, "db.sqlite"), SWEEP_INTERVAL_HOURS: "0", LOG_LEVEL: "debug", NODE_ENV: "production" },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    try {
      const deadline = Date.now() + 15_000;
      while (!/Listening on/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/Listening on/);
      const marker = "PAYLOAD-MARKER-7f3a";
      const body = JSON.stringify({ zen: marker, hook_id: 1 });
      const url = `http://127.0.0.1:${port}/api/github/webhooks`;
      const h = (sig?: string): Record<string, string> => ({ "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "r1", ...(sig ? { "x-hub-signature-256": sig } : {}) });
      const sign = (key: string, text: string) => "sha256=" + createHmac("sha256", key).update(text).digest("hex");
      expect((await post(url, h(sign("wrong", body)), body)).status).toBe(400);
      expect((await post(url, h(), body)).status).toBe(400);
      expect((await post(url, h(sign("right", body)), body.replace("7f3a", "0000"))).status).toBe(400);
      expect((await post(url, h(sign("right", body)), body)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(out).toContain("signature does not match");
      expect(out).not.toContain("PAYLOAD-MARKER");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
