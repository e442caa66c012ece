/**
 * Detection rules. Modelled on gitleaks' default config (rule ids, keyword prefilters, entropy
 * thresholds), secretlint's recommended preset (AWS, GCP, Slack, npm, private keys) and GitHub's
 * published token formats (prefixed tokens: ghp_, github_pat_, glpat-, sk_live_, npm_, pypi-,
 * SG., xox*-). Written for RE2: no backreferences or lookaround, so the end of a token is matched
 * as "a character that cannot continue it, or the end of the text".
 * Order matters: when two rules match the same characters, the earlier (more specific) one wins.
 * Speed: most rules run only over the lines holding their keywords (`onKeywordLines`), and those
 * whose matches start with a keyword only at the keywords (`startsAtKeyword`); those whose
 * matches may span lines (PuTTY, .npmrc, connection strings) or hold no keyword (GCP JSON) run
 * over the whole file. See rule.ts for the other flags.
 */
import type { Rule } from "./rule.js";
import { pemBodySpan } from "./pem.js";
import { hasLongRun, isPlaceholder, shannonEntropy } from "./placeholders.js";

// A token ends where its alphabet stops (RE2 has no lookahead, so the end is one more character).
// Where it starts is checked by the engine (`wordStart`): a leading character class would stop
// RE2 from skipping ahead to the literal prefix, which made those rules 10-30x slower.
const END_B62 = "(?:[^A-Za-z0-9]|$)";
const END_B64 = "(?:[^A-Za-z0-9+/=]|$)";
const END_URLSAFE = "(?:[^A-Za-z0-9_-]|$)";
// key-value separators of JSON, YAML, env files, shells and most languages; a comma only
// between quoted strings, as in set("api_key", "…"). Quotes may be escaped (JSON inside JSON:
// notebooks) and the name may close an index (ENV["API_TOKEN"] = "…").
const QUOTE = `\\\\?["'\`]`;
const ASSIGN = `(?:(?:\\\\?["'])?\\]?[ \\t]*(?::=|=>|=|:)[ \\t]*(?:${QUOTE})?|\\\\?["']\\]?[ \\t]*,[ \\t]*${QUOTE})`;
// the generic rule also reads XML (<password>…</password>, key="…" value="…") and setters (setApiKey("…"))
// and fallbacks to a literal: ENV['API_TOKEN'] ||= '…', process.env.API_KEY || "…"
// and typed declarations: const apiKey: string = "…", api_key: str = "…", const API_KEY: &str = "…"
// and prose in docs: Set `JWT_SECRET` to `…` (both in backticks)
// (first: in "&str = " the plain ":" would take "&str" for the value). Generic types (Map<…>,
// string[]) are left out: they made the rule's program too large for RE2's bit-state matcher,
// and its captures fell to the NFA (+4% of a scan's instructions).
const TYPED = `[ \\t]*:[ \\t]*&?[A-Za-z_][\\w.]*[ \\t]*=[ \\t]*(?:${QUOTE})?`;
const GENERIC_ASSIGN = `(?:${TYPED}|${ASSIGN}|\`[ \\t]+to[ \\t]+\`|>|["'][ \\t]+value[ \\t]*=[ \\t]*["']|\\([ \\t]*["'\`]|(?:["']\\]?)?[ \\t]*(?:\\|\\|=?|\\?\\?=?)[ \\t]*${QUOTE})`;

// the names the generic rule starts at (its regex, and the name-length check that bounds it)
const GENERIC_NAMES = "password|passwd|pwd|[_-]pass|[_-]key|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|credentials?";

// a value in an assignment: no quotes, separators, escapes or brackets (calls, templates)
const VALUE = "[^\\s\"'`;,\\\\(){}\\[\\]<>]";

// A long counted repetition ({36,251}) makes RE2 compile and start a large program on every
// run. Where the run must be followed by a character outside its class, "{36,}" and a length
// check on the secret accept exactly the same matches, so the upper bounds are checked here.
const longerThan = (n: number) => (s: string) => codePoints(s) > n;
const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// Where the run is not last, or the bound is on a name before the separator, `within` checks it on
// the match's bytes (all ASCII there); a match it refuses is no match at that offset.
/** Length of the run of `buf` from `start` up to the byte `stop` (or the end). */
const runLength = (buf: Buffer, start: number, stop: number) => {
  const end = buf.indexOf(stop, start);
  return (end === -1 ? buf.length : end) - start;
};

