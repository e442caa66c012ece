import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { INSTALLATION_ID, ORG, orgSmall } from "../fixtures/worlds/org-small.js";
import { useHarness } from "./harness.js";

/** Deliveries per second and seconds: the bench runs GitHub-scale bursts; CI runs a shorter one. */
const RATE = Number(process.env.BURST_RATE ?? 200);
const SECONDS = Number(process.env.BURST_SECONDS ?? 5);

const pushToBranch = (i: number) => ({
  ref: `refs/heads/feature-${i}`,
  before: "0".repeat(40),
  after: (i + 1).toString(16).padStart(40, "a"),
  deleted: false,
  repository: { id: 1, name: "fortress", full_name: `${ORG}/fortress`, owner: { login: ORG }, default_branch: "main", private: false },
  installation: { id: INSTALLATION_ID },
  commits: [],
});

describe("e2e: a burst of webhook deliveries", () => {
  const h = useHarness(orgSmall);

  test(`${RATE} deliveries a second for ${SECONDS} s: each answered well within GitHub's 10 s, each processed once`, async () => {
    const total = RATE * SECONDS;
    const started = Date.now();
    const answers: Promise<{ status: number; ms: number }>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      answers.push(h.sendWebhook("push", pushToBranch(i), { id: `burst-${i}` }));
    }
    const results = await Promise.all(answers);
    const peakRssMb = (() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${h.pid}/status`, "utf8"));
        return m ? Math.round(Number(m[1]) / 1024) : null;
      } catch {
        return null; // not Linux
      }
    })();
    const slowest = Math.max(...results.map((r) => r.ms));
    const ok = results.filter((r) => r.status >= 200 && r.status < 300).length;
    const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
    const deadline = Date.now() + 60_000;
    let done = 0;
    try {
      while (Date.now() < deadline) {
        done = db.prepare("SELECT COUNT(*) FROM jobs WHERE id LIKE 'burst-%' AND state = 'done'").pluck().get() as number;
        if (done === total) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const jobs = db.prepare("SELECT COUNT(*) FROM jobs WHERE id LIKE 'burst-%'").pluck().get();
      console.log(`e2e burst: ${total} deliveries at ${RATE}/s, ${ok} answered 2xx, slowest answer ${slowest} ms, ${done} processed, app peak RSS ${peakRssMb ?? "?"} MB`);
      if (peakRssMb !== null) expect(peakRssMb).toBeLessThan(500);
      expect(ok).toBe(total);
      expect(slowest).toBeLessThan(10_000);
      expect(jobs).toBe(total);
      expect(done).toBe(total);
    } finally {
      db.close();
    }
  }, 120_000);
});
