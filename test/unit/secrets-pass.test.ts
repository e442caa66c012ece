import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { binaryReason } from "../../src/secrets/binary.js";
import { withoutCaptures } from "../../src/secrets/compile.js";
import { scanText } from "../../src/secrets/engine.js";
import { shannonEntropy } from "../../src/secrets/placeholders.js";
import type { Rule } from "../../src/secrets/rule.js";
import { RULES } from "../../src/secrets/rules.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

// The keyword pass folds the generic rule into the prefilter. The same rules without the fold
// take the plain path (RE2.Set prefilter, then each rule's own run): both must find the same.
// Same for rules that skip their keywords (keywordsImplied): with them, they must find the same.
// So are rules run over their keywords' lines only (onKeywordLines).
const UNFOLDED: readonly Rule[] = RULES.map((r) => ({ ...r, common: undefined, keywordsImplied: undefined, onKeywordLines: undefined }));
const key = Buffer.alloc(32, 3);
const { str, pem } = fakes(5);

const scan = (text: string, rules: readonly Rule[]) =>
  scanText("f.txt", text, { key, rules }).findings.map((f) => `${f.ruleId}@${f.line}:${f.column}:${f.fingerprint}${f.suppressed ? " (suppressed)" : ""}`);

const same = (text: string) => {
  const folded = scan(text, RULES);
  expect(folded).toEqual(scan(text, UNFOLDED));
  return folded;
};

describe("the keyword pass finds what a prefilter and a run per rule find", () => {
  test("the generic rule is folded; the URL rule runs on every file", () => {
    expect(RULES.filter((r) => r.common).map((r) => r.id)).toEqual(["generic-secret"]);
    expect(RULES.filter((r) => r.keywordsImplied).map((r) => r.id)).toEqual(["database-url-password"]);
  });

  test("keywords of two rules at one offset both count (AccountKey= and accountkey)", () => {
    const k = str(86, ALPHA.b64) + "==";
    expect(same(`conn = "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=${k};EndpointSuffix=core.windows.net"\n`)).not.toEqual([]);
    expect(same(`AccountKey = "${k}"\n`)).not.toEqual([]);
  });

  test("a generic match whose name holds none of the rule's keywords needs one elsewhere in the file", () => {
    const v = str(12, ALPHA.b62) + "7Q";
    // "access.key" is in the rule's regex but not among its keywords
    expect(same(`access.key = "${v}"\n`)).toEqual([]);
    expect(same(`access.key = "${v}"\n# token\n`)).toHaveLength(1);
  });

  test("a generic match inside an earlier one's value is not a new finding", () => {
    // the first match's value names itself ("…token…") and is no secret; a run of the rule's own
    // regex resumes after it, so the "token=…" inside is never a match of its own
    expect(same(`secret=xtoken=${str(20, ALPHA.b62)}9\n`)).toEqual([]);
    expect(same(`password_token_secret = "${str(20, ALPHA.b62)}9"\nsecret_password: '${str(24, ALPHA.b62)}1'\n`)).toHaveLength(2);
  });

  test("a keyword where the generic rule also matches still enables its rule", () => {
    // "secret_access_key" enables the AWS rule; the generic rule matches at the same offset
    const v = "wJ" + str(37, ALPHA.b64) + "7";
    expect(same(`secret_access_key = "${v}"\n`).map((f) => f.split("@")[0])).toEqual(["aws-secret-access-key"]);
  });

  test("a URL with a password is found by its scheme", () => {
    expect(same(`u = "ftp://deploy:${str(14, ALPHA.b62)}7@files.corp.io/x"\nv = "xyz://a:${str(14, ALPHA.b62)}7@h.io"\n`)).toHaveLength(1);
  });

  test("rules run over their keywords' lines find matches that start before the keyword, at the file's edges and after a PEM body", () => {
    const sas = `https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${str(43, ALPHA.b64)}%3D`;
    const entra = `${str(3, ALPHA.b62)}8Q~${str(32, ALPHA.b62)}`;
    const gh = () => "gh" + "p_" + str(36, ALPHA.b62);
    const text = [gh(), `url = "${sas}"`, `secret: ${entra}`, pem("RSA PRIVATE KEY", "MIIE", 1600), `-----END OF NOTES----- ${gh()}`, pem("EC PRIVATE KEY", "MHcC", 160), `last = ${gh()}`].join("\n");
    const ids = same(text).map((f) => f.split("@")[0]);
    expect(ids).toEqual(["github-token", "azure-sas-token", "azure-ad-client-secret", "private-key", "github-token", "private-key", "github-token"]);
  });

  test("a file with thousands of keywords falls back to the plain path and finds the same", () => {
    const noise = "token password secret http aws key- SK eyJ\n".repeat(1000);
    const found = same(`${noise}t = "${"gh" + "p_" + str(36, ALPHA.b62)}"\napi_key = "${str(32, ALPHA.b62)}1"\n${noise}`);
    expect(found).toHaveLength(2);
  });

  test("property: random mixes of keywords, separators and token-like values", () => {
    const keywords = [...new Set(RULES.flatMap((r) => r.keywords)), "private-key", "ſecret", "TOKEN", "Api.Key", "://", "@", "POSTGRES", "git+https", "jdbc:mysql", "sftp", "xhttp", "-----BEGIN RSA PRIVATE KEY-----\n"];
    const seps = [" = ", ": ", '="', "='", "\n", " ", "_", ".", "-", '", "', "(", ">", "=>", ":=", "\t"];
    const piece = fc.oneof(
      fc.constantFrom(...keywords),
      fc.constantFrom(...seps),
      fc.constantFrom(...Object.values(ALPHA)).chain((a) => fc.integer({ min: 1, max: 90 }).map((n) => str(n, a))),
      fc.constant(pem("RSA PRIVATE KEY", "MIIE", 900)),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), (parts) => {
        same(parts.join(""));
      }),
      { numRuns: 400 },
    );
  });
});

