// The built app (lib/main.js, what `npm start` runs) as a child process against a loopback fake
// GitHub, for benchmarks. Same environment as test/e2e/harness.ts, but without its cross-worker
// lock and with the pid exposed for RSS sampling. Every child is killed when this process exits.
import { spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FakeGitHub } from "./out/test/fake-github/server.js";
import { freePort, httpStatus } from "./out/test/helpers/http.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECRET = "bench-webhook-secret";
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = new Set();
process.once("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => process.exit(130));

export class AppUnderBench {
  static async start(world, { env = {}, fake: fakeOpts = {} } = {}) {
    const main = path.join(ROOT, "lib", "main.js");
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const fake = await FakeGitHub.start(world, fakeOpts);
    const self = new AppUnderBench(fake);
    try {
      await self.spawn(env);
    } catch (err) {
      await self.stop();
      throw err;
    }
    return self;
  }

  constructor(fake) {
    this.fake = fake;
    this.output = "";
    this.dir = mkdtempSync(path.join(tmpdir(), "scorecard-bench-"));
    this.dbPath = path.join(this.dir, "scorecard.db");
  }

  async spawn(extraEnv) {
    this.port = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.dir,
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: this.fake.host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(this.port),
      DATABASE_PATH: this.dbPath,
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      SWEEP_INTERVAL_HOURS: "0",
      ...extraEnv,
    };
    // cwd is the temp dir: Probot reads a .env from cwd
    const child = spawn(process.execPath, [path.join(ROOT, "lib", "main.js")], { cwd: this.dir, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    child.once("exit", () => children.delete(child));
    const keep = (c) => (this.output = (this.output + c.toString("utf8")).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    this.child = child;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited before listening:\n${this.output}`);
      if ((await httpStatus(`http://127.0.0.1:${this.port}/ping`).catch(() => 0)) > 0) return;
      await sleep(100);
    }
    throw new Error(`the app did not listen within 20 s:\n${this.output}`);
  }

  get pid() {
    return this.child.pid;
  }

  /** VmRSS and VmHWM (peak) of the app process in bytes, from /proc. */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
    } catch {
      return { rss: 0, hwm: 0 };
    }
  }

  sendWebhook(name, payload, id = randomUUID()) {
    const body = JSON.stringify(payload);
    const headers = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    };
    const sentAt = Date.now();
    return new Promise((resolve, reject) => {
      const req = request(`http://127.0.0.1:${this.port}/api/github/webhooks`, { method: "POST", headers, timeout: 10_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentAt }));
      });
      req.on("timeout", () => req.destroy(new Error(`webhook ${name} got no answer within 10 s`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Wait until the app has made no request to the fake for `quietMs`; false on timeout. */
  async settle(quietMs = 1500, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.fake.requests.at(-1);
      const idle = Date.now() - (last ? last.at + last.ms : 0);
      if (this.fake.inFlight === 0 && idle >= quietMs) return true;
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
  }

  async stop() {
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      const t = setTimeout(() => c.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    }
    await this.fake.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

