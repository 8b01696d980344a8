/**
 * Lexer and parser for Go's text/template, following text/template/parse closely enough that parse
 * errors carry Go's wording (`template: :1: unexpected <.> in operand`).
 */

/** A parse or execution failure with Go's message text (without docker's `template parsing error: `). */
export class TemplateError extends Error {
  readonly kind: 'parse' | 'exec';
  /** Output written before an execution error; docker keeps it for table headers. */
  readonly partialOutput: string;
  constructor(kind: 'parse' | 'exec', message: string, partialOutput = '') {
    super(message);
    this.name = 'TemplateError';
    this.kind = kind;
    this.partialOutput = partialOutput;
  }
}

type TokenType =
  | 'text'
  | 'comment'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'bool'
  | 'char'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'eof'
  | 'error'
  // keywords
  | 'dot'
  | 'nil'
  | 'if'
  | 'else'
  | 'end'
  | 'range'
  | 'with'
  | 'define'
  | 'template'
  | 'block'
  | 'break'
  | 'continue';

interface Token {
  type: TokenType;
  val: string;
  pos: number;
  line: number;
}

const KEYWORDS: Record<string, TokenType> = {
  '.': 'dot',
  nil: 'nil',
  if: 'if',
  else: 'else',
  end: 'end',
  range: 'range',
  with: 'with',
  define: 'define',
  template: 'template',
  block: 'block',
  break: 'break',
  continue: 'continue',
};
const KEYWORD_TYPES = new Set<TokenType>(Object.values(KEYWORDS));

/** Go's item.String(), used in "unexpected X in Y". */
function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (KEYWORD_TYPES.has(t.type)) return `<${t.val}>`;
  const chars = [...t.val];
  if (chars.length > 10) return `${goQuoteRaw(chars.slice(0, 10).join(''))}...`;
  return goQuoteRaw(t.val);
}

