import { afterAll } from "@jest/globals";
import nock from "nock";

// An interceptor of one ESM test file must not leak into the next one in the same worker.
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
