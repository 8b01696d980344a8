/** docker/cli's inspect output (cli/command/inspect): indented JSON, or `-f` templates per element. */
import { marshalJSON } from './go-json.ts';
import { parseTemplate, TemplateError } from './go-template.ts';

/**
 * One requested object. `value` is what templates see (e.g. volumeStruct()). `raw` is the engine's JSON
 * when docker keeps it (container/image inspect do, volume inspect does not): it is then what the
 * no-format output prints, and the fallback data (with missingkey=error) when the typed template fails.
 * `error` is a lookup failure such as `Error response from daemon: get x: no such volume`.
 */
export type InspectItem = { value: unknown; raw?: unknown } | { error: string };

/** What the inspect command writes and exits with. */
export interface InspectResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Render `docker … inspect [-f FORMAT]` output for items in argument order. */
export function formatInspect(format: string | undefined, items: readonly InspectItem[]): InspectResult {
  const errors: string[] = [];
  let stdout = '';
  if (!format) {
    const elements: unknown[] = [];
    for (const it of items) {
      if ('error' in it) errors.push(it.error);
      else elements.push(it.raw !== undefined ? it.raw : it.value);
    }
    stdout =
      elements.length === 0 ? '[]\n' : `${marshalJSON(elements, { escapeHTML: true, indent: '    ' })}\n`;
    return finish(stdout, errors);
  }
  let tmpl: ReturnType<typeof parseTemplate>;
  try {
    tmpl = parseTemplate(format);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { stdout: '', stderr: `template parsing error: ${e.message}\n`, exitCode: 64 };
  }
  for (const it of items) {
    if ('error' in it) {
      errors.push(it.error);
      continue;
    }
    try {
      stdout += `${tmpl.execute(it.value)}\n`;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      if (it.raw === undefined) {
        errors.push(`template parsing error: ${e.message}`);
        continue;
      }
      try {
        stdout += `${tmpl.execute(it.raw, { missingKey: 'error' })}\n`;
      } catch (e2) {
        if (!(e2 instanceof TemplateError)) throw e2;
        errors.push(`template parsing error: ${e2.message}`);
      }
    }
  }
  // docker's TemplateInspector.Flush writes a lone newline when nothing was rendered.
  return finish(stdout === '' ? '\n' : stdout, errors);
}

function finish(stdout: string, errors: string[]): InspectResult {
  if (errors.length === 0) return { stdout, stderr: '', exitCode: 0 };
  return { stdout, stderr: `${errors.join('\n')}\n`, exitCode: 1 };
}
