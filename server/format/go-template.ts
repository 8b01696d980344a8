/**
 * Go text/template execution with docker's template functions, for `--format` / `-f`.
 *
 * Values follow the model documented in go-values.ts: plain objects are Go maps (missing key prints
 * `<no value>`), `null` is a nil interface (`<nil>`), and a nil *map* field must be passed as a {@link GoNil}
 * (e.g. {@link NIL_STRING_MAP}) to print as `map[]`. Use {@link goStruct} when unknown fields must be an
 * execution error, as they are for docker's typed contexts.
 *
 * Not supported: `define`/`template`/`block`, complex numbers, custom delimiters.
 */
import { formatValue, sprint, sprintf, sprintln } from './go-fmt.ts';
import { marshalJSON } from './go-json.ts';
import {
  type ArgNode,
  type CommandNode,
  location,
  type Node,
  nodeString,
  type PipeNode,
  parse,
  TemplateError,
  type VariableNode,
} from './go-template-parse.ts';
import {
  type GoMethod,
  GoNil,
  GoRecord,
  goTypeName,
  isPlainObject,
  mapEntries,
  type ParamType,
  truth,
  typedFunc,
} from './go-values.ts';

export { TemplateError } from './go-template-parse.ts';
export { GoNil, GoRecord, goMap, goStruct, NIL_STRING_MAP, typedFunc } from './go-values.ts';

/** Template functions by name. */
export type FuncMap = Record<string, GoMethod>;

/** Options for {@link Template.execute}. */
export interface ExecuteOptions {
  /** `error` is Go's `missingkey=error` (docker's raw-JSON inspect fallback); default prints `<no value>`. */
  missingKey?: 'default' | 'error';
  /** Replace functions for this run, like Go's `tmpl.Funcs(...)` before Execute (docker's header functions). */
  funcs?: FuncMap;
}

/** Raised by functions; the engine reports it as `error calling NAME: MESSAGE`. */
class FuncError extends Error {}

const MISSING: unique symbol = Symbol('missing');
type Final = unknown;
const BREAK: unique symbol = Symbol('break');
const CONTINUE: unique symbol = Symbol('continue');

// ---- builtins ----

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'other';
function basicKind(v: unknown): Kind {
  if (v === null || v === undefined) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new FuncError('incompatible types for comparison');
      continue;
    }
    if (k1 === 'other') throw new FuncError(`non-comparable type ${formatValue(b)}: ${goTypeName(b)}`);
    if (a === b || (k1 === 'invalid' && k2 === 'invalid')) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (
    k1 === 'invalid' ||
    k1 === 'bool' ||
    k1 === 'other' ||
    k2 === 'invalid' ||
    k2 === 'bool' ||
    k2 === 'other'
  ) {
    throw new FuncError('invalid type for comparison');
  }
  if (k1 !== k2) throw new FuncError('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

function goLen(v: unknown): number {
  if (v === null || v === undefined) throw new FuncError('len of nil pointer');
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (v instanceof GoNil && v.kind !== 'pointer') return 0;
  if (v instanceof GoRecord && v.kind === 'map') return mapEntries(v.fields).length;
  if (isPlainObject(v)) return mapEntries(v).length;
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

function indexArg(i: unknown, cap: number): number {
  if (i === null || i === undefined) throw new FuncError('cannot index slice/array with nil');
  if (typeof i !== 'number' || !Number.isInteger(i)) {
    throw new FuncError(`cannot index slice/array with type ${goTypeName(i)}`);
  }
  if (i < 0 || i > cap) throw new FuncError(`index out of range: ${i}`);
  return i;
}

function goIndex(item: unknown, ...indexes: unknown[]): unknown {
  if (item === null || item === undefined) throw new FuncError('index of untyped nil');
  let cur: unknown = item;
  for (const i of indexes) {
    if (cur === null || (cur instanceof GoNil && cur.kind === 'pointer'))
      throw new FuncError('index of nil pointer');
    if (typeof cur === 'string' || Array.isArray(cur)) {
      const bytes = typeof cur === 'string' ? Buffer.from(cur, 'utf8') : undefined;
      const len = bytes ? bytes.length : (cur as unknown[]).length;
      const x = indexArg(i, len);
      if (x === len) throw new FuncError(`reflect: ${bytes ? 'string' : 'slice'} index out of range`);
      // Indexing a Go string yields a byte.
      cur = bytes ? bytes[x] : (cur as unknown[])[x];
    } else if (cur instanceof GoNil && cur.kind === 'slice') {
      indexArg(i, 0);
      throw new FuncError('reflect: slice index out of range');
    } else if (cur instanceof GoNil || cur instanceof GoRecord || isPlainObject(cur)) {
      if (cur instanceof GoRecord && cur.kind === 'struct')
        throw new FuncError(`can't index item of type ${cur.typeName}`);
      if (typeof i !== 'string') throw new FuncError(`value has type ${goTypeName(i)}; should be string`);
      const fields = cur instanceof GoNil ? {} : cur instanceof GoRecord ? cur.fields : cur;
      const zero = cur instanceof GoNil || cur instanceof GoRecord ? cur.zeroValue : null;
      const hit = Object.hasOwn(fields, i) ? fields[i] : undefined;
      cur = hit === undefined || typeof hit === 'function' ? zero : hit;
    } else throw new FuncError(`can't index item of type ${goTypeName(cur)}`);
  }
  return cur;
}

function goSlice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === null || item === undefined) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    len = item.length;
  } else if (Array.isArray(item)) len = item.length;
  else throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len];
  indexes.forEach((v, k) => {
    idx[k] = indexArg(v, len);
  });
  const [from = 0, to = len] = idx;
  if (from > to) throw new FuncError(`invalid slice index: ${from} > ${to}`);
  return item.slice(from, to);
}

