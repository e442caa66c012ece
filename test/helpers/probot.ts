import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import type { ApplicationFunction } from "probot";

export const privateKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

/** A Probot with retries and throttling off, so nock sees exactly one request per call. */
export async function testProbot(app: ApplicationFunction, secret = "test-secret"): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey,
    secret,
    logLevel: (process.env.TEST_LOG_LEVEL as "fatal") ?? "fatal",
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
  });
  await probot.load(app);
  return probot;
}
