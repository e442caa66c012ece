/**
 * End-to-end harness: the fake GitHub on loopback, the built app (lib/) as a child process
 * pointed at it through GHE_HOST, and signed webhooks. Nothing leaves 127.0.0.1; every port
 * comes from the OS. Always `await h.stop()` (in a finally or afterAll): it kills the child.
 */
import { afterAll, beforeAll } from "@jest/globals";
import nock from "nock";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, httpStatus } from "../helpers/http.js";
import { FakeGitHub, type FakeOptions, type RecordedRequest } from "../fake-github/server.js";
import type { World } from "../fake-github/world.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WEBHOOK_SECRET = "e2e-webhook-secret";
/** For `beforeAll(…, HARNESS_START_TIMEOUT)`: starting may wait for another worker's e2e suite. */
export const HARNESS_START_TIMEOUT = 200_000;

/**
 * How the app is started. `probot`: `probot run ./lib/index.js` (Probot's default Octokit);
 * `main`: `node lib/main.js`, what `npm start` runs, with the app's own rate-limit policy.
 */
export type Entry = "probot" | "main";

export interface HarnessOptions {
  entry?: Entry;
  fake?: FakeOptions;
  /** extra environment for the app */
  env?: Record<string, string>;
  /** ms to wait for the app to listen */
  startTimeoutMs?: number;
}

export interface WebhookResult {
  status: number;
  body: string;
  id: string;
  ms: number;
}