/** strings.Title: upper-case letters that follow a separator. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const sep = /[\p{L}\p{Nd}_]/u.test(prev) ? false : prev.charCodeAt(0) < 0x80 || /\s/u.test(prev);
    out += sep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** strings.Split, including Go's split-into-characters for an empty separator. */
function split(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep);
}

const V: ParamType = 'value';

/** Go's predefined template functions (and/or are evaluated lazily by the engine). */
const BUILTINS: FuncMap = {
  and: typedFunc([V], () => undefined, V),
  or: typedFunc([V], () => undefined, V),
  not: typedFunc([V], (v: unknown) => !truth(v)),
  len: typedFunc([V], goLen),
  index: typedFunc([V], goIndex, V),
  slice: typedFunc([V], goSlice, V),
  print: typedFunc([], (...a: unknown[]) => sprint(a), 'any'),
  println: typedFunc([], (...a: unknown[]) => sprintln(a), 'any'),
  printf: typedFunc(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), 'any'),
  eq: typedFunc([V], eq, V),
  ne: typedFunc([V, V], (a: unknown, b: unknown) => !eq(a, b)),
  lt: typedFunc([V, V], lt),
  le: typedFunc([V, V], (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  gt: typedFunc([V, V], (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b))),
  ge: typedFunc([V, V], (a: unknown, b: unknown) => !lt(a, b)),
};

/** docker/cli templates.basicFunctions. */
export const DOCKER_FUNCS: FuncMap = {
  // docker's json encoder disables HTML escaping and trims the encoder's newline.
  json: typedFunc(['any'], (v: unknown) => marshalJSON(v, { escapeHTML: false }).trim()),
  split: typedFunc(['string', 'string'], split),
  join: typedFunc(['[]string', 'string'], (a: string[], sep: string) => a.join(sep)),
  title: typedFunc(['string'], title),
  lower: typedFunc(['string'], (s: string) => s.toLowerCase()),
  upper: typedFunc(['string'], (s: string) => s.toUpperCase()),
  pad: typedFunc(
    ['string', 'int', 'int'],
    (s: string, l: number, r: number) => ' '.repeat(l) + s + ' '.repeat(r),
  ),
  truncate: typedFunc(['string', 'int'], (s: string, n: number) => (s.length < n ? s : s.slice(0, n))),
};

/** docker/cli templates.HeaderFunctions: used for table headers, they return the column name untouched. */
export const HEADER_FUNCS: FuncMap = {
  json: typedFunc(['string'], (v: string) => v),
  split: typedFunc(['string', 'string'], (v: string) => v),
  join: typedFunc(['string', 'string'], (v: string) => v),
  title: typedFunc(['string'], (v: string) => v),
  lower: typedFunc(['string'], (v: string) => v),
  upper: typedFunc(['string'], (v: string) => v),
  truncate: typedFunc(['string', 'int'], (v: string) => v),
  pad: typedFunc(['string', 'int', 'int'], (v: string) => v),
};

const GO_PARAM_NAME: Record<string, string> = {
  string: 'string',
  int: 'int',
  bool: 'bool',
  '[]string': '[]string',
  any: 'interface {}',
  value: 'reflect.Value',
};

function methodOf(receiver: unknown, name: string): GoMethod | undefined {
  if (receiver instanceof GoRecord)
    return Object.hasOwn(receiver.methods, name) ? receiver.methods[name] : undefined;
  if (isPlainObject(receiver) && Object.hasOwn(receiver, name)) {
    const m = receiver[name];
    if (typeof m === 'function') return m as GoMethod;
  }
  return undefined;
}

/** A parsed template. */
export class Template {
  readonly source: string;
  private readonly root: Node[];
  private readonly funcs: FuncMap;

