import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { scanBuffer, scanText } from "../../src/secrets/engine.js";
import { fingerprint, preview } from "../../src/secrets/mask.js";
import { addedLines, scanPatch } from "../../src/secrets/patch.js";
import { pathAllowlist } from "../../src/secrets/paths.js";
import { RULES } from "../../src/secrets/rules.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const key = Buffer.alloc(32, 9);
const { str, pem } = fakes(11);
const ghToken = () => "gh" + "p_" + str(36, ALPHA.b62);

describe("masking and fingerprints", () => {
  test("preview shows at most 4 characters and the length", () => {
    expect(preview("abcdefghijklmnop")).toBe("abcd… (16 chars)");
    expect(preview("abcdefgh")).toBe("ab… (8 chars)");
    expect(preview("ab")).toBe("… (2 chars)");
  });

  test("property: a preview reveals at most 4 characters and never more than a third", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (s) => {
        const shown = preview(s).split("… (")[0]!;
        expect(Array.from(shown).length).toBeLessThanOrEqual(Math.min(4, Math.floor(Array.from(s).length / 3)));
        expect(s.startsWith(shown)).toBe(true);
      }),
    );
  });

  test("fingerprints are keyed, stable and reveal nothing of the value", () => {
    const t = ghToken();
    expect(fingerprint(key, t)).toBe(fingerprint(key, t));
    expect(fingerprint(key, t)).not.toBe(fingerprint(Buffer.alloc(32, 1), t));
    expect(fingerprint(key, t)).toMatch(/^[0-9a-f]{32}$/);
  });

  test("a finding carries no more of the secret than its first 4 characters, in any field", () => {
    const secrets = [ghToken(), "AK" + "IA" + str(16, ALPHA.b32), pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1600)];
    for (const s of secrets) {
      const found = scanText("a.txt", `x = ${s}\n`, { key }).findings;
      expect(found).toHaveLength(1);
      const json = JSON.stringify(found);
      const body = s.replace(/-----[A-Z ]+-----|\s/g, "");
      for (let i = 0; i + 8 <= body.length; i += 4) expect(json).not.toContain(body.slice(i, i + 8));
    }
  });

  test("the same secret in two files has the same fingerprint; PEM line breaks do not matter", () => {
    const k = pem("EC PRIVATE KEY", "MHcCAQEEI", 164);
    const a = scanText("a.pem", k, { key }).findings[0]!;
    const b = scanText("b.json", JSON.stringify({ k }), { key }).findings[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});

describe("positions, suppressions and allowlists", () => {
  test("line and column (1-based, UTF-16 columns after multi-byte characters)", () => {
    const t = ghToken();
    const f = scanText("a.js", `// ünïcödé\nconst é = "${t}";\n`, { key }).findings[0]!;
    expect([f.line, f.column]).toEqual([2, 12]);
  });

  test("inline suppression with a reason is reported, not hidden", () => {
    const t = ghToken();
    const f = scanText("a.js", `const t = "${t}"; // scorecard-bot:allow-secret revoked test token\n`, { key }).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.suppressed).toEqual({ reason: "revoked test token" });
  });

  test("suppression on the line above covers a PEM block; elsewhere it does not", () => {
    const k = pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1600);
    expect(scanText("a", `# scorecard-bot:allow-secret fixture key\n${k}\n`, { key }).findings[0]!.suppressed).toEqual({ reason: "fixture key" });
    expect(scanText("a", `# scorecard-bot:allow-secret fixture key\n\n${k}\n`, { key }).findings[0]!.suppressed).toBeNull();
  });

  test("a suppression without a reason says so; a reason never repeats the secret", () => {
    const t = ghToken();
    expect(scanText("a", `t = ${t} # scorecard-bot:allow-secret\n`, { key }).findings[0]!.suppressed).toEqual({ reason: "(no reason given)" });
    const r = scanText("a", `t = ${t} # scorecard-bot:allow-secret because ${t}\n`, { key }).findings[0]!;
    expect(JSON.stringify(r)).not.toContain(t.slice(4));
  });

  test.each([
    [["test/fixtures/**"], "test/fixtures/a/b.txt", true],
    [["test/fixtures/**"], "src/test/fixtures/a.txt", false],
    [["*.pem"], "deep/dir/key.pem", true],
    [["docs/*.md"], "docs/sub/a.md", false],
    [["**/testdata/**"], "pkg/x/testdata/key", true],
    [["{a,b}/*.env"], "b/.env", true],
    [["/root.txt"], "sub/root.txt", false],
    [[], "anything", false],
  ] as [string[], string, boolean][])("allowlist %j on %s → %s", (globs, path, allowed) => {
    expect(pathAllowlist(globs)(path) !== null).toBe(allowed);
    const r = scanText(path, `t = ${ghToken()}\n`, { key, allowPath: pathAllowlist(globs) });
    expect(r.skipped !== null).toBe(allowed);
    expect(r.findings.length).toBe(allowed ? 0 : 1);
  });

  test("a hostile glob compiles to a linear-time matcher", () => {
    const allow = pathAllowlist(["*".repeat(50) + "a{" + "b,".repeat(200) + "c}"]);
    const t = Date.now();
    expect(allow("x".repeat(100_000))).toBeNull();
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe("caps and binary files", () => {
  test("files over the size cap are skipped with the reason", () => {
    const r = scanText("big.txt", `t = ${ghToken()}\n` + "x".repeat(2000), { key, maxFileBytes: 1000 });
    expect(r.findings).toEqual([]);
    expect(r.skipped).toMatch(/over the 1000-byte limit/);
  });

  test("lines over the line cap are not scanned and are reported; other lines are", () => {
    const t1 = ghToken();
    const t2 = ghToken();
    const r = scanText("min.js", `a = "${t1}" ${"y".repeat(5000)}\nb = "${t2}"\n`, { key, maxLineBytes: 1000 });
    expect(r.findings.map((f) => f.line)).toEqual([2]);
    expect(r.partial).toMatch(/line 1 over the 1000-byte line limit/);
  });

  test.each([
    ["NUL bytes", Buffer.concat([Buffer.from(`t = ${"gh" + "p_"}${str(36, ALPHA.b62)}\n`), Buffer.from([0, 1, 2, 0])])],
    ["invalid UTF-8", Buffer.from(Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? 0xff : 0x41)))],
  ])("binary file (%s) is skipped", (_n, buf) => {
    const r = scanBuffer("x.bin", buf, { key });
    expect(r.findings).toEqual([]);
    expect(r.skipped).toMatch(/^binary file/);
  });

  test("text with a few odd bytes is still scanned", () => {
    const buf = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(` t = ${ghToken()}\n`)]);
    expect(scanBuffer("latin1.txt", buf, { key }).findings).toHaveLength(1);
  });
});

