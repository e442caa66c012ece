import { describe, expect, test } from "@jest/globals";
import { TtlMemo } from "../../src/facts/ttl-memo.js";

describe("TtlMemo", () => {
  test("one read per key (any case) within the TTL; failures and forget() ask again", async () => {
    let reads = 0;
    const m = new TtlMemo<string>(60_000, (v) => v === "bad");
    const read = (v: string) => async () => {
      reads++;
      return v;
    };
    expect(await m.get("Acme", read("a"))).toBe("a");
    expect(await m.get("acme", read("b"))).toBe("a");
    expect(reads).toBe(1);
    await m.get("other", read("bad"));
    await new Promise((r) => setImmediate(r));
    expect(await m.get("other", read("good"))).toBe("good");
    m.forget("ACME");
    expect(await m.get("acme", read("c"))).toBe("c");
    expect(reads).toBe(4);
  });
});
