import RE2 from "re2";
import type { Rule } from "./rule.js";

export interface CompiledRules {
  rules: readonly Rule[];
  regexes: RE2[];
  /** one RE2.Set over every distinct keyword: a single pass tells which rules can match */
  keywords: InstanceType<typeof RE2.Set>;
  /** keyword index → indexes of the rules it enables */
  rulesOfKeyword: number[][];
}

const cache = new WeakMap<readonly Rule[], CompiledRules>();

export function compileRules(rules: readonly Rule[]): CompiledRules {
  let c = cache.get(rules);
  if (!c) {
    c = build(rules);
    cache.set(rules, c);
  }
  return c;
}

function build(rules: readonly Rule[]): CompiledRules {
  const patterns: string[] = [];
  const indexOf = new Map<string, number>();
  const rulesOfKeyword: number[][] = [];
  rules.forEach((rule, ri) => {
    for (const kw of rule.keywords) {
      const p = (rule.caseSensitive ? "" : "(?i)") + escapeRe2(kw);
      let ki = indexOf.get(p);
      if (ki === undefined) {
        ki = patterns.length;
        patterns.push(p);
        indexOf.set(p, ki);
        rulesOfKeyword.push([]);
      }
      if (!rulesOfKeyword[ki]!.includes(ri)) rulesOfKeyword[ki]!.push(ri);
    }
  });
  return {
    rules,
    // "d": match indices, so the secret's byte offsets within a Buffer are known
    regexes: rules.map((r) => new RE2(r.pattern, "gd")),
    keywords: new RE2.Set(patterns),
    rulesOfKeyword,
  };
}

function escapeRe2(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** Indexes of the rules whose keywords occur in `buf`, ascending (rule priority order). */
export function candidateRules(c: CompiledRules, buf: Buffer): number[] {
  const hit = new Set<number>();
  for (const ki of c.keywords.match(buf)) for (const ri of c.rulesOfKeyword[ki]!) hit.add(ri);
  return [...hit].sort((a, b) => a - b);
}