describe("the pass runs the folded rule's regex without its groups", () => {
  test("capturing groups become non-capturing; escapes, classes and other groups are kept", () => {
    expect(withoutCaptures(String.raw`(a|b)(?:c)(?P<n>d)(?<m>e)(?i:f)[(][^]()]\(g\)`)).toBe(String.raw`(?:a|b)(?:c)(?:d)(?:e)(?i:f)[(][^]()]\(g\)`);
  });
});

describe("rules whose long counted repetitions became a length check accept the same matches", () => {
  // the patterns and allowlists as they were, with RE2's bounded repetitions
  const weak = new Set(["password", "pass", "passwd", "secret", "postgres", "root", "admin", "mysql", "guest", "test", "user", "pwd"]);
  const before: Record<string, Pick<Rule, "pattern" | "allow">> = {
    "github-token": { pattern: "(gh[pousr]_[A-Za-z0-9]{36,251})(?:[^A-Za-z0-9]|$)", allow: undefined },
    "stripe-live-key": { pattern: "(sk_live_[A-Za-z0-9]{20,247})(?:[^A-Za-z0-9]|$)", allow: undefined },
    "google-oauth-access-token": { pattern: "(ya29\\.[A-Za-z0-9_-]{30,1000})(?:[^A-Za-z0-9_-]|$)", allow: undefined },
    "bearer-token": {
      pattern: "(?i)bearer[ \\t]+([A-Za-z0-9._~+/-]{20,500}=*)(?:[^A-Za-z0-9._~+/=-]|$)",
      allow: (t) => !/\d/.test(t) || !/[A-Za-z]/.test(t),
    },
    "database-url-password": {
      pattern: "://([^\\s:@/'\"`<>]{0,100}):([^\\s@/'\"`<>]{3,200})@([^\\s/'\"`<>?#:]{1,200})",
      allow: (password, g, pre) => {
        const user = g[1] ?? "";
        const host = (g[3] ?? "").toLowerCase();
        const mixed = password.length >= 16 && /[a-z]/.test(password) && /[A-Z]/.test(password);
        if (/https?$/i.test(pre) && (password.length < 12 || shannonEntropy(password) < 3.3 || !(/\d/.test(password) || mixed))) return true;
        return password === user || weak.has(password.toLowerCase()) || host.includes("example") || /^[:*]+$/.test(password) || /^\d{1,5}$/.test(password);
      },
    },
  };
  const run = str;
  const around = (n: number) => [n - 2, n - 1, n, n + 1, n + 2, n + 40];
  const texts: Record<string, string[]> = {
    "github-token": [...around(36), ...around(251)].flatMap((n) => ["gh" + "p_" + run(n, ALPHA.b62) + "9", "gh" + "o_" + run(n, ALPHA.b62) + "1x"].map((t) => `a ${t}\n`)),
    "stripe-live-key": [...around(20), ...around(247)].map((n) => `k = sk_live_${run(n, ALPHA.b62)}7;`),
    "google-oauth-access-token": [...around(30), ...around(1000)].map((n) => `ya29.${run(n, ALPHA.url)}8`),
    "bearer-token": [...around(20), ...around(500)].flatMap((n) => [`Authorization: Bearer ${run(n, ALPHA.b64)}9==`, `bearer\t${run(n, ALPHA.b62)}7 x`]),
    "database-url-password": [
      ...around(100).map((n) => `postgres://${run(n, ALPHA.lower)}:${str(14, ALPHA.b62)}7@db.internal/x`),
      ...[...around(3), ...around(200)].map((n) => `mysql://app:${run(n, ALPHA.b62)}3@db/x`),
      ...[190, 195, 199, 200, 201, 205].map((n) => `redis://u:${str(16, ALPHA.b62)}5@${run(n, ALPHA.lower)}example.com`),
    ],
  };
  test.each(Object.keys(before))("%s", (id) => {
    const rule = RULES.find((r) => r.id === id)!;
    const old: Rule = { ...rule, ...before[id]!, onKeywordLines: undefined, keywordsImplied: undefined };
    const now: Rule = { ...rule, onKeywordLines: undefined, keywordsImplied: undefined };
    let found = 0;
    for (const t of texts[id]!) {
      const a = scan(t, [old]);
      expect(scan(t, [now])).toEqual(a);
      found += a.length;
    }
    // the cases reach both sides of the bounds
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(texts[id]!.length);
  });
});


