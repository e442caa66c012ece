import RE2 from "re2";
import type { Rule } from "./rule.js";

export interface CompiledRules {
  rules: readonly Rule[];
  /** compiled on first use: a pre-commit run over a few lines needs a few rules */
  regexes: (RE2 | undefined)[];
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
    regexes: new Array<RE2 | undefined>(rules.length),
    keywords: new RE2.Set(patterns),
    rulesOfKeyword,
  };
}

export function regexOf(c: CompiledRules, ri: number): RE2 {
  // "d": match indices, so the secret's byte offsets within a Buffer are known
  return (c.regexes[ri] ??= new RE2(c.rules[ri]!.pattern, "gd"));
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
