/**
 * Splits a command line into words the way a POSIX shell does for the part of the language the lab
 * supports: quotes, backslash escapes and comments. Operators (pipes, redirections, lists, background),
 * variables and unterminated quotes are reported, not guessed at, because the lab shell runs exactly
 * one command per line.
 */
import { parse } from 'shell-quote';

export type TokenizeResult = { ok: true; words: string[] } | { ok: false; reason: string };

/** shell-quote closes an open quote silently; a real shell would wait for more input instead. */
function unterminatedQuote(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return undefined;
    }
  }
  return quote;
}

export function tokenize(line: string): TokenizeResult {
  const quote = unterminatedQuote(line);
  if (quote) {
    return { ok: false, reason: `unterminated ${quote === "'" ? 'single' : 'double'} quote (${quote})` };
  }
  const variables: string[] = [];
  const entries = parse(line, (name) => {
    variables.push(name);
    return '';
  });
  if (variables.length > 0) {
    return {
      ok: false,
      reason: `shell variables ($${variables[0]}) are not available in this lab shell; type the value itself`,
    };
  }
  const words: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      words.push(entry);
    } else if ('comment' in entry) {
      break;
    } else if (entry.op === 'glob') {
      // No files exist for a pattern to match, so a shell without nullglob passes it on unchanged.
      words.push(entry.pattern);
    } else {
      return {
        ok: false,
        reason: `'${entry.op}' is not available: this lab shell runs one command per line, without pipes, redirections or lists`,
      };
    }
  }
  return { ok: true, words };
}
