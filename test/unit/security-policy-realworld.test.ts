import { describe, expect, test } from "@jest/globals";
import { countWords, findChannel, findDisclosure, findPublicIssueAdvice, findResponseTime, findScope, MIN_WORDS } from "../../src/checks/security-policy/content.js";
import { evaluateSecurityPolicy } from "../../src/checks/security-policy/index.js";
import { known } from "../../src/facts/fact.js";
import { factsWith } from "../helpers/facts.js";

// Shapes seen in real SECURITY.md files during an audit of public repositories (written anew here).
const ev = (h: { evidence: string } | null) => h?.evidence ?? null;

describe("channels real policies use", () => {
  test.each([
    // GitHub private reporting linked relative to the policy: the most common shape after an email
    ["Please report it through [GitHub Security Advisories](../../security/advisories/new).", "../../security/advisories/new"],
    ["1. Go to the [Security tab](../../security) of this repository\n2. Click **Report a vulnerability**", "../../security"],
    ["Open a draft at /security/advisories/new on this repository.", "/security/advisories/new"],
    ["Please report it by opening a private security advisory on GitHub.", "private security advisory"],
    ["Report vulnerabilities through GitHub Security Advisories.", "Report vulnerabilities through GitHub Security Advisories"],
    // an address spelled out against scrapers, without brackets
    ["Write to security at example dot org, please.", "security at example dot org"],
    // bug bounty pages of the owner, with no "security" in the path
    ["Please refer to our bounty page:\n\nhttps://www.example.com/whitehat\n", "https://www.example.com/whitehat"],
    // a bounty platform named without its link
    ["Please report vulnerabilities privately via HackerOne.", "report vulnerabilities privately via HackerOne"],
    // a hand-over to the owner's security repository
    ["Please refer to the [org-security repository](https://github.com/acme/acme-security) for our process.", "https://github.com/acme/acme-security"],
    // a sentence's full stop is not part of the link
    ["Contact us via https://tidelift.com/security.", "https://tidelift.com/security"],
  ] as [string, string][])("%j → %s", (text, expected) => {
    expect(ev(findChannel(text))).toBe(expected);
  });

  test.each([
    "Look at the dot in the middle at noon.",
    "See [the policy](SECURITY.md) and the [changelog](./CHANGELOG.md).",
    "Read https://example.com/contact for how to reach us.",
    "We no longer run a HackerOne program.",
    // templates nobody filled in
    "Please report them via email to [security@example.com](mailto:security@example.com) (replace with your actual security contact).",
    "Report it by emailing [security@yourproject.com].",
    "Email: **security@your-org.com**",
  ])("no channel in %j", (text) => expect(findChannel(text)).toBeNull());

  test("a policy whose only channel is a relative advisory link scores like one with a URL", () => {
    const content = [
      "# Security Policy",
      "",
      "## Reporting a vulnerability",
      "",
      "Please **do not** open a public GitHub issue for security vulnerabilities.",
      "Use [Report a vulnerability](../../security/advisories/new) instead.",
      "",
      "You should receive an acknowledgment within 5 business days.",
    ].join("\n");
    const r = evaluateSecurityPolicy(factsWith({ securityPolicy: known({ path: "SECURITY.md", content, origin: "repository", repository: "o/r" }) }));
    const contact = r.findings.find((f) => f.id === "securityPolicyHasContact");
    expect(contact?.outcome).toBe("pass");
    expect(contact?.line).toBe(6);
    expect(r.findings.some((f) => f.id === "securityPolicyAvoidsPublicIssues")).toBe(false);
    expect(r.score).toBeGreaterThan(4);
  });
});

describe("response times in the phrasings real policies use", () => {
  test.each([
    ["We will acknowledge your report within 72h.", "72h"],
    ["We aim to respond within 24-48h.", "48h"],
    ["You will get a reply within one (1) business day.", "one (1) business day"],
    ["報告内容は 72 時間以内に一次応答します。", "72 時間"],
    ["我们会在 3 个工作日内回复。", "3 个工作日"],
    ["Wir antworten innerhalb von 48 Stunden.", "48 Stunden"],
    ["Nous accusons réception sous 5 jours ouvrés.", "5 jours ouvrés"],
    ["Responderemos en 7 días hábiles.", "7 días hábiles"],
  ] as [string, string][])("%j → %s", (text, expected) => expect(ev(findResponseTime(text))).toBe(expected));

  test("a duration with no word about answering is not a response time", () => {
    expect(findResponseTime("Version 1.2 was released 3 日 ago.")).toBeNull();
  });
});

describe("disclosure and scope phrasings", () => {
  test.each([
    "We treat security issues with confidentiality until controlled and disclosed responsibly.",
    "Once fixed, we will publish a GitHub Security Advisory and credit you.",
    "We ask that you give us 90 days before disclosing the issue publicly.",
    "Please keep the report private until we have released a fix.",
    "We keep a security category on our blog where we post the details of any patch containing security fixes.",
    "The team will keep you informed of the progress towards a fix and full announcement.",
    "## Security announcements",
  ])("disclosure in %j", (text) => expect(findDisclosure(text)).not.toBeNull());

  test.each([
    "Security updates are only provided for the latest version.",
    "We only support the most recent major version.",
    "Only the `main` branch is supported.",
  ])("scope in %j", (text) => expect(findScope(text)).not.toBeNull());

  test("a table of versions is not a 'branch is supported' sentence when it says nothing", () => {
    expect(findScope("Thanks for helping.")).toBeNull();
  });
});

describe("public-issue advice", () => {
  test.each([
    "For non-security bugs, please open an issue on GitHub.",
    "If it is not a security problem, file an issue.",
    "For other bugs, open a GitHub issue as usual.",
  ])("advice for ordinary bugs is not advice to report a vulnerability publicly: %j", (text) => expect(findPublicIssueAdvice(text)).toBeNull());

  test("still caught when it is about vulnerabilities", () => {
    expect(ev(findPublicIssueAdvice("To report a vulnerability, open an issue."))).toBe("open an issue");
  });
});

describe("word count across scripts", () => {
  test("Chinese and Japanese prose is counted (about two characters a word)", () => {
    const zh = "发现安全问题请不要开公开议题，直接通过私密漏洞报告提交，或联系仓库所有者。我们会尽快确认并修复，并在修复发布后公开披露细节。".repeat(2);
    expect(countWords(zh)).toBeGreaterThanOrEqual(MIN_WORDS);
  });
  test("accented words count as one word each", () => {
    expect(countWords("Sicherheitslücke melden Ébauche réponse")).toBe(4);
  });
});

describe("file format", () => {
  const run = (path: string) => evaluateSecurityPolicy(factsWith({ securityPolicy: known({ path, content: "Mail security@acme-project.org.", origin: "repository", repository: "o/r" }) }));
  test("an .rst or .adoc policy is graded, with a warning that GitHub may not show it", () => {
    expect(run("SECURITY.rst").findings.find((f) => f.id === "securityPolicyIsMarkdown")).toMatchObject({ outcome: "warn", path: "SECURITY.rst" });
    expect(run("docs/SECURITY.adoc").findings.find((f) => f.id === "securityPolicyHasContact")?.outcome).toBe("pass");
    expect(run(".github/SECURITY.md").findings.some((f) => f.id === "securityPolicyIsMarkdown")).toBe(false);
  });
});
