/**
 * Fault injection: "the next N requests matching a pattern" answer an error, a rate limit, slowly,
 * or with a truncated body. Patterns are matched against "METHOD /path" (no /api/v3 prefix, no
 * query): a RegExp, or a string glob where `*` is one path segment (or a method) and `**` anything.
 * A string without a method ("/repos/**") matches every method.
 */

export type FaultAnswer =
  | { kind: "status"; status: number; message?: string }
  | { kind: "rateLimit"; status: 403 | 429; retryAfter: number; message: string }
  | { kind: "truncate"; mode: "body" | "connection" };

export interface FaultRule {
  pattern: RegExp;
  label: string;
  /** requests still to affect; Infinity for "until cleared" */
  left: number;
  answer?: FaultAnswer;
  delayMs: number;
  hits: number;
}

export const SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

export function globToRegExp(glob: string): RegExp {
  const withMethod = /^[A-Z*]+ /.test(glob) ? glob : `* ${glob}`;
  const src = withMethod
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/ ]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${src}$`);
}

export class Faults {
  readonly rules: FaultRule[] = [];

  private add(match: string | RegExp, times: number, answer: FaultAnswer | undefined, delayMs = 0): FaultRule {
    const pattern = typeof match === "string" ? globToRegExp(match) : match;
    const rule: FaultRule = { pattern, label: String(match), left: times, answer, delayMs, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** The next `times` matching requests answer `status` (500, 502, 503, 403, 404…). */
  fail(match: string | RegExp, status: number, times = 1, message?: string): FaultRule {
    return this.add(match, times, { kind: "status", status, ...(message ? { message } : {}) });
  }

  /** GitHub's secondary rate limit: 403, `retry-after`, the message Octokit's throttling recognises. */
  secondaryRateLimit(match: string | RegExp, times = 1, retryAfter = 1): FaultRule {
    return this.add(match, times, { kind: "rateLimit", status: 403, retryAfter, message: SECONDARY_MESSAGE });
  }

  /** 429 with `retry-after` (GitHub uses it for secondary limits too, with the same message). */
  tooManyRequests(match: string | RegExp, times = 1, retryAfter = 1, message = SECONDARY_MESSAGE): FaultRule {
    return this.add(match, times, { kind: "rateLimit", status: 429, retryAfter, message });
  }

  /** Answer normally, `ms` later. */
  slow(match: string | RegExp, ms: number, times = Infinity): FaultRule {
    return this.add(match, times, undefined, ms);
  }

  /**
   * A 200 whose JSON is cut in half: `body` sends a consistent shorter body (the client sees
   * invalid JSON), `connection` announces the full length and drops the socket midway.
   */
  truncate(match: string | RegExp, times = 1, mode: "body" | "connection" = "body"): FaultRule {
    return this.add(match, times, { kind: "truncate", mode });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Consume the rules matching this request: the total delay and the first answer, if any. */
  take(method: string, path: string): { delayMs: number; answer?: FaultAnswer; labels: string[] } {
    const key = `${method} ${path}`;
    let delayMs = 0;
    let answer: FaultAnswer | undefined;
    const labels: string[] = [];
    for (const rule of this.rules) {
      if (rule.left <= 0 || !rule.pattern.test(key)) continue;
      if (rule.answer && answer) continue; // one answer per request; the next rule waits its turn
      rule.left--;
      rule.hits++;
      delayMs += rule.delayMs;
      if (rule.answer) answer = rule.answer;
      labels.push(rule.label);
    }
    return { delayMs, labels, ...(answer ? { answer } : {}) };
  }
}