describe("hostile input finishes (RE2: linear time)", () => {
  // For each rule, a 1 MB line made of the characters its pattern loops on, around its keywords.
  const hostile = (seedText: string) => (seedText + " ").repeat(Math.ceil(1_000_000 / (seedText.length + 1))).slice(0, 1_000_000);
  const prefixes: Record<string, string> = {
    "private-key": "-----BEGIN RSA PRIVATE KEY----- Proc-Type: a\\n",
    "generic-secret": "password=password:secret=",
    "database-url-password": "postgres://a:b@postgres://:",
    jwt: "eyJ.eyJ.eyJa",
    "slack-token": "xoxb-1-1-1-",
    "openai-api-key": "sk-proj-T3BlbkFJ", // scorecard-bot:allow-secret hostile-input prefix, not a key
    "gcp-service-account": 'service_account "private_key": "-----BEGIN PRIVATE KEY-----',
  };
  test.each(RULES.map((r) => [r.id, prefixes[r.id] ?? `${r.keywords[0]!}${r.keywords[0]!}=`]))("%s", (_id, p) => {
    const t = Date.now();
    const r = scanText("hostile.txt", hostile(p), { key, maxLineBytes: 2_000_000 });
    expect(r.skipped).toBeNull();
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  test("a 1 MB line of generic names whose values run to the line's end (token=token=…)", () => {
    // a match starts at every "token", and each runs to the end of the line: a search per match
    // (RE2's pass) was quadratic, 11.5 s for 1.8 MB
    const t = Date.now();
    const r = scanText("h", "token=".repeat(170_000) + "\n" + "pwd".repeat(330_000), { key, maxLineBytes: 2_000_000 });
    expect(r.skipped).toBeNull();
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  test("a 1 MB run of one rule's alphabet without separators", () => {
    const t = Date.now();
    scanText("h", "AKIA" + "A".repeat(1_000_000) + "\n" + "ghp_" + "a".repeat(1_000_000), { key, maxLineBytes: 3_000_000, maxFileBytes: 3_000_000 });
    expect(Date.now() - t).toBeLessThan(10_000);
  });
});

describe("patches: only added lines, new-file line numbers", () => {
  const t = ghToken();
  const patch = [
    "@@ -1,3 +1,4 @@",
    " context line",
    `-old = "${ghToken()}"`,
    "+added = 1",
    `+token = "${t}"`,
    " more context",
    "@@ -20,2 +21,3 @@",
    " ctx",
    `+again = "${ghToken()}" # scorecard-bot:allow-secret test value`,
    "\\ No newline at end of file",
  ].join("\n");

  test("added lines and their numbers", () => {
    const a = addedLines(patch);
    expect(a.lines).toEqual([2, 3, 0, 22]);
  });

  test("removed lines are not scanned; line numbers are the new file's", () => {
    const r = scanPatch("a.py", patch, { key });
    expect(r.findings.map((f) => [f.line, f.suppressed !== null])).toEqual([
      [3, false],
      [22, true],
    ]);
  });

  test("a private key added whole in one hunk is found at its first line", () => {
    const k = pem("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", 400).split("\n");
    const p = [`@@ -0,0 +5,${k.length} @@`, ...k.map((l) => "+" + l)].join("\n");
    expect(scanPatch("id_ed25519", p, { key }).findings.map((f) => [f.ruleId, f.line])).toEqual([["private-key", 5]]);
  });

  test("an allowlisted path is skipped and reported", () => {
    expect(scanPatch("test/fixtures/a.py", patch, { key, allowPath: pathAllowlist(["test/fixtures/**"]) }).skipped).toMatch(/allowlisted/);
  });
});
