/** Go's `strconv.Quote` family, as `%q` prints it: in flag errors, help defaults and `docker ps` commands. */

/**
 * Go's `strconv.Quote` (what `%q` prints for a string): escapes quotes, backslashes,
 * control and non-printable characters; printable Unicode stays as is.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteChar(ch, '"');
  return `${out}"`;
}

/** Go's `%q` of a single byte (pflag formats the offending shorthand byte this way). */
export function goQuoteByte(byte: number): string {
  return `'${quoteChar(String.fromCodePoint(byte), "'")}'`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

// Approximates Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function quoteChar(ch: string, quote: string): string {
  if (ch === quote) return `\\${ch}`;
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  if (PRINTABLE.test(ch)) return ch;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}
