// The subset of Go's fmt verbs Istio's message templates use (%s %v %q %d %t), so that message texts come out
// byte-for-byte as istioctl prints them: slices print as `[a b]`, %q quotes like strconv.Quote.

/** An argument of a message template. @internal */
export type GoArg = string | number | boolean | ReadonlyArray<string | number>;

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/**
 * Go's strconv.Quote for the characters configuration text contains.
 * @internal
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (GO_ESCAPES[ch] !== undefined) out += GO_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function plain(arg: GoArg): string {
  if (Array.isArray(arg)) return `[${arg.map((a) => String(a)).join(' ')}]`;
  return String(arg);
}

/**
 * Formats a Go template: `%s`/`%v` print the value (slices as `[a b]`), `%q` quotes a string (each element of a
 * slice), `%d` an integer, `%t` a boolean, `%%` a percent sign.
 * @internal
 */
export function goSprintf(template: string, args: ReadonlyArray<GoArg>): string {
  let i = 0;
  return template.replace(/%([svqdt%])/g, (_all, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return Array.isArray(arg) ? `[${arg.map((a) => goQuote(String(a))).join(' ')}]` : goQuote(String(arg));
    return plain(arg);
  });
}
