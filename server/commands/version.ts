/**
 * `docker version`. The Server section is the engine's, laid out exactly as the CLI does; the Client
 * section is honest about who is answering: the lab, not a docker binary.
 */
import type { EngineVersion } from '../docker/engine.ts';
import { parseTemplate, TemplateError } from '../format/go-template.ts';
import { tabwrite } from '../format/tabwriter.ts';
import type { CommandHandler } from './context.ts';

const LAB_VERSION = '0.1.0';

/** Go's time.ANSIC in local time, which the CLI shows build times in. */
function ansic(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleString('en-US', { weekday: 'short' });
  const month = date.toLocaleString('en-US', { month: 'short' });
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${month} ${String(date.getDate()).padStart(2, ' ')} ${time} ${date.getFullYear()}`;
}

function serverLines(version: EngineVersion): string[] {
  const lines = ['Server:'];
  for (const component of version.Components ?? []) {
    const details = component.Details ?? {};
    lines.push(` ${component.Name}:`);
    if (component.Name === 'Engine') {
      lines.push(
        `  Version:\t${component.Version}`,
        `  API version:\t${details.ApiVersion} (minimum version ${details.MinAPIVersion})`,
        `  Go version:\t${details.GoVersion}`,
        `  Git commit:\t${details.GitCommit}`,
        `  Built:\t${ansic(details.BuildTime ?? '')}`,
        `  OS/Arch:\t${details.Os}/${details.Arch}`,
        `  Experimental:\t${details.Experimental}`,
      );
    } else {
      lines.push(`  Version:\t${component.Version}`);
      for (const key of Object.keys(details).sort()) lines.push(`  ${key}:\t${details[key]}`);
    }
  }
  return lines;
}

export const showVersion: CommandHandler = async (context, flags, _args, engine) => {
  const version = await context.engine.version();
  const client = {
    Platform: { Name: 'Volume Lab' },
    Version: LAB_VERSION,
    ApiVersion: engine.apiVersion,
    DefaultAPIVersion: engine.apiVersion,
    Os: 'linux',
    Arch: 'amd64',
    Context: 'volume-lab',
  };
  const format = flags.string('format');
  if (format !== '') {
    try {
      const template = parseTemplate(format === 'json' ? '{{json .}}' : format);
      context.stdout(`${template.execute({ Client: client, Server: version })}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      context.stderr(`template parsing error: ${error.message}\n`);
      return 1;
    }
  }
  const lines = [
    'Client: Volume Lab',
    ` Version:\t${LAB_VERSION}`,
    ` API version:\t${engine.apiVersion}`,
    ` Context:\t${client.Context}`,
    '',
    ...serverLines(version),
  ];
  context.stdout(tabwrite(`${lines.join('\n')}\n`, { minwidth: 20, padding: 1 }));
  return 0;
};
