import { describe, expect, test } from "@jest/globals";
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { example } from "../helpers/examples.js";
import { orgSmall } from "../fixtures/worlds/org-small.js";
import { useHarness } from "./harness.js";

/** Names nobody should ever find on disk after the app read the hostile archive. */
const PLANTED = `scorecard-e2e-escape-${process.pid}.txt`;

describe("e2e: a repository whose tarball holds ../ and absolute paths and a symlink", () => {
  const world = structuredClone(orgSmall);
  const bare = world.repositories.find((r) => r.name === "sandcastle")!;
  const root = "acme-sandcastle-0000000";
  bare.tarball = [
    { name: `${root}/README.md`, content: "# sandcastle\n" },
    { name: `${root}/../../../../../../tmp/${PLANTED}`, content: "escaped\n" },
    { name: `/tmp/abs-${PLANTED}`, content: "absolute\n" },
    { name: `${root}/.github/workflows/link.yml`, type: "2", linkname: "/etc/passwd" },
    { name: `${root}/SECURITY.md`, type: "2", linkname: "../../../../../../etc/shadow" },
  ];

  const h = useHarness(world);

  test("the repository is scored, the app survives, and nothing is written outside", async () => {
    const payload = example<Record<string, unknown>>("installation_repositories", "added", 1);
    payload.installation = { ...(payload.installation as object), id: 1, account: { login: "acme", id: 9001, type: "Organization" } };
    payload.repositories_added = [{ id: bare.id, name: bare.name, full_name: "acme/sandcastle", private: false }];
    expect([200, 202]).toContain((await h.sendWebhook("installation_repositories", payload)).status);
    await h.waitForRequest((r) => r.repo === "acme/sandcastle" && r.status === 200 && /tarball|trees|contents/.test(r.path), "the files of acme/sandcastle");
    await h.settle();
    // the archive was read (else this test proves nothing: the app must have changed how it reads files)
    expect(h.fake.log({ repo: "acme/sandcastle", route: "/repos/:owner/:repo/tarball/*ref" }).map((r) => r.status)).toContain(200);

    const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
    try {
      const scans = db.prepare("SELECT r.full_name AS fullName FROM scans s JOIN repositories r ON r.id = s.repository_id").all();
      expect(scans).toEqual([{ fullName: "acme/sandcastle" }]);
    } finally {
      db.close();
    }
    expect(await fetchStatus(`${h.appUrl}/ping`)).toBe(200); // still serving
    for (const p of [path.join(tmpdir(), PLANTED), `/tmp/${PLANTED}`, `/tmp/abs-${PLANTED}`, path.join(h.dir, "..", PLANTED)]) {
      expect({ p, exists: existsSync(p) }).toEqual({ p, exists: false });
    }
  });
});

function fetchStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}