describe("rules whose bounds moved from the regex into `within` accept the same matches", () => {
  // the patterns as they were, bounded in RE2
  const generic = RULES.find((r) => r.id === "generic-secret")!.pattern.replace("[\\w.-]*)", "[\\w.-]{0,30})");
  const before: Record<string, string> = {
    "gitlab-token": "((?:glpat|gldt|glrt|glptt|glft|glsoat|gloas|glcbt|glimt|glagent|glwt|glffct)-[A-Za-z0-9_-]{20,80}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?)(?:[^A-Za-z0-9_-]|$)",
    "slack-token": "((?:xox[abposre]|xoxe\\.xox[bp])-(?:\\d+-){1,4}[A-Za-z0-9-]{10,200}|xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{32,64})(?:[^A-Za-z0-9_-]|$)",
    "openai-api-key": "(sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200})(?:[^A-Za-z0-9_-]|$)",
    "anthropic-api-key": "(sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$)",
    "generic-secret": generic,
    "slack-webhook": "(?i)(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/_-]{30,120})",
    "azure-sas-token": "sv=\\d{4}-\\d{2}-\\d{2}&[^\\s\"'<>]*sig=([A-Za-z0-9%+/]{40,90})",
    "npmrc-auth-token": "(?m)(?:^[ \\t]*|:)_(?:authToken|auth|password)[ \\t]*=[ \\t]*[\"']?([^\\s\"'$]{20,200})",
    "curl-user-password": `(?:^|[ \\t])(?:-u|--user)(?:[ \\t]+|=)["']?([^\\s:"'@]{1,100}):([^\\s"']{8,200})`,
  };
  const around = (n: number) => [n - 2, n - 1, n, n + 1, n + 2, n + 40];
  const url = (n: number) => str(n, ALPHA.url);
  const texts: Record<string, string[]> = {
    "gitlab-token": [...around(20), ...around(80)].flatMap((n) => [`t = glpat-${url(n)}x`, `gldt-${url(n)}.ab.cdefghijk;`, `x glrt-${url(n)}.a`]),
    "slack-token": [
      ...[...around(10), ...around(200)].flatMap((n) => [`xoxb-1234-5678-${str(n, ALPHA.b62)}`, `xoxp-1-2-3-4-5-${str(n, ALPHA.b62)} `, `xoxe.xoxb-1-${str(n, ALPHA.b62)}`]),
      // fewer digit groups leave a longer rest: a rest over 200 after four groups is refused, under 10 after two is not
      `xoxb-1-2-3-4-${str(201, ALPHA.b62)}`,
      `xoxb-11-22-333333333-${str(3, ALPHA.b62)}`,
      ...[...around(32), ...around(64)].map((n) => `xapp-1-A1B2C3D4E5-1234567890-${str(n, ALPHA.hex)} z`),
    ],
    "openai-api-key": [...around(16), ...around(200)].flatMap((n) => [
      `k = "sk-${url(n)}T3BlbkFJ${url(20)}"`,
      `k = 'sk-svcacct-${url(20)}T3BlbkFJ${url(n)}'`,
      `sk-proj-${url(n)}T3BlbkFJ${url(n)}`,
      `sk-proj-${url(n - 5)}T3BlbkFJ${url(24)}`,
      `sk-None-${url(30)}T3BlbkFJ${url(n)}T3BlbkFJ${url(17)}`,
    ]),
    "anthropic-api-key": [...around(80), ...around(120)].map((n) => `ANTHROPIC_API_KEY=sk-ant-api03-${url(n)}AA`),
    "generic-secret": [
      ...[...around(30)].flatMap((n) => [
        `password${"_x".repeat(n >> 1)}${n % 2 ? "y" : ""} = "${str(18, ALPHA.b62)}7"`,
        `credentials${"a".repeat(n)}: ${str(18, ALPHA.b62)}4`,
        `PAſSWORD${"b".repeat(n)}: ${str(18, ALPHA.b62)}4`,
        // a keyword later in a long name starts the match there
        `x_password_${"c".repeat(n)}_token_${"d".repeat(n >> 2)} = "${str(18, ALPHA.b62)}9"`,
      ]),
      `api-key${"e".repeat(200)}="${str(20, ALPHA.b62)}1"`,
    ],
    // no end is required: a longer run is cut at the bound (by code points: K and ſ fold into the class)
    "slack-webhook": [...around(30), ...around(120)].flatMap((n) => [
      `url: https://hooks.slack.com/services/${str(n, ALPHA.b64)}`,
      `HOOKS.SLACK.COM/workflows/${str(n - 3, ALPHA.b62)}\u212a\u017fé${str(8, ALPHA.b62)}`,
    ]),
    "azure-sas-token": [...around(40), ...around(90)].map((n) => `?sv=2022-11-02&ss=b&sig=${str(n, ALPHA.b64)}&x=1`),
    "npmrc-auth-token": [...around(20), ...around(200)].flatMap((n) => [`//registry.npmjs.org/:_authToken=${str(n, ALPHA.b64)}`, `_auth = "${str(n - 2, ALPHA.b62)}éü${str(3, ALPHA.b62)}_auth=${str(30, ALPHA.b62)}"`]),
    // the user bounded by characters (é is two bytes), the password cut at 200
    "curl-user-password": [...around(100), ...around(8), ...around(200)].flatMap((n) => [
      `curl -u ${str(n, ALPHA.b62)}:${str(20, ALPHA.b62)}9 https://x.io`,
      `curl --user="${str(n - 3, ALPHA.b62)}é:${str(n, ALPHA.b62)}7" -X POST`,
      `curl -u admin:${str(n, ALPHA.b62)}4\ncurl -u ${str(n + 50, ALPHA.b62)}:${str(12, ALPHA.b62)}3 -u me:${str(n, ALPHA.b62)}8`,
    ]),
  };
  test.each(Object.keys(before))("%s", (id) => {
    const rule = RULES.find((r) => r.id === id)!;
    const old: Rule = { ...rule, pattern: before[id]!, within: undefined, clip: undefined, onKeywordLines: undefined };
    const now: Rule = { ...rule, onKeywordLines: undefined };
    let found = 0;
    for (const t of texts[id]!) {
      const a = scan(t, [old]);
      expect(scan(t, [now])).toEqual(a);
      if (a.length > 0) found++;
    }
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(texts[id]!.length);
  });

  test("the rules run over their keyword lines find the same", () => {
    for (const id of ["gitlab-token", "slack-token", "openai-api-key", "anthropic-api-key", "slack-webhook", "azure-sas-token"]) {
      for (const t of texts[id]!) same(`${t}\nmore text\n`);
    }
  });

  test("the AWS secret key rule runs over its keyword lines: every spelling of its name is a keyword", () => {
    const k = () => `${str(19, ALPHA.b62)}7a/B+${str(16, ALPHA.b64)}`;
    for (const name of ["aws_secret", "AWS.secret-key", "secretaccess_key", "SECRET_ACCESSKEY", "secretAccessKey", "secret_access_key_id"]) {
      expect(same(`x = 1\n${name}: ${k()}\n`)).toHaveLength(1);
      expect(same(`  "${name}" = "${k()}"`)).toHaveLength(1);
    }
  });
});

