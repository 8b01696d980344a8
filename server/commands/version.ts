/**
 * `docker version`. The Server section is the engine's, laid out exactly as the CLI does; the Client
 * section is honest about who is answering: the lab, not a docker binary.
 */
import type { EngineVersion } from '../docker/engine.ts';
import { type GoRecord, goMap, goStruct, parseTemplate, TemplateError } from '../format/go-template.ts';
import { tabwrite } from '../format/tabwriter.ts';
import type { CommandContext, CommandHandler } from './context.ts';

const LAB_VERSION = '0.1.0';

/** The Client section: the lab, in the JSON shape the CLI gives its own. */
interface LabClientVersion {
  Platform: { Name: string };
  Version: string;
  ApiVersion: string;
  DefaultAPIVersion: string;
  Os: string;
  Arch: string;
  Context: string;
}

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

/**
 * What `--format` sees: the CLI's Go structs, whose fields are Go names (`.Server.APIVersion`, not the
 * JSON's `ApiVersion`, which is an error there); `json` prints the answers as they are.
 */
function templateData(version: EngineVersion, client: LabClientVersion): GoRecord {
  const server = goStruct(
    '*types.Version',
    {
      Platform: goStruct('struct { Name string }', { Name: version.Platform?.Name ?? '' }),
      Components: (version.Components ?? []).map((component) =>
        goStruct('types.ComponentVersion', {
          Name: component.Name,
          Version: component.Version,
          Details: goMap(component.Details ?? {}, 'map[string]string'),
        }),
      ),
      Version: version.Version,
      APIVersion: version.ApiVersion,
      MinAPIVersion: version.MinAPIVersion ?? '',
      GitCommit: version.GitCommit,
      GoVersion: version.GoVersion,
      Os: version.Os,
      Arch: version.Arch,
      KernelVersion: version.KernelVersion ?? '',
      Experimental: version.Experimental ?? false,
      BuildTime: version.BuildTime ?? '',
    },
    { marshalJSON: () => version },
  );
  const clientValue = goStruct(
    'system.clientVersion',
    {
      Platform: goStruct('*system.platformInfo', { Name: client.Platform.Name }),
      Version: client.Version,
      APIVersion: client.ApiVersion,
      DefaultAPIVersion: client.DefaultAPIVersion,
      GitCommit: '',
      GoVersion: '',
      Os: client.Os,
      Arch: client.Arch,
      BuildTime: '',
      Context: client.Context,
    },
    { marshalJSON: () => client },
  );
  return goStruct('system.versionInfo', { Client: clientValue, Server: server });
}

/**
 * The CLI parses the format as a template named `version`, which its errors name; a parse error exits
 * 64. An execution error keeps what was printed before it, then the line's end, and exits 1.
 */
function formatted(
  context: CommandContext,
  format: string,
  version: EngineVersion,
  client: LabClientVersion,
): number {
  const named = (message: string) =>
    message
      .replace(/^template: :/, 'template: version:')
      .replace(/: executing "" at /, ': executing "version" at ');
  try {
    const template = parseTemplate(format);
    context.stdout(`${template.execute(templateData(version, client))}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (error.kind === 'parse') {
      context.stderr(`template parsing error: ${named(error.message)}\n`);
      return 64;
    }
    context.stdout(`${error.partialOutput}\n`);
    context.stderr(`${named(error.message)}\n`);
    return 1;
  }
}

export const showVersion: CommandHandler = async (context, flags, _args, engine) => {
  const version = await context.engine.version();
  const client: LabClientVersion = {
    Platform: { Name: 'Volume Lab' },
    Version: LAB_VERSION,
    ApiVersion: engine.apiVersion,
    DefaultAPIVersion: engine.apiVersion,
    Os: 'linux',
    Arch: 'amd64',
    Context: 'volume-lab',
  };
  const format = flags.string('format');
  if (format !== '') return formatted(context, format === 'json' ? '{{json .}}' : format, version, client);
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