  constructor(source: string, root: Node[], funcs: FuncMap) {
    this.source = source;
    this.root = root;
    this.funcs = funcs;
  }

  /** Run the template against `data`; throws {@link TemplateError} of kind `exec` with the partial output. */
  execute(data: unknown, options: ExecuteOptions = {}): string {
    const run = new Execution(
      this.source,
      { ...this.funcs, ...options.funcs },
      options.missingKey === 'error',
      data,
    );
    return run.run(this.root);
  }
}

/**
 * Parse `text` (Go text/template syntax). `funcs` defaults to docker's function set; Go's builtins are
 * always available. Throws {@link TemplateError} of kind `parse` with Go's message, e.g.
 * `template: :1: unexpected <.> in operand`.
 */
export function parseTemplate(text: string, funcs: FuncMap = DOCKER_FUNCS): Template {
  const all = { ...BUILTINS, ...funcs };
  const root = parse(text, (name) => Object.hasOwn(all, name));
  return new Template(text, root, all);
}

class Execution {
  private out = '';
  private at: ArgNode | CommandNode | PipeNode | undefined;
  private readonly vars: { name: string; value: unknown }[];
  private readonly source: string;
  private readonly funcs: FuncMap;
  private readonly missingKeyError: boolean;

  constructor(source: string, funcs: FuncMap, missingKeyError: boolean, data: unknown) {
    this.source = source;
    this.funcs = funcs;
    this.missingKeyError = missingKeyError;
    this.vars = [{ name: '$', value: data }];
  }

  run(root: Node[]): string {
    this.walkList(this.vars[0]?.value, root);
    return this.out;
  }

  private errorf(msg: string): never {
    const at = this.at;
    const text = at
      ? `template: ${location(this.source, at.pos)}: executing "" at <${nodeString(at)}>: ${msg}`
      : `template: : ${msg}`;
    throw new TemplateError('exec', text, this.out);
  }

