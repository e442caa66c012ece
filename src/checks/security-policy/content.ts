import RE2 from "re2";

/** Longer policies are graded on their first part: real ones are a few KB. */
export const MAX_GRADED_CHARS = 64 * 1024;
export const MIN_WORDS = 50;

export interface Hit {
  /** what was found, quoted back to the user */
  evidence: string;
  line: number;
}

/** Every pattern is RE2 (linear time), so a hostile file cannot stall the scan. */
const re = (source: RegExp) => new RE2(source.source, source.flags.includes("m") ? "gim" : "gi");

const EMAIL = re(/[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b/);
const OBFUSCATED_EMAIL = re(/[a-z0-9][a-z0-9._+-]{0,63}\s*[[({<]\s*at\s*[\])}>]\s*[a-z0-9-]{1,63}(\s*[[({<]\s*dot\s*[\])}>]\s*[a-z0-9-]{1,63})+/);
/** "security at example dot org": the bare words, with a top-level domain after the last "dot" */
const SPELLED_EMAIL = re(/\b[a-z0-9][a-z0-9._+-]{0,63} at [a-z0-9-]{1,63}( dot [a-z0-9-]{1,63})* dot (com|org|net|io|dev|edu|gov|co|app|ai|info|me|eu|uk|de|fr|nl|ch|at|be|se|no|fi|dk|it|es|pl|cz|jp|cn|kr|ru|br|ca|au|us)\b/);
/** "report it via HackerOne": a bug bounty platform named without its link */
const PLATFORM_PHRASE = re(/\b(report|submit|disclose|via|through|using|on)\b[^.\n]{0,40}\b(hackerone|bugcrowd|intigriti|huntr|yeswehack|immunefi|zero day initiative)\b/);
/** A link to the repository's own Security tab or advisory form, written relative to the policy. */
const RELATIVE_ADVISORY = re(/\]\(\s*(\.{1,2}\/)*\/?security(\/advisories(\/new)?)?\/?\s*\)|(^|[\s(<])(\.{1,2}\/)+security\/advisories(\/new)?\b|(^|[\s(<])\/security\/advisories\/new\b/);
const URL = re(/https?:\/\/[^\s)<>\]"'`]{1,500}/);
const PVR_PHRASE = re(
  /private(ly)?[ -]vulnerability[ -]report(ing)?|report a vulnerability[^.\n]{0,80}security tab|security tab[^.\n]{0,80}report a vulnerability|private (github )?(security )?advisor(y|ies)|(report|submit|open|creat|fil|draft|us|via|through)\w*\b[^.\n]{0,60}\bgithub('s)? security advisor(y|ies)/,
);
const PUBLIC_ISSUE = re(/(open|file|create|submit|raise|report)\s+(it\s+as\s+|a\s+|an\s+|this\s+as\s+a\s+)?(new\s+|github\s+|public\s+)?(issue|bug report|ticket)|github\.com\/[^\s/]+\/[^\s/]+\/issues/);
// "one (1) business day" is how contracts write it; "48h" and "24-48 hrs" how tables do
const DURATION = re(/\b(\d{1,3}|one|two|three|four|five|seven|ten|fourteen|thirty|ninety|a|an)( \(\d{1,3}\))?[ -](business[ -]|working[ -]|calendar[ -])?(hours?|days?|weeks?)\b|\b\d{1,3} ?(h|hrs?)\b|\d{1,3} ?(stunden|werktagen?|arbeitstagen?|tagen?|heures|jours( ouvrés| ouvrables)?|horas|d[ií]as( h[aá]biles| [uú]teis)?|ore|giorni|часов|дней|dni|godzin)\b|\d{1,3} ?(時間|営業日|日|小时|小時|个?工作日|個工作天|天|周|週間)/);
const RESPONSE_WORDS = re(/\b(within|respond|response|reply|replies|acknowledg|answer|get back|hear (back )?from|triage|confirm receipt|update you|innerhalb|antwort|rückmeldung|bestätig|réponse|répond|accus|sous|respuesta|responder|resposta|entro|risposta|ответ|odpowied)|応答|返信|回答|確認|回复|答复|响应|回應|确认|以内|之内|内に/);
const DISCLOSURE = re(
  /coordinated (vulnerability )?disclosure|coordinat(e|es|ed|ing)\b[^.\n]{0,40}\bdisclos|responsible disclosure|embargo|\bCVEs?\b|\bGHSA\b|disclosure (policy|process|timeline|deadline)|publicly disclose|public disclosure|(publish|issue|release|open|create)(s|es|ed)? (a |an )?(security )?advisor(y|ies)|(release|ship|publish)(es|ed)? (a |an )?(security )?(fix|patch)|(fix|patch)(es)? (is |are |will be )?(released|published)|security release|release notes|changelog|disclos\w* responsibly|responsibl[ey] disclos|security (announcement|bulletin|notice)s?\b|(post|publish|announc)\w*\b[^.\n]{0,80}\b(security fix|patch|advisor|vulnerabilit)|(fix|patch)\w* and (a )?(full |public )?announcement|disclos(e|es|ed|ing)\b[^.\n]{0,40}\bpublicly|(publish|issue|release|open|create)(s|es|ed)? (a |an )?github('s)? (security )?advisor|(private|confidential)[^.\n]{0,40}\buntil\b[^.\n]{0,40}\b(fix|patch|release)/,
);
const SCOPE = re(/supported versions?|\bsupported (\S+ ){0,2}(versions|releases|release lines|branches)\b|(outside|within) (of )?the scope|versions? (that )?(are |is )?(currently )?supported|\|\s*versions?\s*\||only the (latest|most recent|current) (release|version|major)|(in|out of) scope|^#+\s*scope\b|security updates (are|will be) (only )?(provided|released) for|only (provided |released )?for the (latest|most recent|current)|only support(s|ed)? the (latest|most recent|current)|(version|release|branch)[^.\n|]{0,40}\b(is|are) (currently |still |actively )?supported/m);
const ENCRYPTION = re(/\b(pgp|gpg|openpgp)\b|-----BEGIN PGP|keys\.openpgp\.org|\bfingerprint\b|\bencrypt(ed|ion)?\b|\bs\/mime\b/);
const WORD = new RE2("[\\p{L}\\p{M}]{2,}", "gu");
/** Chinese and Japanese are written without spaces: about two characters a word. */
const CJK = new RE2("[\\p{Han}\\p{Hiragana}\\p{Katakana}]", "gu");

/** Platforms whose URLs are reporting forms. */
const FORM_HOSTS = ["hackerone.com", "bugcrowd.com", "intigriti.com", "huntr.dev", "huntr.com", "yeswehack.com", "forms.gle", "typeform.com", "msrc.microsoft.com", "bugs.chromium.org", "issuetracker.google.com", "security.apple.com", "zerodayinitiative.com", "immunefi.com", "openbugbounty.org"];
const REPORT_PATH = re(/\/(security|vulnerabilit|vuln|bug-?bounty|bounty|whitehat|disclos|responsible|report|psirt|cert|vdp\b)/);

/** Markers of GitHub's SECURITY.md template: paragraphs holding one describe nothing. */
const TEMPLATE_LINES = [
  "use this section to tell people",
  "tell them where to go, how often they can expect",
  "| 5.1.x",
  "| 5.0.x",
  "| 4.0.x",
  "| < 4.0",
];

export interface PreparedText {
  text: string;
  truncated: boolean;
  templateLines: number;
}

/**
 * The text that is graded: capped, with HTML comments and GitHub's template sentences blanked
 * out (newlines kept, so a match's offset still gives its line).
 */
export function prepare(content: string): PreparedText {
  const truncated = content.length > MAX_GRADED_CHARS;
  let text = truncated ? content.slice(0, MAX_GRADED_CHARS) : content;
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  let out = "";
  let i = 0;
  for (;;) {
    const start = text.indexOf("<!--", i);
    if (start < 0) break;
    const end = text.indexOf("-->", start + 4);
    const stop = end < 0 ? text.length : end + 3;
    out += text.slice(i, start) + blank(text.slice(start, stop));
    i = stop;
  }
  text = out + text.slice(i);
  // whole paragraphs go: the template's sentences wrap over several lines
  const lines = text.split("\n");
  let templateLines = 0;
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i]!.trim() !== "") continue;
    const para = lines.slice(start, i).join("\n").toLowerCase();
    if (TEMPLATE_LINES.some((t) => para.includes(t))) {
      for (let j = start; j < i; j++) lines[j] = blank(lines[j]!);
      templateLines += i - start;
    }
    start = i + 1;
  }
  text = lines.join("\n");
  return { text, truncated, templateLines };
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function all(pattern: RE2, text: string): { match: string; index: number }[] {
  pattern.lastIndex = 0;
  const out: { match: string; index: number }[] = [];
  for (let m = pattern.exec(text); m && out.length < 200; m = pattern.exec(text)) {
    out.push({ match: m[0], index: m.index });
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}

const first = (pattern: RE2, text: string): Hit | null => {
  const m = all(pattern, text)[0];
  return m ? { evidence: m.match.trim(), line: lineAt(text, m.index) } : null;
};

/** An email address, a GitHub private-reporting link, a reporting platform or form URL. */
export function findChannel(text: string): Hit | null {
  for (const m of all(EMAIL, text)) {
    if (/^(no-?reply|notifications?)@/i.test(m.match) || m.match.toLowerCase().endsWith("@users.noreply.github.com")) continue;
    if (isPlaceholderEmail(m.match, lineOf(text, m.index))) continue;
    return { evidence: m.match, line: lineAt(text, m.index) };
  }
  const obfuscated = first(OBFUSCATED_EMAIL, text);
  if (obfuscated) return obfuscated;
  for (const m of all(SPELLED_EMAIL, text)) {
    // "look at the dot com": prose, not an address
    if (!/ at (the|a|an|this|that|our|your|my) /i.test(m.match)) return { evidence: m.match, line: lineAt(text, m.index) };
  }
  for (const m of all(URL, text)) {
    const url = m.match.replace(/[.,;:!?]+$/, "");
    if (isReportingUrl(url)) return { evidence: url, line: lineAt(text, m.index) };
  }
  const platform = first(PLATFORM_PHRASE, text);
  if (platform) return platform;
  const relative = first(RELATIVE_ADVISORY, text);
  if (relative) return { evidence: relative.evidence.replace(/^[\](<\s]+|[)\s]+$/g, ""), line: relative.line };
  return first(PVR_PHRASE, text);
}

/**
 * A template's address nobody filled in: "security@yourproject.com", or an example.com address
 * on a line that says to replace it ("(replace with your actual security contact)").
 */
export function isPlaceholderEmail(email: string, line: string): boolean {
  const domain = email.slice(email.indexOf("@") + 1).toLowerCase();
  if (/^(your|my)[-_]?(org|organi[sz]ation|project|company|domain|team|site|app|product|email|name|repo)\b/.test(domain)) return true;
  return /(^|\.)example\.(com|org|net)$/.test(domain) && /\breplace\b|your (actual|real|own)|\btodo\b|\btbd\b|to be (completed|filled|added)|placeholder|change (this|me)/i.test(line);
}

function lineOf(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end < 0 ? text.length : end);
}

export function isReportingUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new globalThis.URL(raw.replace(/[.,;:!?]+$/, ""));
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, "");
  const path = u.pathname.toLowerCase();
  if (host === "github.com") {
    // the Security tab and advisories page carry the "Report a vulnerability" button; a link to
    // another repository's SECURITY.md hands over to that policy; issues are public
    // so does a link to the owner's security repository ("see github.com/org/org-security")
    return (
      /^\/[^/]+\/[^/]+\/security(\/advisories(\/new)?)?\/?$/.test(path) ||
      /^\/[^/]+\/[^/]+\/blob\/[^/]+\/((\.github|docs)\/)?security\.(md|markdown|rst|adoc|txt)$/.test(path) ||
      /^\/[^/]+\/[^/]*security[^/]*\/?$/.test(path)
    );
  }
  if (FORM_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return true;
  if (host.startsWith("security.") || host.startsWith("psirt.")) return true;
  if (path.includes("/issues") || path.includes("/discussions")) return false;
  REPORT_PATH.lastIndex = 0;
  return REPORT_PATH.test(path);
}

/** Advice to report in a public issue ("do not open an issue" is not such advice). */
export function findPublicIssueAdvice(text: string): Hit | null {
  for (const m of all(PUBLIC_ISSUE, text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index).toLowerCase();
    if (/\b(not|never|avoid|instead of)\b|n't\b|\bno\b/.test(before)) continue;
    // "for other bugs, open an issue": advice for what is not a vulnerability
    const sentence = text.slice(Math.max(0, m.index - 120), m.index).split(/[.!?\n]\s/).pop()!.toLowerCase();
    if (/non-?security|not (a )?security|not (a )?vulnerab|\b(other|general|regular|normal|ordinary) (bugs?|issues?|questions?|problems?)|feature request|low[- ](risk|severity|impact)/.test(sentence)) continue;
    return { evidence: m.match.trim(), line: lineAt(text, m.index) };
  }
  return null;
}

/** A duration ("48 hours", "5 business days") in a paragraph that talks about answering. */
export function findResponseTime(text: string): Hit | null {
  const lines = text.split("\n");
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i]!.trim() !== "") continue;
    const para = lines.slice(start, i).join("\n");
    const d = first(DURATION, para);
    RESPONSE_WORDS.lastIndex = 0;
    if (d && RESPONSE_WORDS.test(para)) return { evidence: d.evidence, line: start + d.line };
    start = i + 1;
  }
  return null;
}

export const findDisclosure = (text: string) => first(DISCLOSURE, text);
/** A scope or versions statement; a heading counts only when its section says something. */
export function findScope(text: string): Hit | null {
  for (const m of all(SCOPE, text)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    if (text[lineStart] === "#" || text.startsWith("=", text.indexOf("\n", m.index) + 1)) {
      const bodyStart = text.indexOf("\n", m.index);
      const next = bodyStart < 0 ? -1 : text.indexOf("\n#", bodyStart);
      const body = bodyStart < 0 ? "" : text.slice(bodyStart, next < 0 ? text.length : next);
      if (body.replace(/^[=-]+$/gm, "").trim() === "") continue;
    }
    return { evidence: m.match.trim(), line: lineAt(text, m.index) };
  }
  return null;
}
export const findEncryption = (text: string) => first(ENCRYPTION, text);
export function countWords(text: string): number {
  CJK.lastIndex = 0;
  const cjk = text.match(CJK)?.length ?? 0;
  CJK.lastIndex = 0;
  return all(WORD, text.replace(CJK, " ")).length + Math.ceil(cjk / 2);
}
