/** A detection rule. `pattern` is RE2 syntax (linear time: no backreferences, no lookaround). */
export interface Rule {
  id: string;
  description: string;
  /** RE2 pattern; capture group `secretGroup` (default 1) holds the secret, else the whole match */
  pattern: string;
  /** the rule is tried only on text containing one of these (case-insensitive unless `caseSensitive`) */
  keywords: readonly string[];
  /**
   * RE2 fragments that count as keywords too: the token itself, when its format is distinctive
   * but has no literal to filter on (AC + hex digits). Each matches at most KEYWORD_PATTERN_BYTES.
   */
  keywordPatterns?: readonly string[];
  caseSensitive?: boolean;
  /**
   * Its keywords occur in most files (password, token…): its regex runs inside the keyword pass
   * itself rather than in a second pass over the file (at most one rule; see compile.ts).
   */
  common?: boolean;
  /**
   * Every match it accepts holds one of its keywords (its `before` check demands one), and they are
   * too common to filter on (http): it runs on every file, and its keywords are not looked for.
   */
  keywordsImplied?: boolean;
  /**
   * Every match lies within one line and contains a text one of its keywords matches: after the
   * keyword pass the rule runs only over the lines where its keywords were seen, not the file.
   */
  onKeywordLines?: boolean;
  /**
   * With `onKeywordLines`: every match starts where one of its keywords (or keyword patterns)
   * matches, so the rule is run anchored at each place the keyword pass saw one, not over the line.
   * An unanchored search also cost RE2 a reverse program and a reverse DFA run to find where each
   * match starts (16% of a whole scan's instructions).
   */
  startsAtKeyword?: boolean;
  /**
   * With `keywordsImplied`: every match starts with this text (as written). When the keyword pass
   * runs on its automata (pass-dfa.ts), they find where it occurs, and the rule runs anchored there
   * instead of over the whole file.
   */
  startsWith?: string;
  /** the match must not follow a letter, digit or "_" (checked outside the regex, for speed) */
  wordStart?: boolean;
  secretGroup?: number;
  /** minimum Shannon entropy (bits per character) of the secret */
  entropy?: number;
  /** rule-specific allowlist: true = not a secret (example value, reference, look-alike) */
  allow?: (secret: string, groups: readonly (string | undefined)[], before: string) => boolean;
  /** the rule's own placeholder logic replaces the shared one (e.g. private-key bodies) */
  skipSharedPlaceholders?: boolean;
  /** normalise the secret before fingerprinting and previewing (e.g. strip a PEM body's line breaks) */
  normalize?: (secret: string) => string;
  /** the secret is what follows the match: [start, end) of it, or null for none (PEM bodies) */
  extend?: (buf: Buffer, matchEnd: number) => [number, number] | null;
  /**
   * Upper bounds the pattern leaves open ("{16,}" where "{16,200}" is meant: RE2 builds a DFA state
   * per count of a long counted repetition, which cost each run milliseconds of start-up), checked
   * on the match's groups (bytes). False = no match at this offset: the search moves on by one
   * character, as the bounded pattern's would.
   */
  within?: (groups: readonly (Buffer | undefined)[]) => boolean;
  /**
   * The secret, the pattern's last group, is cut after this many characters: "([…]{30,})" and
   * `clip: 120` find what "([…]{30,120})" finds (a longer run is cut there, and the search resumes
   * at the cut), without RE2 building a DFA state per count.
   */
  clip?: number;
  /** the text just before the match (up to 40 bytes) must satisfy this (e.g. a URL scheme) */
  before?: (text: string) => boolean;
  /** report the line of the whole match (a PEM header) rather than of the secret group */
  locateAtMatchStart?: boolean;
}
