import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { createHmac } from "node:crypto";
import { Probot, Server } from "probot";
import { createApp } from "../../src/index.js";
import { Store } from "../../src/store/store.js";
import { freePort, post } from "../helpers/http.js";
import { privateKey } from "../helpers/probot.js";

describe("webhook signature", () => {
  test("a delivery with a bad or missing signature is refused; a good one is accepted", async () => {
    nock.restore(); // real loopback HTTP here: no interception at all
    const store = new Store(":memory:");
    const port = await freePort();
    const server = new Server({ Probot: Probot.defaults({ appId: 1, privateKey, secret: "right-secret", logLevel: "fatal" }), port, host: "127.0.0.1" });
    await server.load(createApp({ store }));
    await server.start();
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const url = `http://127.0.0.1:${port}/api/github/webhooks`;
    const headers = (sig?: string): Record<string, string> => ({
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": "x1",
      ...(sig ? { "x-hub-signature-256": sig } : {}),
    });
    const sign = (secret: string, text: string) => "sha256=" + createHmac("sha256", secret).update(text).digest("hex");
    try {
      expect((await post(url, headers(sign("wrong-secret", body)), body)).status).toBe(400);
      expect((await post(url, headers(), body)).status).toBe(400);
      // signed body replayed with an altered payload
      expect((await post(url, headers(sign("right-secret", body)), body.replace("awesome", "evil"))).status).toBe(400);
      expect((await post(url, headers(sign("right-secret", body)), body)).status).toBe(200);
    } finally {
      await server.stop();
      store.close();
    }
  });
});