function goQuoteRaw(s: string): string {
  return JSON.stringify(s);
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** Go's %#U, e.g. `U+0021 '!'`. */
function hashU(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: TokenType, val = input.slice(start, pos)): void => {
    tokens.push({ type, val, pos: start, line: startLine });
    ignore();
  };
  const ignore = (): void => {
    line += countNewlines(input.slice(start, pos));
    start = pos;
    startLine = line;
  };
  const fail = (msg: string): false => {
    tokens.push({ type: 'error', val: msg, pos: start, line: startLine });
    return false;
  };
  const atRightDelim = (): [boolean, boolean] => {
    if (isSpace(input[pos]) && input[pos + 1] === '-' && input.startsWith('}}', pos + 2)) return [true, true];
    return [input.startsWith('}}', pos), false];
  };
  const leftTrimLength = (from: number): number => {
    let n = 0;
    while (isSpace(input[from + n])) n++;
    return n;
  };
  const atTerminator = (): boolean => {
    const c = input[pos];
    if (c === undefined || isSpace(c) || '.,|:)('.includes(c)) return true;
    return input.startsWith('}}', pos);
  };

  const lexText = (): boolean => {
    const x = input.indexOf('{{', pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      return false;
    }
    pos = x;
    let end = pos;
    const trim = input[pos + 2] === '-' && isSpace(input[pos + 3]);
    if (trim) while (end > start && isSpace(input[end - 1])) end--;
    if (end > start) tokens.push({ type: 'text', val: input.slice(start, end), pos: start, line: startLine });
    ignore();
    return lexLeftDelim();
  };

  const lexLeftDelim = (): boolean => {
    pos += 2;
    const after = input[pos] === '-' && isSpace(input[pos + 1]) ? 2 : 0;
    if (input.startsWith('/*', pos + after)) {
      pos += after;
      ignore();
      const x = input.indexOf('*/', pos + 2);
      if (x < 0) return fail('unclosed comment');
      pos = x + 2;
      const [delim, trim] = atRightDelim();
      if (!delim) return fail('comment ends before closing delimiter');
      const tok: Token = { type: 'comment', val: input.slice(start, pos), pos: start, line: startLine };
      pos += (trim ? 2 : 0) + 2;
      if (trim) pos += leftTrimLength(pos);
      ignore();
      tokens.push(tok);
      return true;
    }
    const tok: Token = { type: 'leftDelim', val: '{{', pos: start, line: startLine };
    pos += after;
    ignore();
    tokens.push(tok);
    parenDepth = 0;
    return lexInsideAction();
  };

  const lexRightDelim = (): boolean => {
    const [, trim] = atRightDelim();
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += 2;
    const tok: Token = { type: 'rightDelim', val: '}}', pos: start, line: startLine };
    if (trim) pos += leftTrimLength(pos);
    ignore();
    tokens.push(tok);
    return true;
  };

  const scanNumber = (): boolean => {
    const accept = (set: string): boolean => {
      const c = input[pos];
      if (c !== undefined && set.includes(c)) {
        pos++;
        return true;
      }
      return false;
    };
    const acceptRun = (set: string): void => {
      while (accept(set));
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlnum(input[pos])) {
      pos++;
      return false;
    }
    return true;
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    while (isAlnum(input[pos])) pos++;
    if (!atTerminator())
      return fail(`bad character ${hashU(String.fromCodePoint(input.codePointAt(pos) ?? 0))}`);
    emit(type);
    return true;
  };

  const lexInsideAction = (): boolean => {
    for (;;) {
      const [delim] = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        return lexRightDelim();
      }
      const c = input[pos];
      if (c === undefined) return fail('unclosed action');
      if (isSpace(c)) {
        let n = 0;
        while (isSpace(input[pos])) {
          pos++;
          n++;
        }
        // A " -}}" closes the action; the space belongs to the trim marker.
        if (input[pos - 1] !== undefined && input[pos] === '-' && input.startsWith('}}', pos + 1)) {
          pos--;
          if (n === 1) continue;
        }
        emit('space');
        continue;
      }
      pos += c.length;
      if (c === '=') emit('assign');
      else if (c === ':') {
        if (input[pos] !== '=') return fail('expected :=');
        pos++;
        emit('declare');
      } else if (c === '|') emit('pipe');
      else if (c === '"') {
        for (;;) {
          const d = input[pos++];
          if (d === '\\') {
            const e = input[pos++];
            if (e !== undefined && e !== '\n') continue;
          }
          if (d === undefined || d === '\\' || d === '\n') return fail('unterminated quoted string');
          if (d === '"') break;
        }
        emit('string');
      } else if (c === '`') {
        const x = input.indexOf('`', pos);
        if (x < 0) return fail('unterminated raw quoted string');
        pos = x + 1;
        emit('rawString');
      } else if (c === '$') {
        if (!lexFieldOrVariable('variable')) return false;
      } else if (c === "'") {
        for (;;) {
          const d = input[pos++];
          if (d === '\\') {
            const e = input[pos++];
            if (e !== undefined && e !== '\n') continue;
          }
          if (d === undefined || d === '\\' || d === '\n') return fail('unterminated character constant');
          if (d === "'") break;
        }
        emit('charConstant');
      } else if (c === '.' && pos < input.length && !/[0-9]/.test(input[pos] ?? '')) {
        if (!lexFieldOrVariable('field')) return false;
      } else if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
        pos--;
        if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        emit('number');
      } else if (isAlnum(c)) {
        while (isAlnum(input[pos])) pos++;
        const word = input.slice(start, pos);
        if (!atTerminator()) {
          return fail(`bad character ${hashU(String.fromCodePoint(input.codePointAt(pos) ?? 0))}`);
        }
        const kw = KEYWORDS[word];
        if (kw) emit(kw);
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (c === '(') {
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
      } else if (c.charCodeAt(0) < 0x7f && c >= ' ') emit('char');
      else return fail(`unrecognized character in action: ${hashU(c)}`);
    }
  };

  while (lexText()) {
    /* each round lexes one text run plus one action or comment */
  }
  if (tokens.at(-1)?.type !== 'error') {
    ignore();
    tokens.push({ type: 'eof', val: '', pos: input.length, line });
  }
  return tokens;
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

// ---- AST ----

export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: PipeNode }
  | { type: 'if' | 'with' | 'range'; pos: number; pipe: PipeNode; list: Node[]; elseList: Node[] | undefined }
  | { type: 'break' | 'continue'; pos: number };

export interface PipeNode {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}
export type ArgNode =
  | VariableNode
  | PipeNode
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'chain'; pos: number; node: ArgNode; field: string[] }
  | { type: 'identifier'; pos: number; ident: string }
  | { type: 'dot' | 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; value: number; isInt: boolean; isFloat: boolean }
  | { type: 'string'; pos: number; quoted: string; text: string };

/** Go's Node.String(), used for `executing "" at <...>` contexts. */
export function nodeString(n: ArgNode | CommandNode): string {
  switch (n.type) {
    case 'field':
      return `.${n.ident.join('.')}`;
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return `${n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)}.${n.field.join('.')}`;
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl =
        n.decl.length > 0
          ? `${n.decl.map((d) => d.ident.join('.')).join(', ')} ${n.isAssign ? '=' : ':='} `
          : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
  }
}