  private walkList(dot: unknown, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: unknown, node: Node): void {
    switch (node.type) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out += formatValue(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, node.pipe);
        if (truth(v)) this.walkList(node.type === 'with' ? v : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private walkRange(dot: unknown, node: Extract<Node, { list: Node[] }>): void {
    this.at = node.pipe;
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    const inner = this.vars.length;
    const decl = node.pipe.decl;
    const one = (index: unknown, elem: unknown): boolean => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) {
          this.setVar(decl[0]?.ident[0] ?? '', decl.length > 1 ? index : elem);
          if (decl.length > 1) this.setVar(decl[1]?.ident[0] ?? '', elem);
        } else {
          this.setTopVar(1, elem);
          if (decl.length > 1) this.setTopVar(2, index);
        }
      }
      try {
        this.walkList(elem, node.list);
      } catch (e) {
        if (e === BREAK) return false;
        if (e !== CONTINUE) throw e;
      } finally {
        this.vars.length = inner;
      }
      return true;
    };
    let items: [unknown, unknown][] = [];
    if (Array.isArray(val)) items = val.map((v, i) => [i, v]);
    else if (typeof val === 'number' && Number.isInteger(val)) {
      if (decl.length > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      items = Array.from({ length: Math.max(0, val) }, (_, i) => [i, i]);
    } else if ((val instanceof GoRecord && val.kind === 'map') || isPlainObject(val)) {
      const fields = val instanceof GoRecord ? val.fields : val;
      items = mapEntries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    } else if (val !== null && val !== undefined && !(val instanceof GoNil)) {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    for (const [k, v] of items) if (!one(k, v)) break;
    if (items.length === 0 && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = mark;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0] ?? '', value);
      else this.vars.push({ name: v.ident[0] ?? '', value });
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${args[0] ? nodeString(args[0]) : ''}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        this.at = first;
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return first.value;
      case 'string':
        return first.text;
    }
  }

  private evalChain(
    dot: unknown,
    chain: Extract<ArgNode, { type: 'chain' }>,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.at = chain;
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const recv = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, recv, chain, chain.field, args, final);
  }

  private evalVariable(dot: unknown, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at = v;
    const value = this.varValue(v.ident[0] ?? '');
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: ArgNode,
    ident: string[],
    args: ArgNode[],
    final: Final,
  ): unknown {
    let recv = receiver;
    for (let i = 0; i < ident.length - 1; i++)
      recv = this.evalField(dot, ident[i] ?? '', node, [], MISSING, recv);
    return this.evalField(dot, ident.at(-1) ?? '', node, args, final, recv);
  }

  private evalField(
    dot: unknown,
    name: string,
    node: ArgNode,
    args: ArgNode[],
    final: Final,
    recv: unknown,
  ): unknown {
    if (recv === undefined) {
      if (this.missingKeyError) this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    const method = methodOf(recv, name);
    if (method) return this.evalCall(dot, method, false, node, name, args, final);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (recv === null) return this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (recv instanceof GoRecord && recv.kind === 'struct' && Object.hasOwn(recv.fields, name)) {
      if (!/^\p{Lu}/u.test(name))
        this.errorf(`${name} is an unexported field of struct type ${recv.typeName}`);
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return recv.fields[name] ?? null;
    }
    const isMap = (recv instanceof GoRecord && recv.kind === 'map') || isPlainObject(recv);
    if (isMap || (recv instanceof GoNil && recv.kind === 'map')) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const fields = recv instanceof GoRecord ? recv.fields : isMap ? (recv as Record<string, unknown>) : {};
      const v = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (v === undefined && this.missingKeyError)
        this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      return v;
    }
    if (recv instanceof GoNil && recv.kind === 'pointer')
      this.errorf(`nil pointer evaluating ${recv.typeName}.${name}`);
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(recv)}`);
  }

  private evalFunction(
    dot: unknown,
    node: Extract<ArgNode, { type: 'identifier' }>,
    cmd: ArgNode | CommandNode,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.at = node;
    const fn = Object.hasOwn(this.funcs, node.ident) ? this.funcs[node.ident] : undefined;
    if (!fn) return this.errorf(`${JSON.stringify(node.ident)} is not a defined function`);
    const builtin = Object.hasOwn(BUILTINS, node.ident) && fn === BUILTINS[node.ident];
    return this.evalCall(dot, fn, builtin, cmd, node.ident, args, final);
  }

  private evalCall(
    dot: unknown,
    fn: GoMethod,
    isBuiltin: boolean,
    node: ArgNode | CommandNode,
    name: string,
    args: ArgNode[],
    final: Final,
  ): unknown {
    const argNodes = args.slice(1);
    const params: readonly ParamType[] = fn.goParams ?? Array<ParamType>(fn.length).fill('any');
    const variadic = fn.goVariadic;
    const numIn = argNodes.length + (final === MISSING ? 0 : 1);
    if (variadic !== undefined) {
      if (numIn < params.length) {
        this.errorf(
          `wrong number of args for ${name}: want at least ${params.length} got ${argNodes.length}`,
        );
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
    const typeAt = (i: number): ParamType => params[i] ?? variadic ?? 'any';

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of argNodes) {
        v = this.evalArg(dot, V, a);
        if (truth(v) === (name === 'or')) return v;
      }
      return final === MISSING ? v : final;
    }

    const argv = argNodes.map((a, i) => this.evalArg(dot, typeAt(i), a));
    if (final !== MISSING) argv.push(this.validateType(final, typeAt(argNodes.length)));
    try {
      return fn(...argv);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.at = node;
      return this.errorf(`error calling ${name}: ${(e as Error).message}`);
    }
  }

  private evalArg(dot: unknown, type: ParamType | undefined, n: ArgNode): unknown {
    this.at = n;
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === undefined || type === 'any' || type === V || type === '[]string') return null;
        return this.errorf(`cannot assign nil to ${GO_PARAM_NAME[type]}`);
      case 'field':
        return this.validateType(this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING), type);
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [], MISSING), type);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, [], MISSING), type);
    }
    const found = nodeString(n);
    switch (type) {
      case 'bool':
        return n.type === 'bool' ? n.value : this.errorf(`expected bool; found ${found}`);
      case 'int':
        return n.type === 'number' && n.isInt ? n.value : this.errorf(`expected integer; found ${found}`);
      case 'string':
        return n.type === 'string' ? n.text : this.errorf(`expected string; found ${found}`);
      case '[]string':
        return this.errorf(`can't handle ${found} for arg of type []string`);
      default:
        return n.type === 'string' ? n.text : n.value;
    }
  }

  private validateType(value: unknown, type: ParamType | undefined): unknown {
    if (type === undefined || type === V) return value;
    if (value === undefined) {
      if (type === 'any' || type === '[]string')
        return type === 'any' ? null : new GoNil('slice', '[]string');
      return this.errorf(`invalid value; expected ${GO_PARAM_NAME[type]}`);
    }
    const ok =
      type === 'any' ||
      (type === 'string' && typeof value === 'string') ||
      (type === 'bool' && typeof value === 'boolean') ||
      (type === 'int' && typeof value === 'number' && Number.isInteger(value)) ||
      (type === '[]string' && Array.isArray(value) && value.every((x) => typeof x === 'string'));
    if (type === '[]string' && value instanceof GoNil && value.kind === 'slice') return [];
    if (!ok) this.errorf(`wrong type for value; expected ${GO_PARAM_NAME[type]}; got ${goTypeName(value)}`);
    return value;
  }
}
