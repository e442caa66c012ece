import { describe, expect, test } from "@jest/globals";
import { orderingKey } from "../../src/handlers/job-runner.js";
import { JobQueue } from "../../src/store/jobs.js";
import { Store } from "../../src/store/store.js";

const job = (id: string, repo = "o/r") => ({ id, event: "push", action: null, installationId: 1, payload: { repository: { full_name: repo }, n: id } });

describe("JobQueue", () => {
  test("the same delivery id is one job; jobs are claimed oldest first", () => {
    const q = new JobQueue(new Store(":memory:"));
    expect(q.enqueue(job("a"))).toBe(true);
    expect(q.enqueue(job("a"))).toBe(false);
    expect(q.enqueue(job("b"))).toBe(true);
    expect(q.claim()!.id).toBe("a");
    expect(q.claim()!.id).toBe("b");
    expect(q.claim()).toBeNull();
  });

  test("claim skips jobs the caller refuses (a repository already busy)", () => {
    const q = new JobQueue(new Store(":memory:"));
    q.enqueue(job("a", "o/one"));
    q.enqueue(job("b", "o/one"));
    q.enqueue(job("c", "o/two"));
    const first = q.claim()!;
    const busy = new Set([orderingKey(first)]);
    expect(q.claim((j) => !busy.has(orderingKey(j)))!.id).toBe("c");
    expect(q.claim((j) => !busy.has(orderingKey(j)))).toBeNull();
  });

  test("jobs a killed process left running are recovered, payload intact", () => {
    const store = new Store(":memory:");
    const q1 = new JobQueue(store);
    q1.enqueue(job("a"));
    expect(q1.claim()!.attempts).toBe(1);
    // the process dies here; a new one starts over the same database
    const q2 = new JobQueue(store);
    expect(q2.claim()).toBeNull();
    expect(q2.recover()).toBe(1);
    const again = q2.claim()!;
    expect(again).toMatchObject({ id: "a", attempts: 2, payload: { n: "a" } });
  });

  test("a failed job waits for its backoff, then fails for good after the last attempt; payloads are dropped when done", () => {
    const store = new Store(":memory:");
    const q = new JobQueue(store, 2);
    q.enqueue(job("a"));
    q.claim();
    const r = q.fail("a", "boom", 60_000);
    expect(r).not.toBe("failed");
    expect(q.claim()).toBeNull(); // not before its retry time
    store.db.prepare("UPDATE jobs SET run_after = ? WHERE id = 'a'").run(new Date(Date.now() - 1).toISOString());
    expect(q.claim()!.attempts).toBe(2);
    expect(q.fail("a", "boom again")).toBe("failed");
    expect(store.db.prepare("SELECT state, payload, error FROM jobs WHERE id = 'a'").get()).toEqual({ state: "failed", payload: null, error: "boom again" });
    q.enqueue(job("b"));
    q.claim();
    q.complete("b");
    expect(store.db.prepare("SELECT state, payload FROM jobs WHERE id = 'b'").get()).toEqual({ state: "done", payload: null });
    expect(q.counts()).toEqual({ done: 1, failed: 1 });
  });
});