/** Go's strconv.Unquote for "..." literals. */
function unquote(q: string): string {
  let out = '';
  for (let i = 1; i < q.length - 1; i++) {
    const c = q[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = q[++i] ?? '';
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
    };
    const s = simple[e];
    if (s !== undefined) {
      out += s;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = q.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) throw new Error('invalid syntax');
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += hexLen;
    } else if (/[0-7]/.test(e)) {
      const oct = q.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid syntax');
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

function parseNumber(tok: Token): ArgNode {
  const text = tok.val;
  const base = { type: 'number' as const, pos: tok.pos, text };
  if (tok.type === 'charConstant') {
    const s = text === "'\\''" ? "'" : unquote(`"${text.slice(1, -1)}"`);
    return { ...base, value: s.codePointAt(0) ?? 0, isInt: true, isFloat: true };
  }
  const clean = text.replace(/_/g, '');
  const m = /^([+-]?)0([xXoObB])([0-9a-fA-F]+)$/.exec(clean);
  if (m) {
    const radix = { x: 16, o: 8, b: 2 }[(m[2] ?? 'x').toLowerCase() as 'x' | 'o' | 'b'];
    const v = Number.parseInt(m[3] ?? '', radix) * (m[1] === '-' ? -1 : 1);
    return { ...base, value: v, isInt: true, isFloat: true };
  }
  if (/^[+-]?\d+$/.test(clean)) {
    // Go treats a leading-zero integer as octal.
    const v = /^[+-]?0\d/.test(clean) ? Number.parseInt(clean, 8) : Number(clean);
    return { ...base, value: v, isInt: true, isFloat: true };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    const v = Number(clean);
    return { ...base, value: v, isInt: Number.isInteger(v), isFloat: true };
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
}

/** Parse a template; throws {@link TemplateError} of kind `parse`. `hasFunction` checks identifiers. */
export function parse(input: string, hasFunction: (name: string) => boolean): Node[] {
  const tokens = lex(input);
  let i = 0;
  let lastLine = 1;
  let actionLine = 0;
  let rangeDepth = 0;
  const vars: string[] = ['$'];

  const errorf = (msg: string): never => {
    throw new TemplateError('parse', `template: :${lastLine}: ${msg}`);
  };
  const next = (): Token => {
    const t = tokens[Math.min(i, tokens.length - 1)] as Token;
    i++;
    lastLine = t.line;
    return t;
  };
  const backup = (n = 1): void => {
    i -= n;
  };
  const peek = (): Token => {
    const t = next();
    backup();
    return t;
  };
  const nextNonSpace = (): Token => {
    let t = next();
    while (t.type === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Token => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const unexpected = (t: Token, context: string): never => {
    if (t.type === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== t.line) {
        extra = ` in action started at :${actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return errorf(`${t.val}${extra}`);
    }
    return errorf(`unexpected ${tokenString(t)} in ${context}`);
  };
  const expect = (type: TokenType, context: string): Token => {
    const t = nextNonSpace();
    if (t.type !== type) unexpected(t, context);
    return t;
  };

  const useVar = (tok: Token): VariableNode => {
    const name = tok.val;
    if (!vars.includes(name)) errorf(`undefined variable ${JSON.stringify(name)}`);
    return { type: 'variable', pos: tok.pos, ident: [name] };
  };

  const term = (): ArgNode | undefined => {
    const t = nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!hasFunction(t.val)) errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        return useVar(t);
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'number':
        try {
          return parseNumber(t);
        } catch (e) {
          return errorf((e as Error).message);
        }
      case 'leftParen':
        return pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        try {
          return {
            type: 'string',
            pos: t.pos,
            quoted: t.val,
            text: t.type === 'string' ? unquote(t.val) : t.val.slice(1, -1).replace(/\r/g, ''),
          };
        } catch (e) {
          return errorf((e as Error).message);
        }
    }
    backup();
    return undefined;
  };

  const operand = (): ArgNode | undefined => {
    const node = term();
    if (!node || peek().type !== 'field') return node;
    const chainPos = peek().pos;
    const fields: string[] = [];
    while (peek().type === 'field') fields.push(next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { type: 'chain', pos: chainPos, node, field: fields };
    }
  };

  const command = (): CommandNode => {
    const cmd: CommandNode = { type: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const t = next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') backup();
      else if (t.type !== 'pipe') unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) errorf('empty command');
    return cmd;
  };

  const OPERAND_START = new Set<TokenType>([
    'bool',
    'charConstant',
    'dot',
    'field',
    'identifier',
    'number',
    'nil',
    'rawString',
    'string',
    'variable',
    'leftParen',
  ]);

  const pipeline = (context: string, end: TokenType): PipeNode => {
    const pipe: PipeNode = { type: 'pipe', pos: peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = peekNonSpace();
      if (v.type !== 'variable') break;
      const beforeVar = i;
      nextNonSpace();
      const nxt = peekNonSpace();
      if (nxt.type === 'assign' || nxt.type === 'declare') {
        pipe.isAssign = nxt.type === 'assign';
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        vars.push(v.val);
        break;
      }
      if (nxt.type === 'char' && nxt.val === ',') {
        nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          errorf('range can only initialize variables');
        }
        errorf(`too many declarations in ${context}`);
      }
      // Not a declaration ("$x foo"): put the variable back as an operand.
      i = beforeVar;
      break;
    }
    for (;;) {
      const t = nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, k) => {
          const first = c.args[0]?.type;
          if (
            first === 'bool' ||
            first === 'dot' ||
            first === 'nil' ||
            first === 'number' ||
            first === 'string'
          ) {
            errorf(`non executable command in pipeline stage ${k + 2}`);
          }
        });
        return pipe;
      }
      if (OPERAND_START.has(t.type)) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(t, context);
    }
  };

  type ListEnd = { type: 'end' | 'else'; pos: number };

  const itemList = (): [Node[], ListEnd] => {
    const list: Node[] = [];
    while (peekNonSpace().type !== 'eof') {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n as ListEnd];
      if (n.type !== 'comment') list.push(n as Node);
    }
    return errorf('unexpected EOF');
  };

  const control = (context: 'if' | 'with' | 'range'): Node => {
    const mark = vars.length;
    const pipe = pipeline(context, 'rightDelim');
    if (context === 'range') rangeDepth++;
    let [list, end] = itemList();
    if (context === 'range') rangeDepth--;
    let elseList: Node[] | undefined;
    if (end.type === 'else') {
      if ((context === 'if' && peek().type === 'if') || (context === 'with' && peek().type === 'with')) {
        next();
        elseList = [control(context)];
      } else {
        [elseList, end] = itemList();
        if (end.type !== 'end') errorf(`expected end; found {{${end.type}}}`);
      }
    }
    vars.length = mark;
    return { type: context, pos: pipe.pos, pipe, list, elseList };
  };

  const action = (): Node | ListEnd => {
    const t = nextNonSpace();
    switch (t.type) {
      case 'else': {
        const p = peekNonSpace();
        if (p.type === 'if' || p.type === 'with') return { type: 'else', pos: p.pos };
        return { type: 'else', pos: expect('rightDelim', 'else').pos };
      }
      case 'end':
        return { type: 'end', pos: expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return control(t.type);
      case 'break':
      case 'continue':
        if (rangeDepth === 0) errorf(`{{${t.type}}} outside {{range}}`);
        expect('rightDelim', `{{${t.type}}}`);
        return { type: t.type, pos: t.pos };
      case 'define':
      case 'template':
      case 'block':
        return errorf(`{{${t.type}}} is not supported here`);
    }
    backup();
    return { type: 'action', pos: peek().pos, pipe: pipeline('command', 'rightDelim') };
  };

  const textOrAction = (): Node | ListEnd | { type: 'comment' } => {
    const t = nextNonSpace();
    switch (t.type) {
      case 'text':
        return { type: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        const saved = actionLine;
        actionLine = t.line;
        try {
          return action();
        } finally {
          actionLine = saved;
        }
      }
      case 'comment':
        return { type: 'comment' };
    }
    return unexpected(t, 'input');
  };

  const root: Node[] = [];
  while (peek().type !== 'eof') {
    const n = textOrAction();
    if (n.type === 'end' || n.type === 'else') errorf(`unexpected {{${n.type}}}`);
    else if (n.type !== 'comment') root.push(n as Node);
  }
  return root;
}

/** `file:line:col` for an execution error at byte offset `pos` (Go counts bytes, not UTF-16 units). */
export function location(input: string, pos: number): string {
  const before = input.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const line = countNewlines(before) + 1;
  const col = Buffer.byteLength(before.slice(nl + 1), 'utf8');
  return `:${line}:${col}`;
}
