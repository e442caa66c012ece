import { describe, expect, test } from "@jest/globals";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { readSnapshot, stripRoot } from "../../src/facts/github/tarball.js";
import { makeTarball } from "../helpers/nock-github.js";

async function rawTar(entries: { name: string; type?: "file" | "symlink" | "directory"; linkname?: string; body?: string | Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on("end", () => r()));
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? "file", linkname: e.linkname }, e.body ?? "");
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

describe("tarball snapshot", () => {
  test("files are read under the stripped root; binaries and large files are listed but not kept", async () => {
    const tgz = await makeTarball("o-r-abc1234", {
      "SECURITY.md": "email me",
      ".github/workflows/ci.yml": "on: push",
      "bin/tool": Buffer.from([0x7f, 0x45, 0x00, 0x01]),
      "big.txt": "x".repeat(2000),
    });
    const s = await readSnapshot(Readable.from(tgz), { maxFileBytes: 1000, maxTotalBytes: 10_000 });
    expect([...s.files.keys()].sort()).toEqual([".github/workflows/ci.yml", "SECURITY.md", "big.txt", "bin/tool"]);
    expect(s.files.get("SECURITY.md")!.content!.toString()).toBe("email me");
    expect(s.files.get("bin/tool")).toMatchObject({ content: null, skipped: "binary file" });
    expect(s.files.get("big.txt")).toMatchObject({ size: 2000, content: null, skipped: "over the 1000-byte file limit" });
  });

  test("the memory budget stops keeping content, without losing paths", async () => {
    const tgz = await makeTarball("root", { a: "1".repeat(600), b: "2".repeat(600) });
    const s = await readSnapshot(Readable.from(tgz), { maxFileBytes: 1000, maxTotalBytes: 1000 });
    expect(s.files.get("a")!.content).not.toBeNull();
    expect(s.files.get("b")!.skipped).toContain("budget");
  });

  test("symlinks and paths escaping the root are refused, never followed", async () => {
    const tgz = await rawTar([
      { name: "root/ok.txt", body: "fine" },
      { name: "root/link", type: "symlink", linkname: "/etc/passwd" },
      { name: "root/../../evil.txt", body: "no" },
      { name: "/abs.txt", body: "no" },
    ]);
    const s = await readSnapshot(Readable.from(tgz));
    expect([...s.files.keys()]).toEqual(["ok.txt"]);
    expect(s.refused.map((r) => r.reason).sort()).toEqual(["link: not followed", "path escapes the repository root", "path escapes the repository root"]);
  });

  test("a truncated archive is an error, not a partial snapshot", async () => {
    const tgz = await makeTarball("root", { a: "x".repeat(5000) });
    await expect(readSnapshot(Readable.from(tgz.subarray(0, tgz.length - 20)))).rejects.toThrow();
  });

  test.each([
    ["o-r-sha/a/b.txt", "a/b.txt"],
    ["o-r-sha/", null],
    ["o-r-sha/../x", null],
    ["/etc/passwd", null],
    ["./o-r-sha/./x", "x"],
  ])("stripRoot(%s) = %s", (name, expected) => {
    expect(stripRoot(name)).toBe(expected);
  });
});
