import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * A focused syntax check for regular expressions that Envoy evaluates with RE2 (Istio `regex` string matches,
 * `uriRegexRewrite`, CORS origins). Node has no RE2, and JavaScript's RegExp accepts things RE2 rejects (and the
 * reverse), so this looks for the constructs RE2 does not support — the usual reason a route is rejected:
 *
 * - lookahead `(?=` `(?!`, lookbehind `(?<=` `(?<!`, atomic groups `(?>`, comments `(?#`, branch reset `(?|`,
 *   conditionals `(?(`, recursion and subroutines `(?R)` `(?1)` `(?&name)` `(?P>name)`;
 * - backreferences `\1`…`\9`, `\k<name>`, `\g{1}`, `(?P=name)`;
 * - possessive quantifiers `*+` `++` `?+` `{n}+` and doubled quantifiers `**`;
 * - escapes RE2 lacks: `\G` `\Z` `\K` `\R` `\X`; inline flags other than `i m s U`;
 * - repeat counts above 1000, unbalanced parentheses and unterminated character classes.
 *
 * Returns a description of the first problem with its offset, or `undefined` when none was found (which does not
 * prove the pattern compiles: RE2 also limits program size).
 * @jsii ignore
 */
export function re2Problem(pattern: string): string | undefined {
  let depth = 0;
  let i = 0;
  // Whether the previous token was a quantifier (for `*+`, `**`, `{2}+`), and that quantifier.
  let afterQuantifier = false;
  let lastQuantifier = '';
  let lastQuantifierAt = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const problem = escapeProblem(pattern, i, false);
      if (problem) return problem;
      i += 2;
      afterQuantifier = false;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) return `unterminated character class '[' at offset ${i}`;
      for (let j = i + 1; j < end; j++) {
        if (pattern[j] === '\\') {
          const problem = escapeProblem(pattern, j, true);
          if (problem) return problem;
          j++;
        }
      }
      i = end + 1;
      afterQuantifier = false;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const problem = groupProblem(pattern, i);
        if (problem) return problem;
      }
      depth++;
      i++;
      afterQuantifier = false;
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth < 0) return `unbalanced ')' at offset ${i}`;
      i++;
      afterQuantifier = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (afterQuantifier) {
        if (c === '+') return `possessive quantifier '${lastQuantifier}+' at offset ${lastQuantifierAt}`;
        if (c === '*') return `repeated quantifier '${lastQuantifier}*' at offset ${lastQuantifierAt}`;
        // `x*?` is a lazy quantifier: fine, and it ends the quantifier.
        afterQuantifier = false;
        i++;
        continue;
      }
      afterQuantifier = true;
      lastQuantifier = c;
      lastQuantifierAt = i;
      i++;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        const low = Number(m[1]);
        const high = m[3] ? Number(m[3]) : low;
        if (low > 1000 || high > 1000) return `repeat count above 1000 '${m[0]}' at offset ${i}`;
        if (afterQuantifier) return `repeated quantifier '${lastQuantifier}${m[0]}' at offset ${lastQuantifierAt}`;
        afterQuantifier = true;
        lastQuantifier = m[0];
        lastQuantifierAt = i;
        i += m[0].length;
        continue;
      }
    }
    afterQuantifier = false;
    i++;
  }
  if (depth > 0) return `unbalanced '(' (${depth} group(s) not closed)`;
  return undefined;
}

/** Index of the `]` closing the class opened at `start`, or -1. A `]` right after `[` or `[^` is literal. */
function classEnd(pattern: string, start: number): number {
  let j = start + 1;
  if (pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) {
    if (pattern[j] === '\\') {
      j++;
      continue;
    }
    if (pattern[j] === '[' && pattern[j + 1] === ':') {
      // POSIX class [:alpha:]
      const close = pattern.indexOf(':]', j + 2);
      if (close > 0) {
        j = close + 1;
        continue;
      }
    }
    if (pattern[j] === ']') return j;
  }
  return -1;
}

function escapeProblem(pattern: string, i: number, inClass: boolean): string | undefined {
  const next = pattern[i + 1];
  if (next === undefined) return `trailing '\\' at offset ${i}`;
  if (!inClass && next >= '1' && next <= '9') {
    const following = pattern[i + 2];
    // RE2 reads \12 as an octal escape, \1 alone as a backreference; \8 and \9 are never octal.
    if (next >= '8' || following === undefined || following < '0' || following > '7') return `backreference '\\${next}' at offset ${i}`;
  }
  if (!inClass && (next === 'k' || next === 'g')) return `backreference '\\${next}' at offset ${i}`;
  if ('GZKRX'.includes(next)) return `escape '\\${next}' at offset ${i}`;
  return undefined;
}

function groupProblem(pattern: string, i: number): string | undefined {
  const rest = pattern.slice(i + 2);
  const at = ` at offset ${i}`;
  if (rest.startsWith('=')) return `lookahead '(?='${at}`;
  if (rest.startsWith('!')) return `negative lookahead '(?!'${at}`;
  if (rest.startsWith('<=')) return `lookbehind '(?<='${at}`;
  if (rest.startsWith('<!')) return `negative lookbehind '(?<!'${at}`;
  if (rest.startsWith('>')) return `atomic group '(?>'${at}`;
  if (rest.startsWith('#')) return `comment group '(?#'${at}`;
  if (rest.startsWith('|')) return `branch reset group '(?|'${at}`;
  if (rest.startsWith('(')) return `conditional group '(?('${at}`;
  if (rest.startsWith('P=')) return `named backreference '(?P='${at}`;
  if (rest.startsWith('P>') || rest.startsWith('&')) return `subroutine call '(?${rest[0] === '&' ? '&' : 'P>'}'${at}`;
  if (/^(R|[+-]?\d)/.test(rest)) return `recursion '(?${rest[0]}'${at}`;
  if (rest.startsWith('P<') || rest.startsWith('<')) {
    const m = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    return m ? undefined : `invalid group name${at}`;
  }
  const flags = /^([^:)]*)([:)])/.exec(rest);
  if (!flags) return `unterminated group flags${at}`;
  // `(?:` is a plain non-capturing group; `(?)` is empty.
  if (flags[1] === '' && flags[2] === ':') return undefined;
  if (flags[1] === '' || !/^[imsU]*(-[imsU]+)?$/.test(flags[1])) return `inline flags '(?${flags[1]}' (RE2 supports i, m, s, U)${at}`;
  return undefined;
}

/**
 * Throws a `ValidationError` when `pattern` uses syntax RE2 rejects.
 * @internal
 * @jsii ignore
 */
export function checkRe2(scope: IConstruct, field: string, pattern: string): string {
  const problem = re2Problem(pattern);
  if (problem) {
    throw new ValidationError(scope, field, `must be an RE2 regular expression (Envoy matches with RE2), got '${pattern}' with ${problem}; ` +
      'rewrite it without lookaround, backreferences, possessive quantifiers or atomic groups (https://github.com/google/re2/wiki/Syntax)');
  }
  return pattern;
}
