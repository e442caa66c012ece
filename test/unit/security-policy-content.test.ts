import { describe, expect, test } from "@jest/globals";
import { countWords, findChannel, findDisclosure, findEncryption, findPublicIssueAdvice, findResponseTime, findScope, isReportingUrl, prepare } from "../../src/checks/security-policy/content.js";

const ev = (h: { evidence: string } | null) => h?.evidence ?? null;

describe("private reporting channel", () => {
  test.each([
    ["Mail security@example.org.", "security@example.org"],
    ["Write to <a href=\"mailto:sec@proj.io\">us</a>", "sec@proj.io"],
    ["security [at] example [dot] com", "security [at] example [dot] com"],
    ["Use https://github.com/o/r/security/advisories/new to report.", "https://github.com/o/r/security/advisories/new"],
    ["See [advisories](https://github.com/o/r/security/advisories).", "https://github.com/o/r/security/advisories"],
    ["Report it on https://hackerone.com/acme", "https://hackerone.com/acme"],
    ["Fill in https://forms.gle/abc123", "https://forms.gle/abc123"],
    ["Report at https://www.acme.org/security/report", "https://www.acme.org/security/report"],
    ["We use GitHub's private vulnerability reporting.", "private vulnerability reporting"],
    ["Open an issue at https://github.com/o/r/issues/new", null],
    ["Contact the maintainers.", null],
    ["See https://github.com/o/r/blob/main/README.md", null],
    ["Commits by 123+bot@users.noreply.github.com", null],
    ["Ask in https://github.com/o/r/discussions", null],
  ] as [string, string | null][])("%j → %s", (text, expected) => {
    expect(ev(findChannel(text))).toBe(expected);
  });

  test.each([
    ["https://github.com/o/r/security/advisories/new", true],
    ["https://github.com/o/r/security/policy", false],
    ["https://github.com/o/r/security", true],
    ["https://github.com/nodejs/node/blob/HEAD/SECURITY.md", true],
    ["https://github.com/o/r/blob/main/README.md", false],
    ["https://github.com/o/r/issues", false],
    ["https://security.example.com/", true],
    ["https://example.com/about", false],
    ["not a url", false],
  ] as [string, boolean][])("isReportingUrl(%s) = %s", (u, ok) => expect(isReportingUrl(u)).toBe(ok));
});

describe("elements", () => {
  test.each([
    ["We will respond within 48 hours.", "48 hours"],
    ["You will get an answer in 5 business days.", "5 business days"],
    ["We aim to acknowledge\nyour report within a week.", "a week"],
    ["Version 2 days ago was released.", null],
    ["We will respond as soon as possible.", null],
  ] as [string, string | null][])("response time in %j → %s", (text, expected) => expect(ev(findResponseTime(text))).toBe(expected));

  test("response time line is the duration's line", () => {
    expect(findResponseTime("# Policy\n\nIntro.\n\nWe reply\nwithin 3 days.")?.line).toBe(6);
  });

  test.each([
    ["We follow coordinated disclosure.", true],
    ["A CVE will be requested.", true],
    ["Fixes are released as patch versions and we publish a security advisory.", true],
    ["Tidelift will coordinate the fix and disclosure with maintainers.", true],
    ["We will open a Security Advisory.", true],
    ["Thanks!", false],
  ] as [string, boolean][])("disclosure in %j", (text, ok) => expect(findDisclosure(text) !== null).toBe(ok));

  test.each([
    ["## Supported Versions\n\nOnly 2.x.\n", true],
    ["## Supported Versions\n\n## Reporting\nmail us", false],
    ["| Version | Supported |\n| --- | --- |\n| 2.x | ✅ |", true],
    ["Only the latest release receives fixes.", true],
    ["## Scope\nThe CLI only.", true],
    ["Fixes are prepared for all supported Node.js versions.", true],
    ["Such bugs are outside the scope of the threat model.", true],
    ["Nothing here.", false],
  ] as [string, boolean][])("scope in %j", (text, ok) => expect(findScope(text) !== null).toBe(ok));

  test.each([
    ["Our PGP key: 0xDEADBEEF", true],
    ["-----BEGIN PGP PUBLIC KEY BLOCK-----", true],
    ["Key fingerprint 1234 5678", true],
    ["No keys.", false],
  ] as [string, boolean][])("encryption in %j", (text, ok) => expect(findEncryption(text) !== null).toBe(ok));

  test("public issue advice", () => {
    expect(findPublicIssueAdvice("Please open an issue.")).not.toBeNull();
    expect(findPublicIssueAdvice("Please do not open a public issue; email us.")).toBeNull();
    expect(findPublicIssueAdvice("Never file an issue. If unsure, open an issue on GitHub.")?.evidence).toBe("open an issue");
    expect(findPublicIssueAdvice("Email us.")).toBeNull();
  });

  test("words", () => {
    expect(countWords("one two three a")).toBe(3);
  });
});

describe("prepare", () => {
  test("HTML comments and GitHub's template sentences are blanked, lines kept", () => {
    const p = prepare("# Security\n<!-- write to\n x@y.io -->\n\nUse this section to tell people\nhow to report.\n\n| Version | Supported |\n| 5.1.x   | :white_check_mark: |\n\nreal line");
    expect(p.text.split("\n")).toHaveLength(11);
    expect(p.text).not.toContain("x@y.io");
    expect(p.text).not.toContain("how to report");
    expect(p.text).not.toContain("Version");
    expect(p.templateLines).toBe(4);
    expect(p.text).toContain("real line");
    expect(p.text).toContain("# Security");
  });

  test("huge input is capped and graded fast", () => {
    const t = Date.now();
    const big = "a".repeat(500_000) + "@" + ".".repeat(100_000);
    const p = prepare(big);
    expect(p.truncated).toBe(true);
    findChannel(p.text);
    findResponseTime(p.text);
    findDisclosure(p.text);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