/** xox?-: 1 to 4 "digits-" groups, then 10 to 200 characters; xapp-: a last group of 32 to 64 hex digits. */
function slackTokenWithin(token: Buffer): boolean {
  if (token[1] === 0x61) return token.length - (token.lastIndexOf(0x2d) + 1) <= 64;
  // the groups are digits up to a "-": each choice of how many leaves a shorter rest
  let at = token.indexOf(0x2d) + 1;
  for (let groups = 0; groups < 4; groups++) {
    let i = at;
    while (i < token.length && token[i]! >= 0x30 && token[i]! <= 0x39) i++;
    if (i === at || token[i] !== 0x2d) break;
    at = i + 1;
    const rest = token.length - at;
    if (rest >= 10 && rest <= 200) return true;
  }
  return false;
}

const OPENAI_PREFIX = /^(?:proj|svcacct|admin|None)-/;

/** 16 to 200 characters on each side of a "T3BlbkFJ", counted after "sk-" with or without the optional prefix. */
function openAiKeyWithin(token: string): boolean {
  const rest = token.slice(3);
  const prefixes = [0, OPENAI_PREFIX.exec(rest)?.[0].length ?? 0];
  for (let i = rest.indexOf("T3BlbkFJ"); i !== -1; i = rest.indexOf("T3BlbkFJ", i + 1)) {
    const after = rest.length - i - 8;
    if (after < 16 || after > 200) continue;
    if (prefixes.some((p) => i - p >= 16 && i - p <= 200)) return true;
  }
  return false;
}

// the keyword alternatives of the generic rule, case-folded as RE2's (?i) folds them (ſ, K)
const GENERIC_KEYWORD = new RegExp(`^(?:${GENERIC_NAMES})`, "iu");

/** The name after the longest keyword the regex could have started with: at most 30 ASCII characters. */
function genericNameWithin(name: Buffer): boolean {
  // "_pass" is a name ending (DB_PASS, smtp-pass, _passwd), not the start of a word (_passive, _passthrough)
  if ((name[0] === 0x5f || name[0] === 0x2d) && !PASS_NAME.test(name.toString("latin1", 0, 12)) && !KEY_NAME.test(name.toString("latin1", 0, 8))) return false;
  if (name.length <= 30) return true;
  // a keyword is at most 11 characters of up to 3 bytes each
  const keyword = GENERIC_KEYWORD.exec(name.toString("utf8", 0, 40))?.[0] ?? "";
  return name.length - Buffer.byteLength(keyword) <= 30;
}

// tokens that are not credentials: pagination, idempotency, concurrency (AWS's NextToken,
// ClientRequestToken, ChangeToken, LifecycleActionToken)
const NOT_CREDENTIAL_TOKEN = /(?:next|page|change|lock|purchase|continuation|sync|idempotency|pagination|resume|request|verification|update|cancel(?:lation)?|client|action)[_.\s-]?$/i;

// "_KEY" ends a name (MAPBOX_KEY); not _keyword, _keys, -keygen
const KEY_NAME = /^[_-]key(?:[^a-z]|$)/i;
// keys that are not credentials: public halves, identifiers and lookups (PUBLIC_KEY, site_key,
// primary_key, cache_key, idempotency_key…)
const NOT_CREDENTIAL_KEY = /(?:public|publishable|pub|site|primary|foreign|sort|partition|range|routing|cache|lookup|hash|idempotency|dedup|dedupe|unique|composite|index|map|dict|object|file|i18n|translation|row|column|field|label|license|host|verify|verification|group|registry|doc|message|event|metric|config|setting|env|state|query|search|prefix|sub|parent|child|mapping|lock|shard|resource|model|item|entry|record|table|media|image|asset|store|stream|topic|queue|job|task|result|dest|source|src|target|websocket)$/i;
const PASS_NAME = /^[_-]pass(?:w(?:or)?d)?(?:[^a-z]|$)/i;

/** At least `min` characters, with lower and upper case letters (a random password without digits). */
const mixedCase = (s: string, min: number) => s.length >= min && /[a-z]/.test(s) && /[A-Z]/.test(s);

const AWS_EXAMPLE = /EXAMPLE/;
const IAM_PATH = /^(?:policy|role|service-role|user|group|instance-profile|server-certificate)\//;
// the storage emulator's documented, public account key (devstoreaccount1)
const AZURITE_KEY_PREFIX = "Eby8vdM02xNOcqFl";
const JWT_IO_EXAMPLE = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";

