/** Entry point of `npm start`: Probot's runner with our Octokit (rate-limit policy) and logger. */
import { getTransformStream } from "@probot/pino";
import pino from "pino";
import { run } from "probot";
import app from "./index.js";
import { ScorecardOctokit } from "./github-client.js";

/**
 * Probot's own logger, plus redaction: a refused webhook (bad signature) is logged by Probot with
 * its payload, which must not reach the logs, nor anything that looks like a credential.
 */
export const REDACT_PATHS = [
  "event.payload",
  "err.event.payload",
  "errors[*].event.payload",
  "err.errors[*].event.payload",
  "err.aggregateErrors[*].event.payload",
  "err.event.event.payload",
  "payload",
  "req.headers.authorization",
  "headers.authorization",
  "request.headers.authorization",
  "err.request.headers.authorization",
];

const transform = await getTransformStream({
  logFormat: process.env.LOG_FORMAT as "json" | "pretty" | undefined,
  logLevelInString: process.env.LOG_LEVEL_IN_STRING === "true",
  sentryDsn: process.env.SENTRY_DSN,
});
transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
const log = pino({ level: process.env.LOG_LEVEL ?? "info", name: "probot", redact: { paths: REDACT_PATHS, censor: "[not logged]" } }, transform);

await run(app, { Octokit: ScorecardOctokit, log });