describe("binary detection takes a native path for valid UTF-8", () => {
  test.each([
    ["plain text", Buffer.from("const a = 1;\n".repeat(1000)), null],
    ["valid UTF-8 with many U+FFFD characters counts them as before", Buffer.from("\uFFFD\uFFFDab".repeat(3000)), "binary file (not UTF-8 text)"],
    ["a multi-byte character cut at the 8000-byte sample", Buffer.from("a".repeat(7999) + "é" + "b".repeat(100)), null],
    ["invalid bytes", Buffer.from(Array.from({ length: 9000 }, (_, i) => (i % 3 === 0 ? 0xff : 0x41))), "binary file (not UTF-8 text)"],
    ["a NUL byte", Buffer.from("abc\0def"), "binary file (NUL bytes)"],
  ])("%s", (_name, buf, reason) => {
    expect(binaryReason(buf)).toBe(reason);
  });
});

describe("entropy with reused counters", () => {
  // the Map-based version it replaced, summing in order of first occurrence
  const reference = (t: string) => {
    if (t.length === 0) return 0;
    const m = new Map<number, number>();
    for (let i = 0; i < t.length; i++) m.set(t.charCodeAt(i), (m.get(t.charCodeAt(i)) ?? 0) + 1);
    let h = 0;
    for (const n of m.values()) h -= (n / t.length) * Math.log2(n / t.length);
    return h;
  };
  test("property: the same value to the last bit, twice in a row", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(...ALPHA.b64), fc.constantFrom("é", "ſ", "K", "€", "😀")), maxLength: 300 }), (t) => {
        expect(shannonEntropy(t)).toBe(reference(t));
        expect(shannonEntropy(t)).toBe(reference(t));
      }),
      { numRuns: 500 },
    );
  });
});