export const RULES: readonly Rule[] = [
  {
    id: "gcp-service-account",
    description: "Google Cloud service-account key (JSON)",
    pattern: '"private_key"\\s*:\\s*"(-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----[^"\\n]{60,})"',
    keywords: ["service_account"],
    caseSensitive: true,
    skipSharedPlaceholders: true,
    normalize: (s) => s.replace(/\\[rn]|\s/g, ""),
    allow: (s) => s.replace(/-----[A-Z ]+-----|\\[rn]|\s/g, "").length < 60,
  },
  {
    id: "private-key",
    description: "Private key (RSA PKCS#1/PKCS#8, EC, DSA, Ed25519/OpenSSH, PGP, encrypted)",
    // only the header is a regex; the body is read by pemBodySpan (real or escaped line breaks)
    pattern: "-----BEGIN[ A-Z0-9]{0,24} PRIVATE KEY(?: BLOCK)?-----",
    secretGroup: 0,
    extend: pemBodySpan,
    keywords: ["PRIVATE KEY"],
    onKeywordLines: true,
    caseSensitive: true,
    skipSharedPlaceholders: true,
    locateAtMatchStart: true,
    normalize: (s) => s.replace(/\\+[rn]|\\|\s|["'`]/g, ""),
    allow: (body) => {
      const b64 = body.replace(/\\+[rn]|\\|\s|["'`]/g, "");
      // a header in prose or a truncated "MIIE..." is not a key; Ed25519 PKCS#8 bodies are 64
      return b64.length < 60 || shannonEntropy(b64) < 4.5 || hasLongRun(b64, 10);
    },
  },
  {
    id: "putty-private-key",
    description: "PuTTY private key file",
    pattern: "PuTTY-User-Key-File-[23]: [a-z0-9-]+\\r?\\n[\\s\\S]{0,600}?Private-Lines: \\d+\\r?\\n([A-Za-z0-9+/=\\r\\n]{40,})",
    keywords: ["PuTTY-User-Key-File"],
    caseSensitive: true,
    locateAtMatchStart: true,
    normalize: (s) => s.replace(/\s/g, ""),
    skipSharedPlaceholders: true,
  },
  {
    id: "aws-access-key-id",
    wordStart: true,
    description: "AWS access key id",
    pattern: `((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})${END_B62}`,
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    allow: (s) => AWS_EXAMPLE.test(s),
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    // a space separates too: aws configure set aws_secret_access_key …
    pattern: `(?i)(?:aws[\\w.-]{0,30}|secret_?access_?key[\\w.-]{0,10})(?:${ASSIGN}|[ \\t]+)([A-Za-z0-9/+]{40})${END_B64}`,
    // every spelling the pattern accepts, so that it runs over their lines only
    keywords: ["aws", "secret_access_key", "secretaccesskey", "secretaccess_key", "secret_accesskey"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 4,
    // 40 random base64 characters practically always mix cases and hold a digit, "/" or "+" (a
    // digit alone is missing from 1 key in 900); names do not
    // managed policy ARNs: arn:aws:iam::aws:policy/AmazonEC2RoleforSSM
    allow: (s) => AWS_EXAMPLE.test(s) || !(/[a-z]/.test(s) && /[A-Z]/.test(s) && /[\d/+]/.test(s)) || IAM_PATH.test(s),
  },
  {
    id: "github-token",
    wordStart: true,
    description: "GitHub token (personal, OAuth, user-to-server, server-to-server, refresh)",
    pattern: `(gh[pousr]_[A-Za-z0-9]{36,})${END_B62}`,
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
    allow: longerThan(4 + 251),
  },
  {
    id: "github-fine-grained-token",
    wordStart: true,
    description: "GitHub fine-grained personal access token",
    pattern: `(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${END_B62}`,
    keywords: ["github_pat_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "gitlab-token",
    wordStart: true,
    description: "GitLab token (personal, deploy, runner, pipeline trigger, feed, OAuth, CI job)",
    pattern: `((?:glpat|gldt|glrt|glptt|glft|glsoat|gloas|glcbt|glimt|glagent|glwt|glffct)-[A-Za-z0-9_-]{20,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?)${END_URLSAFE}`,
    // the run after the prefix: at most 80 characters (it stops at the "." of the optional suffix)
    within: ([, token]) => runLength(token!, token!.indexOf(0x2d) + 1, 0x2e) <= 80,
    keywords: ["glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glsoat-", "gloas-", "glcbt-", "glimt-", "glagent-", "glwt-", "glffct-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "gitlab-runner-registration-token",
    wordStart: true,
    description: "GitLab runner registration token",
    pattern: `(GR1348941[A-Za-z0-9_-]{20})${END_URLSAFE}`,
    keywords: ["GR1348941"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "slack-token",
    wordStart: true,
    description: "Slack token (bot, user, app, configuration, legacy)",
    pattern:
      `((?:xox[abposre]|xoxe\\.xox[bp])-(?:\\d+-){1,4}[A-Za-z0-9-]{10,}|xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{32,})${END_URLSAFE}`,
    within: ([, token]) => slackTokenWithin(token!),
    keywords: ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe", "xapp-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "slack-webhook",
    description: "Slack incoming webhook URL",
    pattern: "(?i)(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/_-]{30,})",
    clip: 120,
    keywords: ["hooks.slack.com"],
    onKeywordLines: true,
    entropy: 3.5,
  },
  {
    id: "stripe-live-key",
    wordStart: true,
    description: "Stripe live secret key",
    pattern: `(sk_live_[A-Za-z0-9]{20,})${END_B62}`,
    keywords: ["sk_live_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
    allow: longerThan(8 + 247),
  },
  {
    id: "stripe-restricted-key",
    wordStart: true,
    description: "Stripe live restricted key",
    pattern: `(rk_live_[A-Za-z0-9]{20,})${END_B62}`,
    keywords: ["rk_live_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
    allow: longerThan(8 + 247),
  },
  {
    id: "google-api-key",
    wordStart: true,
    description: "Google API key",
    pattern: `(AIza[A-Za-z0-9_-]{35})${END_URLSAFE}`,
    keywords: ["AIza"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "google-oauth-client-secret",
    wordStart: true,
    description: "Google OAuth client secret",
    pattern: `(GOCSPX-[A-Za-z0-9_-]{28})${END_URLSAFE}`,
    keywords: ["GOCSPX-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "google-oauth-access-token",
    wordStart: true,
    description: "Google OAuth access token",
    pattern: `(ya29\\.[A-Za-z0-9_-]{30,})${END_URLSAFE}`,
    keywords: ["ya29."],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3.5,
    allow: longerThan(5 + 1000),
  },
  {
    id: "azure-ad-client-secret",
    wordStart: true,
    description: "Microsoft Entra ID (Azure AD) client secret",
    pattern: `([A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)`,
    keywords: ["Q~"],
    onKeywordLines: true,
    caseSensitive: true,
    entropy: 3.5,
  },
  {
    id: "azure-storage-connection-string",
    description: "Azure storage account key in a connection string",
    pattern: "(?i)AccountName=[a-z0-9]{3,24};\\s*AccountKey=([A-Za-z0-9+/]{86}==)",
    keywords: ["AccountKey="],
    entropy: 4,
    allow: (s) => s.startsWith(AZURITE_KEY_PREFIX),
  },
  {
    id: "azure-storage-key",
    description: "Azure storage account key",
    // the key anywhere after its name on the line: --account-key K, StorageSharedKeyCredential("acct", "K"),
    // <add key="AzureStorageKey" value="K"/>; the length and "==" make the format (64 random bytes)
    pattern: `(?i:account[_.-]?key|storage[_.-]?key|sharedkeycredential|azure[\\w.-]{0,30}key)[^\\n]*?[^A-Za-z0-9+/\\n]([A-Za-z0-9+/]{86}==)${END_B64}`,
    keywords: ["accountkey", "account_key", "account-key", "account.key", "storagekey", "storage_key", "storage-key", "storage.key", "sharedkeycredential", "azure"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 4,
    // Subresource Integrity digests are base64 of 64 bytes too (sha512-…==)
    allow: (s, g) => s.startsWith(AZURITE_KEY_PREFIX) || /sha(?:384|512)-$/i.test((g[0] ?? "").slice(0, (g[0] ?? "").lastIndexOf(s))),
  },
  {
    id: "azure-shared-access-key",
    description: "Azure Service Bus / Event Hubs / IoT Hub shared access key",
    pattern: `(?i)SharedAccessKey=([A-Za-z0-9+/]{42,43}=)`,
    keywords: ["SharedAccessKey="],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 4,
  },
  {
    id: "azure-sas-token",
    description: "Azure shared access signature (SAS) token",
    // the signature of a SAS URL; the signed version (sv=) marks it as Azure's
    pattern: `sv=\\d{4}-\\d{2}-\\d{2}&[^\\s"'<>]*sig=([A-Za-z0-9%+/]{40,})`,
    clip: 90,
    keywords: ["sig="],
    onKeywordLines: true,
    caseSensitive: true,
    entropy: 4,
  },
  {
    id: "npm-token",
    wordStart: true,
    description: "npm access token",
    pattern: `(npm_[A-Za-z0-9]{36})${END_B62}`,
    keywords: ["npm_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "npmrc-auth-token",
    description: "npm registry auth token in .npmrc",
    // .npmrc syntax: the key starts its line or follows a registry ("//host/:_authToken="); a
    // Python or JS name ending in "_auth" (netrc_auth = get_netrc_auth(url)) is code
    pattern: "(?m)(?:^[ \\t]*|:)_(?:authToken|auth|password)[ \\t]*=[ \\t]*[\"']?([^\\s\"'$]{20,})",
    clip: 200,
    keywords: ["_authToken", "_auth", "_password"],
    onKeywordLines: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "pypi-token",
    wordStart: true,
    description: "PyPI upload token",
    pattern: `(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})${END_URLSAFE}`,
    keywords: ["pypi-AgE"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
  },
  {
    id: "twilio-api-key",
    wordStart: true,
    description: "Twilio API key",
    pattern: `(SK[0-9a-f]{32})${END_B62}`,
    keywords: ["SK"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "twilio-auth-token",
    description: "Twilio auth token",
    pattern: `(?i)twilio[\\w.-]{0,30}${ASSIGN}([0-9a-f]{32})${END_B62}`,
    keywords: ["twilio"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 3,
  },
  {
    id: "twilio-auth-token-pair",
    wordStart: true,
    description: "Twilio auth token (after its account SID: Client(\"AC…\", \"…\"))",
    pattern: `(AC[0-9a-f]{32})(?:${QUOTE})?[ \\t]*,[ \\t]*${QUOTE}([0-9a-f]{32})${END_B62}`,
    // the account SID (its first 8 hex digits: fewer DFA states) is the keyword: the pair is found
    // wherever it is pasted, named or not
    keywords: [],
    keywordPatterns: ["AC[0-9a-f]{8}"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    secretGroup: 2,
    entropy: 3,
  },
  {
    id: "sendgrid-api-key",
    wordStart: true,
    description: "SendGrid API key",
    pattern: `(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${END_URLSAFE}`,
    keywords: ["SG."],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "mailgun-api-key",
    wordStart: true,
    description: "Mailgun API key",
    pattern: `(key-[0-9a-f]{32})${END_B62}`,
    keywords: ["key-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 3,
  },
  {
    id: "mailgun-signing-key",
    description: "Mailgun webhook signing key",
    pattern: `(?i)mailgun[\\w.-]{0,30}${ASSIGN}([0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})${END_B62}`,
    keywords: ["mailgun"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 3,
  },
  {
    id: "mailgun-private-key",
    wordStart: true,
    description: "Mailgun private API key (32-8-8 hex digits)",
    // Mailgun's own examples pass it bare (--user 'api:…', auth=("api", "…")): the format is the
    // keyword, its two short groups only (counting a 32-digit hex run slowed the keyword pass by 20%)
    pattern: `([0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?:[^A-Za-z0-9-]|$)`,
    keywords: [],
    keywordPatterns: ["-[0-9a-f]{8}-[0-9a-f]{8}"],
    onKeywordLines: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "django-secret-key",
    description: "Django SECRET_KEY generated by startproject (django-insecure-…)",
    pattern: "(django-insecure-[a-z0-9!@#$%^&*(=+)_-]{40,})(?:[^a-z0-9!@#$%^&*(=+)_-]|$)",
    keywords: ["django-insecure-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3.5,
  },
  {
    id: "openai-api-key",
    wordStart: true,
    description: "OpenAI API key",
    // "T3BlbkFJ" is base64 of "OpenAI", embedded in every key format since 2021
    pattern: `(sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})${END_URLSAFE}`,
    within: ([, token]) => openAiKeyWithin(token!.toString("latin1")),
    keywords: ["T3BlbkFJ"],
    onKeywordLines: true,
    caseSensitive: true,
  },
  {
    id: "anthropic-api-key",
    wordStart: true,
    description: "Anthropic API key",
    pattern: `(sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_-]{80,})${END_URLSAFE}`,
    // the run after "sk-ant-api03-": at most 120 characters
    within: ([, token]) => token!.length - (token!.indexOf(0x2d, 7) + 1) <= 120,
    keywords: ["sk-ant-"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3,
  },
  {
    id: "huggingface-token",
    wordStart: true,
    description: "Hugging Face access token",
    pattern: `(hf_[A-Za-z]{34})${END_B62}`,
    keywords: ["hf_"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    entropy: 3.5,
  },
  {
    id: "jwt",
    wordStart: true,
    description: "JSON Web Token",
    pattern: `(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,})${END_URLSAFE}`,
    keywords: ["eyJ"],
    onKeywordLines: true,
    startsAtKeyword: true,
    caseSensitive: true,
    allow: (s) => s.includes(JWT_IO_EXAMPLE) || !jwtHeaderHasAlg(s),
  },
  {
    id: "bearer-token",
    description: "Bearer token in an Authorization header",
    pattern: `(?i)bearer[ \\t]+([A-Za-z0-9._~+/-]{20,}=*)(?:[^A-Za-z0-9._~+/=-]|$)`,
    keywords: ["bearer"],
    onKeywordLines: true,
    startsAtKeyword: true,
    entropy: 3.5,
    // at most 500 characters before the padding
    allow: (s) => !/\d/.test(s) || !/[A-Za-z]/.test(s) || longerThan(500)(s.replace(/=+$/, "")),
  },
  {
    id: "basic-auth-credentials",
    description: "User and password in an HTTP Basic Authorization header (base64)",
    pattern: `(?i)\\bbasic[ \\t]+([A-Za-z0-9+/]{12,}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
    keywords: ["basic"],
    onKeywordLines: true,
    startsAtKeyword: true,
    // the decoded "user:password" must hold a password that is no placeholder or weak default
    allow: (s) => !basicAuthPassword(s),
  },
  {
    id: "curl-user-password",
    description: "Password given to curl -u / --user",
    // user 1 to 100 characters (within), password cut at 200: bounded in RE2, this regex took
    // 1.2 ms to compile, in every run over a tree that mentions curl
    pattern: `(?:^|[ \\t])(?:-u|--user)(?:[ \\t]+|=)["']?([^\\s:"'@]+):([^\\s"']{8,})`,
    keywords: ["curl"],
    within: ([, user]) => !longerThan(100)(user!.toString("utf8")),
    clip: 200,
    secretGroup: 2,
    entropy: 3,
    allow: (password, g) => weakPassword(password, g[1] ?? "") || /^\$/.test(password),
  },
  {
    id: "database-url-password",
    description: "Database, service or HTTP URL with an inline password",
    pattern:
      // the regex starts at "://" (a literal RE2 can skip to); the scheme is checked by `before`
      // (user at most 100 characters, password 3 to 200, host read up to 200: checked in `allow`)
      "://([^\\s:@/'\"`<>]*):([^\\s@/'\"`<>]{3,})@([^\\s/'\"`<>?#:]+)",
    keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "oracle", "cockroachdb", "clickhouse", "couchdb", "neo4j", "ldap", "smtp", "ftp", "jdbc:", "http"],
    // every scheme DB_SCHEME accepts contains one of the keywords (ASCII, as DB_SCHEME matches)
    keywordsImplied: true,
    startsWith: "://",
    secretGroup: 2,
    before: (text) => DB_SCHEME.test(text),
    allow: (password, g, before) => {
      const user = g[1] ?? "";
      if (longerThan(100)(user) || longerThan(200)(password)) return true;
      const host = Array.from(g[3] ?? "").slice(0, 200).join("").toLowerCase();
      // web URLs in docs and tests carry sample credentials ("cherry:durian"): only token-like ones count
      if (/https?$/i.test(before) && (password.length < 12 || shannonEntropy(password) < 3.3 || !(/\d/.test(password) || mixedCase(password, 16)))) return true;
      return weakPassword(password, user) || host.includes("example") || /^[:*]+$/.test(password) || /^\d{1,5}$/.test(password);
    },
  },
  {
    id: "kubernetes-secret-data",
    description: "Value in a Kubernetes Secret manifest's data (base64)",
    // a committed Secret manifest holds its values base64-encoded, under names of any kind
    // ("DATABASE_URL: cG9zdGdyZXM6Ly8…"); only files declaring a Secret are read this way
    pattern: `(?m)^[ \\t]+[\\w.-]+:[ \\t]*["']?([A-Za-z0-9+/]{16,}={0,2})["']?[ \\t]*\\r?$`,
    keywords: ["kind: Secret", 'kind: "Secret"', "kind: 'Secret'"],
    caseSensitive: true,
    entropy: 3.5,
    allow: (value) => !isSecretData(value),
  },
  {
    id: "generic-secret",
    description: "High-entropy value assigned to a password, secret, token or key",
    // The name is taken from the keyword on (a leading `[\w.-]{0,40}` would make RE2's DFA
    // track every start position, which made this rule 20x slower). The value must hold a digit
    // or a symbol, or be 16+ letters (notGenericSecret then wants mixed case throughout), and must
    // end where a value ends (not at "(" of a call).
    pattern:
      `(?i)((?:${GENERIC_NAMES})[\\w.-]*)` +
      `${GENERIC_ASSIGN}(${VALUE}*[\\d!@#%^&*?~]${VALUE}*|[A-Za-z+/=_-]{16,})(?:\\\\?["'\`;,\\s)\\]}><]|$)`,
    keywords: ["password", "passwd", "pwd", "_pass", "-pass", "_key", "-key", "secret", "token", "api_key", "api-key", "api.key", "apikey", "access_key", "accesskey", "auth_key", "authkey", "private_key", "credential"],
    common: true,
    // CloudFormation type names (AWS::AppSync::ApiKey) are not assignments
    before: (text) => !text.endsWith("::"),
    // at most 30 name characters after the keyword
    within: ([, name]) => genericNameWithin(name!),
    secretGroup: 2,
    entropy: 3.3,
    allow: (value, g, before) =>
      notGenericSecret(g[1] ?? "", value, g[0] ?? "") ||
      (/^token/i.test(g[1] ?? "") && NOT_CREDENTIAL_TOKEN.test(before)) ||
      // "_KEY" names many things: the value must also look random (two digits or more)
      (/^[_-]key/i.test(g[1] ?? "") && (NOT_CREDENTIAL_KEY.test(before.replace(/[_.-]+$/, "")) || (value.match(/\d/g)?.length ?? 0) < 2)),
  },
];

/**
 * A Secret's data value decodes to text that holds a credential: printable, 8+ characters, not a
 * placeholder, not a certificate or public key (those are often stored next to the private key),
 * not a hex digest; random bytes (a key in DER) count too, when their base64 looks random.
 */
function isSecretData(b64: string): boolean {
  if (/^[0-9a-f]+$/i.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length < 8) return false;
  const text = bytes.toString("utf8");
  const printable = /^[\x20-\x7e\t\r\n]*$/.test(text);
  // random bytes: their base64 mixes cases and digits ("postgrespassword", a name, decodes to bytes too)
  if (!printable) return /[a-z]/.test(b64) && /[A-Z]/.test(b64) && /\d/.test(b64);
  if (/-----BEGIN (?:CERTIFICATE|PUBLIC KEY|[A-Z ]*PUBLIC KEY)-----|^ssh-(?:rsa|ed25519|dss) |^ecdsa-sha2-/.test(text)) return false;
  const value = text.trim();
  return value.length >= 8 && !isPlaceholder(value) && shannonEntropy(value) >= 2.5;
}

/** The password of a Basic credential ("user:password" in base64), when it looks like a real one. */
function basicAuthPassword(b64: string): boolean {
  if (b64.replace(/=+$/, "").length % 4 === 1) return false;
  const text = Buffer.from(b64, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 1 || !/^[\x20-\x7e]+$/.test(text)) return false;
  const [user, password] = [text.slice(0, colon), text.slice(colon + 1)];
  return password.length >= 6 && !weakPassword(password, user) && !isPlaceholder(password) && shannonEntropy(password) >= 2.5;
}

const DB_SCHEME =
  /(?:^|[^A-Za-z0-9+.-])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j(?:\+s)?|ldaps?|smtps?|ftps?|sftp|https?|git\+https?|jdbc:[a-z]{2,20})(?:\+[a-z][a-z0-9_]{0,20})?$/i;

const WEAK_DEV_PASSWORDS = new Set(["password", "pass", "passwd", "secret", "postgres", "root", "admin", "mysql", "guest", "test", "user", "pwd"]);

/** A password of a URL, curl or Basic credential that is no credential: the user's name, a dev default, or one that says "password". */
function weakPassword(password: string, user: string): boolean {
  return password === user || WEAK_DEV_PASSWORDS.has(password.toLowerCase()) || /passw(?:or)?d/i.test(password);
}

function jwtHeaderHasAlg(jwt: string): boolean {
  const header = jwt.slice(0, jwt.indexOf("."));
  try {
    return /"alg"\s*:/.test(Buffer.from(header, "base64url").toString("utf8"));
  } catch {
    return false;
  }
}

// Names that hold metadata about a secret, not the secret itself ("token_url", "password_length",
// "secret_hash": a digest of a secret does not give it away).
const NON_SECRET_NAME = /(?:^|[_.-]|[a-z])(?:id|ids|name|names|type|types|path|file|dir|url|uri|endpoint|length|len|size|count|field|header|env|var|prefix|suffix|format|policy|expiry|expires|expiration|timeout|ttl|limit|label|regex|pattern|hint|min|max|ref|version|mode|enabled|required|provider|manager|store|kind|alg|algorithm|enc|encoding|method|scheme|hash|hashed|digest|checksum|fingerprint|sha1|sha256|sha512|md5)$/i;

/** Generic assignments: keep only values that look random and are not references or code. */
function notGenericSecret(name: string, value: string, whole: string): boolean {
  if (value.length < 12 || value.length > 200) return true;
  // a tokenizer is not a token
  if (/^tokeni[sz]/i.test(name)) return true;
  // setApiKey("…") names the setter; in Tokenizer.from_pretrained("…") the keyword is not what is called
  if (whole[name.length] === "(" && name.includes(".")) return true;
  // "<password>" as an XML element holds its value up to the closing tag; elsewhere it is a
  // placeholder (mongodb+srv://<username>:<password>@cluster0…)
  if (whole[name.length] === ">" && !whole.endsWith("<")) return true;
  if (value.startsWith("@")) return true;
  // timestamps (elided and patterned examples are placeholders: placeholders.ts)
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return true;
  // a quoted list ('NSTokenField', 'NSTrackingArea…') is not set("api_key", "…") unless the value has a digit
  if (!/\d/.test(value) && /^["'][ \t]*,/.test(whole.slice(name.length))) return true;
  // Stripe test-mode keys and publishable keys are not the live secret keys the Stripe rule looks for
  if (/^(?:[spr]k_test_|pk_live_)/.test(value)) return true;
  // a value naming what it is ("usertoken123", "my-db-password") is an example; URLs have their rule
  if (/password|passwd|secret|token|key/i.test(value) || value.includes("://")) return true;
  // identifiers: CONSTANT_NAMES and bundler aliases (Foo$1)
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) || /^[A-Za-z_][\w]*\$\d*$/.test(value)) return true;
  if (NON_SECRET_NAME.test(name)) return true;
  if (/^(?:true|false|null|none|nil|undefined|required|optional|string|bool|int|number)$/i.test(value)) return true;
  if (/^(?:https?|file|s3|gs):\/\//i.test(value)) return true;
  // password hashes are not credentials: bcrypt, argon2, crypt(3), hash-prefixed digests
  if (/^\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|pbkdf2[\w-]*|scrypt)\$/.test(value) || /^(?:sha\d+|md5|sha)[:$-]/i.test(value)) return true;
  // member access and calls: process.env.X, os.environ, self.password, secrets.TOKEN
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\)?$/.test(value) || value.includes("(")) return true;
  // a path (./a/b, prod/db/pass, keys/ci.pem) or a file name (id_rsa.pub); base64 keys hold "/" too,
  // so only lowercase segments or a file extension make a path
  if (/^(?:~|\.{1,2})?\//.test(value) || /^[\w-]+\.[a-z]{2,5}$/.test(value)) return true;
  if (value.includes("/") && (/\/[\w-]+\.[a-z]{2,5}$/.test(value) || value.split("/").every((seg) => /^[a-z0-9_.-]*$/.test(seg)))) return true;
  const hasDigit = /\d/.test(value);
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  if (!hasDigit) {
    // letters only: identifiers (camelCase, snake_case, kebab-case) unless mixed case throughout;
    // symbols mark a password (cu%xfMZldg%BHi), which identifiers never hold
    if (!(hasLower && hasUpper)) return true;
    if (/[!@#$%^&*?~]/.test(value)) return false;
    if (value.length < 16) return true;
    if (/^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$/.test(value.replace(/[_.-]/g, ""))) return true;
    const uppers = value.replace(/[^A-Z]/g, "").length;
    if (uppers < 4 || uppers > value.length - 4) return true;
  } else if (!hasLower && !hasUpper) {
    return true; // numbers, dates, versions
  }
  // identifiers in camel or Pascal case, with a version or year (FiberForceLengthPassiveDeGroote2016)
  if (/^[A-Za-z][a-z]*(?:[A-Z][a-z]+)+$/.test(value.replace(/\d{1,4}$/, ""))) return true;
  // lowercase words joined by separators ("my-app-secret-v2", "db_pass_2024") are names, not keys
  if (/[_.-]/.test(value) && value.split(/[_.-]/).every((w) => /^(?:[a-z]{0,12}|\d+|[a-z]{1,2}\d{1,4})$/.test(w))) return true;
  return false;
}
