/**
 * docker/cli's list formatter (cli/command/formatter): `table`, `json`, raw templates and `-q`, for
 * `docker volume ls` and friends.
 */
import { HEADER_FUNCS, parseTemplate, TemplateError } from './go-template.ts';
import { goMap, typedFunc } from './go-values.ts';
import { tabwrite } from './tabwriter.ts';

/** What a list command hands to {@link formatList}. */
export interface ListFormatInput {
  /** The `--format` value; empty or absent means the default table. */
  format?: string;
  /** `-q`: the quiet format replaces `table` (explicit or default), but an explicit template wins. */
  quiet?: boolean;
  defaultTableFormat: string;
  defaultQuietFormat: string;
  /** The command's `--format raw` templates, if it has them (volume ls does). */
  rawFormat?: string;
  rawQuietFormat?: string;
  /** Column header by field name, e.g. `{ Name: 'VOLUME NAME' }`. */
  headers: Readonly<Record<string, string>>;
  /** Template data per row, e.g. from volumeRowContext(). */
  rows: readonly unknown[];
}

/** Formatted output, or the error text docker prints (exit status 1 for list commands). */
export type ListFormatResult =
  | { ok: true; output: string }
  | { ok: false; kind: 'parse' | 'exec'; error: string };

/** Pick the template docker would use for `--format`/`-q` (NewVolumeFormat and friends). */
export function resolveListFormat(input: ListFormatInput): string {
  const source = input.format ?? '';
  if (source === '' || source === 'table')
    return input.quiet ? input.defaultQuietFormat : input.defaultTableFormat;
  if (source === 'raw' && input.rawFormat !== undefined) {
    return input.quiet ? (input.rawQuietFormat ?? input.rawFormat) : input.rawFormat;
  }
  return source;
}

/**
 * Template text after docker's preFormat: `table` prefix dropped, `json` expanded to `{{json .}}`, spaces
 * trimmed at both ends and the two-character escapes `\t` and `\n` turned into tab and newline.
 */
export function preFormat(format: string): { isTable: boolean; template: string } {
  const isTable = format.startsWith('table');
  let t = isTable ? format.slice('table'.length) : format === 'json' ? '{{json .}}' : format;
  t = t.replace(/^ +| +$/g, '');
  t = t.replace(/\\[tn]/g, (m) => (m === '\\t' ? '\t' : '\n'));
  return { isTable, template: t };
}

/** SubHeaderContext.Label: `{{.Label "com.example.my-key"}}` heads its column `my key`. */
function headerLabel(name: string): string {
  return (name.split('.').at(-1) ?? '').replace(/[-_]/g, ' ');
}

/** Render a list command's output exactly as the docker CLI would. */
export function formatList(input: ListFormatInput): ListFormatResult {
  const { isTable, template } = preFormat(resolveListFormat(input));
  let tmpl: ReturnType<typeof parseTemplate>;
  try {
    tmpl = parseTemplate(template);
  } catch (e) {
    return failure(e);
  }
  let body = '';
  for (const row of input.rows) {
    try {
      body += `${tmpl.execute(row)}\n`;
    } catch (e) {
      return failure(e);
    }
  }
  if (!isTable) return { ok: true, output: body };
  const headerData = goMap({ ...input.headers }, 'formatter.SubHeaderContext', {
    methods: { Label: typedFunc(['string'], headerLabel) },
  });
  let header: string;
  try {
    header = tmpl.execute(headerData, { funcs: HEADER_FUNCS });
  } catch (e) {
    // docker ignores header errors and keeps what was written before them.
    header = e instanceof TemplateError ? e.partialOutput : '';
  }
  return { ok: true, output: tabwrite(`${header}\n${body}`) };
}

function failure(e: unknown): ListFormatResult {
  if (!(e instanceof TemplateError)) throw e;
  return { ok: false, kind: e.kind, error: `template parsing error: ${e.message}` };
}
