/** Go's encoding/json output over the value model in go-values.ts. */
import { GoNil, GoRecord, isPlainObject, mapEntries, truth } from './go-values.ts';

/** Options for {@link marshalJSON}. */
export interface MarshalOptions {
  /** Escape `<`, `>`, `&` as `\u003c` etc. json.Marshal does; docker's `json` template function does not. */
  escapeHTML: boolean;
  /** Indent unit as for json.MarshalIndent (prefix is always empty); compact when absent. */
  indent?: string;
}

const SHORT_ESC: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  // Go 1.22+ (docker CLI 28 uses go1.24) writes these short forms.
  '\b': '\\b',
  '\f': '\\f',
};

/** A Go JSON string literal. */
export function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    const esc = SHORT_ESC[ch];
    if (esc) out += esc;
    else if (code < 0x20 || (escapeHTML && (ch === '<' || ch === '>' || ch === '&'))) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    // A lone surrogate is invalid UTF-8 to Go, which substitutes U+FFFD.
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Marshal like Go's encoding/json.
 *
 * Key order: plain objects keep their insertion order, because they normally come straight from the
 * engine's JSON, which Go already wrote with struct fields in declaration order and map keys sorted.
 * {@link GoRecord} structs keep field order and {@link GoRecord} maps sort their keys, as Go does.
 * Undefined values (missing keys) and methods are omitted.
 */
export function marshalJSON(v: unknown, options: MarshalOptions): string {
  return encode(v, options, '');
}

function encode(v: unknown, o: MarshalOptions, cur: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v, o.escapeHTML);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof GoNil) return 'null';
  if (Array.isArray(v)) {
    return wrap(
      '[',
      ']',
      v.map((x) => encode(x, o, cur + (o.indent ?? ''))),
      o,
      cur,
    );
  }
  if (v instanceof GoRecord) {
    if (v.marshalJSON) {
      // A MarshalJSON method uses json.Marshal internally, which always escapes HTML.
      const raw = marshalJSON(v.marshalJSON(), { escapeHTML: true });
      return o.indent === undefined ? raw : encode(JSON.parse(raw), { ...o, escapeHTML: true }, cur);
    }
    const entries = mapEntries(v.fields).filter(
      ([k, x]) => x !== undefined && !(v.omitEmpty.includes(k) && !truth(x)),
    );
    if (v.kind === 'map') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return encodeObject(entries, o, cur);
  }
  if (isPlainObject(v))
    return encodeObject(
      mapEntries(v).filter(([, x]) => x !== undefined),
      o,
      cur,
    );
  return jsonString(String(v), o.escapeHTML);
}

function encodeObject(entries: [string, unknown][], o: MarshalOptions, cur: string): string {
  const inner = cur + (o.indent ?? '');
  const sep = o.indent === undefined ? ':' : ': ';
  return wrap(
    '{',
    '}',
    entries.map(([k, x]) => `${jsonString(k, o.escapeHTML)}${sep}${encode(x, o, inner)}`),
    o,
    cur,
  );
}

function wrap(open: string, close: string, items: string[], o: MarshalOptions, cur: string): string {
  if (items.length === 0) return open + close;
  if (o.indent === undefined) return `${open}${items.join(',')}${close}`;
  const inner = cur + o.indent;
  return `${open}\n${items.map((x) => inner + x).join(',\n')}\n${cur}${close}`;
}
