import { describe, expect, test } from "@jest/globals";
import { example } from "../helpers/examples.js";
import { orgSmall } from "../fixtures/worlds/org-small.js";
import { useHarness } from "./harness.js";

/** `probot run ./lib/index.js` (Probot's own runner and Octokit) must serve the same app as `npm start`. */
describe("e2e: the app under `probot run ./lib/index.js`", () => {

  const h = useHarness(orgSmall, { entry: "probot" });

  test("signed deliveries are accepted and acted on; a wrong signature gets 400", async () => {
    const payload = example<Record<string, unknown>>("installation_repositories", "added", 1);
    payload.installation = { ...(payload.installation as object), id: 1, account: { login: "acme", id: 9001, type: "Organization" } };
    payload.repositories_added = [{ id: 102, name: "sandcastle", full_name: "acme/sandcastle", private: false }];
    expect((await h.sendWebhook("installation_repositories", payload, { secret: "wrong" })).status).toBe(400);
    expect(h.fake.requests).toHaveLength(0);
    expect([200, 202]).toContain((await h.sendWebhook("installation_repositories", payload)).status);
    await h.waitForRequest((r) => r.repo === "acme/sandcastle" && r.status === 200 && /tarball|trees|contents/.test(r.path), "the files of acme/sandcastle");
    await h.settle();
    // only the added repository is scored
    expect(Object.keys(h.fake.countByRepo()).filter((r) => r.startsWith("acme/") && r !== "acme/.github")).toEqual(["acme/sandcastle"]);
  });
});