const children = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave an app process behind.
process.once("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

export class Harness {
  private output = "";
  private child!: ChildProcess;

  private constructor(
    readonly fake: FakeGitHub,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    readonly appPort: number,
    readonly dir: string,
    readonly dbPath: string,
    private readonly startTimeoutMs: number,
  ) {}

  static async start(world: World, opts: HarnessOptions = {}): Promise<Harness> {
    const main = path.join(ROOT, "lib", opts.entry === "probot" ? "index.js" : "main.js");
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    await acquireLock();
    const fake = await FakeGitHub.start(world, opts.fake).catch((err: unknown) => {
      releaseLock();
      throw err;
    });
    const dir = mkdtempSync(path.join(tmpdir(), "scorecard-e2e-"));
    const dbPath = path.join(dir, "scorecard.db");
    const appPort = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const env: Record<string, string> = {
      // a clean environment: nothing from the developer's shell (tokens, proxies, NODE_OPTIONS)
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: dir,
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET,
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(appPort),
      DATABASE_PATH: dbPath,
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      // no nightly sweep unless a test asks for one: requests must come from the test's events
      SWEEP_INTERVAL_HOURS: "0",
      ...opts.env,
    };
    const args = opts.entry === "probot" ? [path.join(ROOT, "node_modules", "probot", "bin", "probot.js"), "run", main] : [main];
    const h = new Harness(fake, args, env, appPort, dir, dbPath, opts.startTimeoutMs ?? 15000);
    try {
      await h.spawnApp();
    } catch (err) {
      await h.stop();
      throw err;
    }
    return h;
  }

  /** Start the app process (again): same port, database, key and fake. */
  private async spawnApp(): Promise<void> {
    // cwd is the temp dir: Probot reads a .env from cwd, and a developer's .env must not leak in
    const child = spawn(process.execPath, this.args, { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    child.once("exit", () => children.delete(child));
    child.stdout?.on("data", (c: Buffer) => (this.output += c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => (this.output += c.toString("utf8")));
    this.child = child;
    await this.waitUntilListening(this.startTimeoutMs);
  }

  /** After `kill()` (or a crash), start the app again on the same database: a restart. */
  async restart(): Promise<void> {
    await killChild(this.child);
    this.output += "\n--- restart ---\n";
    await this.spawnApp();
  }

  /** The app process's pid (for tests that signal it themselves). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get appUrl(): string {
    return `http://127.0.0.1:${this.appPort}`;
  }

  /** What the app printed (JSON log lines at LOG_LEVEL) so far. */
  get logs(): string {
    return this.output;
  }

  private async waitUntilListening(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the app exited (${this.child.exitCode ?? this.child.signalCode}) before listening:\n${this.output}`);
      }
      const status = await httpStatus(`${this.appUrl}/ping`).catch(() => 0);
      if (status > 0) return;
      await sleep(100);
    }
    throw new Error(`the app did not listen on ${this.appUrl} within ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * POST a webhook as GitHub does: JSON body, HMAC-SHA256 signature, a delivery id (reuse `id`
   * to redeliver). `secret` or `signature` override the signing for negative tests.
   */
  sendWebhook(name: string, payload: unknown, opts: { id?: string; secret?: string; signature?: string | null; timeoutMs?: number } = {}): Promise<WebhookResult> {
    const body = JSON.stringify(payload);
    const id = opts.id ?? randomUUID();
    const signature = opts.signature === undefined ? sign(opts.secret ?? WEBHOOK_SECRET, body) : opts.signature;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": "1",
      ...(signature !== null ? { "x-hub-signature-256": signature } : {}),
    };
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const req = request(`${this.appUrl}/api/github/webhooks`, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: opts.timeoutMs ?? 30000 });
      req.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, id, ms: Date.now() - started }));
      });
      req.on("timeout", () => req.destroy(new Error(`webhook ${name} got no answer within ${opts.timeoutMs ?? 30000} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Wait until the fake has seen a request matching `pred` (e.g. the check run's completion). */
  async waitForRequest(pred: (r: RecordedRequest) => boolean, what: string, timeoutMs = 15000): Promise<RecordedRequest> {
    await this.fake.until((log) => log.some(pred), what, timeoutMs).catch((err: Error) => {
      const seen = this.fake.requests.slice(-80).map((r) => `${r.method} ${r.path} → ${r.status}`).join("\n");
      throw new Error(`${err.message}\nlast requests:\n${seen}\napp output:\n${this.output.slice(-4000)}`);
    });
    return this.fake.requests.find(pred)!;
  }

  /**
   * Wait until the app made no request to the fake for `quietMs` (it has settled). The default
   * outlasts Octokit's throttling, which spaces writes at least a second apart.
   */
  async settle(quietMs = 1500, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.fake.requests.at(-1);
      const idleFor = Date.now() - (last ? last.at + last.ms : 0);
      if (this.fake.inFlight === 0 && idleFor >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`the app kept calling GitHub for ${timeoutMs} ms`);
      await sleep(Math.min(100, quietMs));
    }
  }

  /** Kill the app (SIGTERM, then SIGKILL), stop the fake, remove the temp dir. */
  async stop(opts: { keepDir?: boolean } = {}): Promise<void> {
    try {
      await killChild(this.child);
      await this.fake.stop();
      if (!opts.keepDir) rmSync(this.dir, { recursive: true, force: true });
    } finally {
      releaseLock();
    }
  }

  /** SIGKILL the app now (crash tests); the temp dir and the fake stay. */
  async kill(): Promise<void> {
    await killChild(this.child, "SIGKILL");
  }
}

/**
 * One app under test at a time across Jest workers (e2e files run serially without a Jest
 * config change): a lock directory holding the owner's pid; a dead owner's lock is taken over.
 */
const LOCK = path.join(tmpdir(), `scorecard-e2e-${Buffer.from(ROOT).toString("hex").slice(-24)}.lock`);
let lockHeld = false;

async function acquireLock(timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, "pid"), String(process.pid));
      lockHeld = true;
      return;
    } catch {
      if (!ownerAlive()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another e2e test held ${LOCK} for ${timeoutMs} ms`);
      else await sleep(200);
    }
  }
}

function ownerAlive(): boolean {
  let pid = 0;
  try {
    pid = Number(readFileSync(path.join(LOCK, "pid"), "utf8"));
  } catch {
    // no pid yet: alive while the lock is fresh (its owner is writing it), stale after 10 s
    try {
      return Date.now() - statSync(LOCK).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function releaseLock(): void {
  if (!lockHeld) return;
  lockHeld = false;
  rmSync(LOCK, { recursive: true, force: true });
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function killChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}


function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The one lifecycle of an e2e suite: start the fake and the app before the suite (the test
 * process itself only talks to loopback, so nock is switched off), stop both after it. The
 * returned object stands for the running Harness.
 */
export function useHarness(world: World, opts: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    nock.restore();
    current = await Harness.start(world, opts);
  }, HARNESS_START_TIMEOUT);
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as Harness, {
    get(_target, prop) {
      if (!current) throw new Error("the harness is not started (useHarness runs in beforeAll)");
      const v = Reflect.get(current, prop, current) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(current) : v;
    },
  });
}
