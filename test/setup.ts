import { afterAll } from "@jest/globals";
import nock from "nock";

// tests never create the fingerprint key file next to a database in the checkout
process.env.FINGERPRINT_KEY ??= "0f".repeat(32);

// An interceptor of one ESM test file must not leak into the next one in the same worker.
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
