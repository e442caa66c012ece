// counts of Latin-1 code units, reused: entropy is asked for every candidate secret
const counts = new Uint32Array(256);
const seen: number[] = [];

/** Shannon entropy in bits per character (of UTF-16 code units: secrets are ASCII). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  let other: Map<number, number> | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 256) {
      if (counts[c] === 0) seen.push(c);
      counts[c]!++;
    } else {
      other ??= new Map();
      if (!other.has(c)) seen.push(c);
      other.set(c, (other.get(c) ?? 0) + 1);
    }
  }
  // summed in order of first occurrence, as a Map of the counts would be
  let h = 0;
  for (const c of seen) {
    const p = (c < 256 ? counts[c]! : other!.get(c)!) / s.length;
    h -= p * Math.log2(p);
    if (c < 256) counts[c] = 0;
  }
  seen.length = 0;
  return h;
}

// Documentation and template values (AWS's "…EXAMPLE" keys, "your-api-key", "<token>",
// "${{ secrets.X }}", "xxxx"): the kinds gitleaks and secretlint allowlist. Tested lowercase.
const PLACEHOLDER_WORDS = [
  "example",
  "your",
  "placeholder",
  "changeme",
  "change_me",
  "change-me",
  "redacted",
  "dummy",
  "sample",
  "insert",
  "replace",
  "fake",
  "notreal",
  "not_real",
  "not-a-real",
  "secret_here",
  "token_here",
  "key_here",
  "here",
  "todo",
  "fixme",
  "lorem",
  "123456",
  "abcdefgh",
  "0000000",
  "*****",
  "...",
  "…",
  "a1b2c3",
  "abc123",
  "abcd1234",
  "1234abcd",
  // examples quoted by every OAuth and OTP library: RFC 6749's client secret and tokens, RFC 6750's, RFC 5849 tokens and
  // secrets, Google Authenticator's TOTP secret
  "gx1fbat3bv",
  "2yotnfzfejr1zcsicmwpaa",
  "tgzv3jokf0xg5qx2tlkwia",
  "mf_9.b5f-4.1jqm",
  "hh5s93j4hdidpola",
  "0685bd9184jfhq22",
  "nnch734d00sl2jdk",
  "kd94hf93k423kf44",
  "pfkkdhi9sl3r4s00",
  "jbswy3dpehpk3pxp",
  // RFC 7617's Basic credential ("Aladdin:open sesame") and Mailgun's documented API key
  "open sesame",
  "3ax6xnjp29jd6fds4gc373sgvjxteol0",
  // the example UUID of RFC 4122 tutorials and every UUID library's docs
  "123e4567-e89b-12d3-a456-426614174000",
];
const TEMPLATE_MARKERS = ["${", "{{", "}}", "$(", "%(", "<%", "%>", "#{", "<", ">"];

/**
 * Words of four letters or fewer turn up by chance in long random keys (an 88-character Azure
 * storage key holding "HerE" was dropped as a placeholder: about 1 key in 10,000 per such word):
 * they count only as words of their own (see `standsAlone`).
 */
const SHORT_WORDS = new Set(PLACEHOLDER_WORDS.filter((w) => /^[a-z]{1,4}$/.test(w)));

/**
 * Masks, matched as written: x's of one case, of any length and any neighbours (sk_live_xxxxx…);
 * "XXxX" turned up by chance in a 161-character PyPI token.
 */
const MASKS = ["xxxx", "XXXX"];

/** True when the value is a documented example, a template reference or a placeholder. */
export function isPlaceholder(value: string): boolean {
  const v = value.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (v.includes(w) && (!SHORT_WORDS.has(w) || standsAlone(value, v, w))) return true;
  for (const m of [...MASKS, ...TEMPLATE_MARKERS]) if (value.includes(m)) return true;
  // $VAR, %VAR%, and Python's {name} format fields
  if (/^\$[A-Za-z_]/.test(value) || /^%[A-Za-z_]+%$/.test(value) || /^\{[\w.]*\}$/.test(value)) return true;
  // a run of 6 ("******", "aaaaaa"), or of 8 digits: Slack's and Twilio's tokens hold long digit
  // strings, where 6 equal digits turn up by chance (1 token in ~3,000)
  return hasLongRun(value, 6, 8);
}

const isLetter = (c: string | undefined) => c !== undefined && c.toLowerCase() !== c.toUpperCase();
const isUpper = (c: string | undefined) => isLetter(c) && c === c!.toUpperCase();

/**
 * `w` (lowercase) occurs in `value` (`v` is it lowercased) as a word: written in one case
 * (your, YOUR, Your), and at the value's ends, next to a non-letter or at a camelCase boundary
 * on both sides (your-key-here, YOUR_TOKEN, fakeToken, myFakeKey, key.here).
 */
function standsAlone(value: string, v: string, w: string): boolean {
  for (let i = v.indexOf(w); i !== -1; i = v.indexOf(w, i + 1)) {
    const word = value.slice(i, i + w.length);
    const rest = word.slice(1);
    const oneCase = word === w || word === w.toUpperCase() || (isUpper(word[0]) && rest === rest.toLowerCase());
    const before = value[i - 1];
    const after = value[i + w.length];
    const startsWord = !isLetter(before) || (!isUpper(before) && isUpper(word[0]));
    const endsWord = !isLetter(after) || (!isUpper(word[w.length - 1]) && isUpper(after));
    if (oneCase && startsWord && endsWord) return true;
  }
  return false;
}

/** A run of `n` identical characters ("aaaaaa"), `nDigits` for digits: masks and padding, not random keys. */
export function hasLongRun(s: string, n: number, nDigits = n): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    run = c === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= (c >= 0x30 && c <= 0x39 ? nDigits : n)) return true;
  }
  return false;
}
