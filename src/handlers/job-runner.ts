import { Context, type Probot } from "probot";
import type { Job, JobQueue } from "../store/jobs.js";

export type JobHandler = (context: Context) => Promise<void>;

/** Which attempt of its delivery a context is (2+ after a failure or a killed process). */
const attempts = new WeakMap<object, number>();
export function jobAttempt(context: object): number {
  return attempts.get(context) ?? 1;
}

/** Jobs of one repository run one at a time, in delivery order; others run side by side. */
export function orderingKey(job: Job): string {
  const p = job.payload as { repository?: { full_name?: string }; installation?: { id?: number } } | null;
  return p?.repository?.full_name ?? `installation:${p?.installation?.id ?? job.installationId ?? "app"}`;
}

/**
 * The worker behind the durable queue: webhook handlers only persist the delivery (fast, well
 * within GitHub's 10-second timeout); this runs it with an Octokit for its installation, retries a
 * failed job (up to the queue's attempts), and on start picks up what a killed process left.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler[]>();
  private readonly busy = new Set<string>();
  private active = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly app: Probot,
    private readonly queue: JobQueue,
    private readonly concurrency = Number(process.env.JOB_CONCURRENCY ?? 4),
    private readonly backoffMs = 30_000,
  ) {}

  /** `key` is "event" or "event.action". */
  register(key: string, fn: JobHandler): void {
    this.handlers.set(key, [...(this.handlers.get(key) ?? []), fn]);
  }

  handlersFor(event: string, action: string | null): JobHandler[] {
    return [...(this.handlers.get(event) ?? []), ...(action ? (this.handlers.get(`${event}.${action}`) ?? []) : [])];
  }

  /** Start workers for whatever is pending. */
  kick(): void {
    while (!this.stopped && this.active < this.concurrency) {
      const job = this.queue.claim((j) => !this.busy.has(orderingKey(j)));
      if (!job) break;
      this.active++;
      const key = orderingKey(job);
      this.busy.add(key);
      void this.run(job).finally(() => {
        this.busy.delete(key);
        this.active--;
        this.kick();
        if (this.active === 0) this.flush();
      });
    }
    if (this.active === 0) this.flush();
  }

  /** Resolves when no job is running (and none could start). */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
  }

  private flush(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private async run(job: Job): Promise<void> {
    const log = this.app.log.child({ delivery: job.id, event: job.action ? `${job.event}.${job.action}` : job.event });
    try {
      const octokit = job.installationId !== null ? await this.app.auth(job.installationId) : await this.app.auth();
      const context = new Context({ id: job.id, name: job.event, payload: job.payload } as never, octokit, log);
      attempts.set(context, job.attempts);
      for (const fn of this.handlersFor(job.event, job.action)) await fn(context);
      this.queue.complete(job.id);
    } catch (err) {
      const outcome = this.queue.fail(job.id, (err as Error).message, this.backoffMs);
      if (outcome === "failed") {
        log.error({ err: (err as Error).message, attempt: job.attempts }, "job failed for good");
      } else {
        log.warn({ err: (err as Error).message, attempt: job.attempts, retryAt: outcome.retryAt }, "job failed; it will be retried");
        setTimeout(() => this.kick(), Math.max(0, outcome.retryAt.getTime() - Date.now()) + 10).unref();
      }
    }
  }
}
