/**
 * How JavaScript values stand in for Go values inside the template engine.
 *
 * - `string`, `boolean`: Go string / bool.
 * - `number`: an integral number is a Go int, any other a float64 (so `1e6` prints as `1000000`, not `1e+06`).
 * - `null`: a nil interface (prints `<nil>`, marshals as `null`).
 * - `undefined`: Go's invalid value, i.e. a missing map key (prints `<no value>`).
 * - arrays: Go slices.
 * - plain objects: `map[string]interface{}`; function-valued properties are methods, not entries.
 * - {@link GoRecord}: a typed Go struct or a map type with methods (for error texts and `%v` layout).
 * - {@link GoNil}: a typed nil, e.g. a nil `map[string]string` field, which prints `map[]` rather than `<nil>`.
 */

/**
 * Go parameter kinds the engine checks arguments against, producing Go's error texts. `any` is
 * `interface{}` (a missing value arrives as `null`); `value` is `reflect.Value` (a missing value arrives as
 * `undefined`), as Go's builtins take.
 */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'bool' | '[]string';

/**
 * A template-callable function or method; arguments arrive evaluated. Without `goParams` every parameter is
 * `any` and the arity is `fn.length`; attach signatures with {@link typedFunc}.
 */
export interface GoMethod {
  // biome-ignore lint/suspicious/noExplicitAny: arguments are heterogeneous Go values, typed by goParams.
  (...args: any[]): unknown;
  goParams?: readonly ParamType[];
  /** Element type of a trailing variadic parameter. */
  goVariadic?: ParamType;
}

/** Attach a Go signature to a function so argument errors read like Go's. */
export function typedFunc<F extends GoMethod>(params: readonly ParamType[], fn: F, variadic?: ParamType): F {
  return Object.assign(fn, { goParams: params, goVariadic: variadic });
}

/** Options shared by {@link goStruct} and {@link goMap}. */
export interface GoRecordOptions {
  /** Methods looked up before fields/keys, as Go's template does. */
  methods?: Record<string, GoMethod>;
  /** Value `json` should marshal instead, like a Go `MarshalJSON` method (output has HTML escaped). */
  marshalJSON?: () => unknown;
  /** For maps: the element type's zero value, returned by `index` for a missing key (Go: `""` for map[string]string). */
  zeroValue?: unknown;
  /** Struct fields tagged `omitempty`: left out of JSON when nil or empty. */
  omitEmpty?: readonly string[];
}

/** A Go struct or named map type. */
export class GoRecord {
  readonly kind: 'struct' | 'map';
  /** Go type as printed in errors, e.g. `volume.Volume` or `*formatter.volumeContext`. */
  readonly typeName: string;
  /** Struct fields in declaration order, or map entries. */
  readonly fields: Record<string, unknown>;
  readonly methods: Record<string, GoMethod>;
  readonly marshalJSON: (() => unknown) | undefined;
  readonly zeroValue: unknown;
  readonly omitEmpty: readonly string[];

  constructor(
    kind: 'struct' | 'map',
    typeName: string,
    fields: Record<string, unknown>,
    options: GoRecordOptions = {},
  ) {
    this.kind = kind;
    this.typeName = typeName;
    this.fields = fields;
    this.methods = options.methods ?? {};
    this.marshalJSON = options.marshalJSON;
    this.zeroValue = 'zeroValue' in options ? options.zeroValue : null;
    this.omitEmpty = options.omitEmpty ?? [];
  }
}

/** Build a struct: unknown fields are an execution error naming `typeName`. */
export function goStruct(
  typeName: string,
  fields: Record<string, unknown>,
  options?: GoRecordOptions,
): GoRecord {
  return new GoRecord('struct', typeName, fields, options);
}

/** Build a typed map: missing keys print `<no value>`, `%v` sorts keys. */
export function goMap(
  entries: Record<string, unknown>,
  typeName: string,
  options?: GoRecordOptions,
): GoRecord {
  return new GoRecord('map', typeName, entries, options);
}

/** A typed nil: Go prints nil maps as `map[]`, nil slices as `[]`, nil pointers as `<nil>`. */
export class GoNil {
  readonly kind: 'map' | 'slice' | 'pointer';
  /** Go type for error texts, e.g. `*volume.UsageData`. */
  readonly typeName: string;
  /** For nil maps: the element zero value `index` returns. */
  readonly zeroValue: unknown;
  constructor(kind: 'map' | 'slice' | 'pointer', typeName: string, zeroValue: unknown = null) {
    this.kind = kind;
    this.typeName = typeName;
    this.zeroValue = zeroValue;
  }
}

/** A nil `map[string]string`, the usual type of Labels/Options. */
export const NIL_STRING_MAP: GoNil = new GoNil('map', 'map[string]string', '');

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Entries of a map-like value, skipping methods. */
export function mapEntries(v: Record<string, unknown>): [string, unknown][] {
  return Object.entries(v).filter(([, x]) => typeof x !== 'function');
}

/** Go-ish type name for error messages. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) {
    return v.length > 0 && v.every((x) => typeof x === 'string') ? '[]string' : '[]interface {}';
  }
  if (v instanceof GoRecord || v instanceof GoNil) return v.typeName;
  return 'map[string]interface {}';
}

/** Go's template truth: zero values and empty collections are false. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoNil) return false;
  if (v instanceof GoRecord) return v.kind === 'struct' || mapEntries(v.fields).length > 0;
  if (isPlainObject(v)) return mapEntries(v).length > 0;
  return true;
}
