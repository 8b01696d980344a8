// Expected output captured from the real docker CLI 28.2.2: `docker volume ls --filter name=fmtprobe- ...`
// over volumes created with `docker volume create [--label ...] fmtprobe-N`.
import { describe, expect, it } from 'vitest';
import type { EngineVolume } from '../../server/docker/engine.ts';
import { formatList, type ListFormatInput, preFormat } from '../../server/format/list-format.ts';
import {
  DEFAULT_VOLUME_QUIET_FORMAT,
  DEFAULT_VOLUME_TABLE_FORMAT,
  VOLUME_HEADERS,
  VOLUME_RAW_FORMAT,
  VOLUME_RAW_QUIET_FORMAT,
  volumeRowContext,
} from '../../server/format/volume-context.ts';

const volume = (name: string, labels: Record<string, string> | null): EngineVolume => ({
  CreatedAt: '2026-11-27T19:43:24Z',
  Driver: 'local',
  Labels: labels,
  Mountpoint: `/var/lib/docker/100000.100000/volumes/${name}/_data`,
  Name: name,
  Options: null,
  Scope: 'local',
});

const VOLUMES = [
  volume('fmtprobe-1', { a: 'b', c: '' }),
  volume('fmtprobe-2', null),
  volume('fmtprobe-3', { x: '<&>' }),
  volume('fmtprobe-4', { u: 'ümlaut-日本' }),
];

function ls(format: string | undefined, opts: { quiet?: boolean; volumes?: EngineVolume[] } = {}): string {
  const input: ListFormatInput = {
    format,
    quiet: opts.quiet ?? false,
    defaultTableFormat: DEFAULT_VOLUME_TABLE_FORMAT,
    defaultQuietFormat: DEFAULT_VOLUME_QUIET_FORMAT,
    rawFormat: VOLUME_RAW_FORMAT,
    rawQuietFormat: VOLUME_RAW_QUIET_FORMAT,
    headers: VOLUME_HEADERS,
    rows: (opts.volumes ?? VOLUMES).map(volumeRowContext),
  };
  const r = formatList(input);
  return r.ok ? r.output : `ERROR(${r.kind}) ${r.error}`;
}

const mount = (n: number) => `/var/lib/docker/100000.100000/volumes/fmtprobe-${n}/_data`;
const jsonRow = (n: number, labels: string) =>
  `{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"${labels}","Links":"N/A","Mountpoint":"${mount(n)}","Name":"fmtprobe-${n}","Scope":"local","Size":"N/A","Status":"N/A"}\n`;

describe('docker volume ls formatting', () => {
  it('default table', () => {
    const want =
      'DRIVER    VOLUME NAME\nlocal     fmtprobe-1\nlocal     fmtprobe-2\nlocal     fmtprobe-3\nlocal     fmtprobe-4\n';
    expect(ls(undefined)).toBe(want);
    expect(ls('')).toBe(want);
    expect(ls('table')).toBe(want);
  });

  it('prints the header even with no rows', () => {
    expect(ls(undefined, { volumes: [] })).toBe('DRIVER    VOLUME NAME\n');
    expect(ls('{{.Name}}', { volumes: [] })).toBe('');
    expect(ls('{{.Nope}}', { volumes: [] })).toBe('');
  });

  it('quiet', () => {
    const names = 'fmtprobe-1\nfmtprobe-2\nfmtprobe-3\nfmtprobe-4\n';
    expect(ls(undefined, { quiet: true })).toBe(names);
    expect(ls('table', { quiet: true })).toBe(names);
    expect(ls('table {{.Name}}', { quiet: true })).toBe(`VOLUME NAME\n${names}`);
    expect(ls('{{.Name}}:{{.Driver}}', { quiet: true })).toBe(
      'fmtprobe-1:local\nfmtprobe-2:local\nfmtprobe-3:local\nfmtprobe-4:local\n',
    );
  });

  it('json and {{json .}} (the row marshaller escapes HTML)', () => {
    const want =
      jsonRow(1, 'a=b,c=') +
      jsonRow(2, '') +
      jsonRow(3, 'x=\\u003c\\u0026\\u003e') +
      jsonRow(4, 'u=ümlaut-日本');
    expect(ls('json')).toBe(want);
    expect(ls('{{json .}}')).toBe(want);
    expect(ls(' json ')).toBe('json\njson\njson\njson\n');
  });

  it('table with Label columns', () => {
    expect(ls('table {{.Name}}\\t{{.Label "a"}}')).toBe(
      'VOLUME NAME   a\nfmtprobe-1    b\nfmtprobe-2    \nfmtprobe-3    \nfmtprobe-4    \n',
    );
    expect(ls('table {{.Name}}\\t{{.Label "a"}}\\t')).toBe(
      'VOLUME NAME   a         \nfmtprobe-1    b         \nfmtprobe-2              \nfmtprobe-3              \nfmtprobe-4              \n',
    );
  });

  it('table with every column', () => {
    const row = (n: number) =>
      `fmtprobe-${n}    local     N/A       N/A       N/A       N/A            N/A       local     ${mount(n)}\n`;
    expect(
      ls(
        'table {{.Name}}\\t{{.Scope}}\\t{{.Links}}\\t{{.Size}}\\t{{.Group}}\\t{{.Availability}}\\t{{.Status}}\\t{{.Driver}}\\t{{.Mountpoint}}',
      ),
    ).toBe(
      'VOLUME NAME   SCOPE     LINKS     SIZE      GROUP     AVAILABILITY   STATUS    DRIVER    MOUNTPOINT\n' +
        row(1) +
        row(2) +
        row(3) +
        row(4),
    );
  });

  it('single-label Labels column', () => {
    expect(ls('{{.Name}}:{{.Labels}}', { volumes: VOLUMES.slice(1) })).toBe(
      'fmtprobe-2:\nfmtprobe-3:x=<&>\nfmtprobe-4:u=ümlaut-日本\n',
    );
  });

  it('templates that emit extra lines and leading tabs go through the tabwriter', () => {
    expect(
      ls(
        'table {{.Name}}\\t{{if eq .Name "fmtprobe-2"}}mid\\n\\nsolo\\tq{{else}}{{.Label "u"}}{{end}}\\tend',
      ),
    ).toBe(
      'VOLUME NAME   u         end\nfmtprobe-1              end\nfmtprobe-2    mid\n\nsolo         q             end\nfmtprobe-3                 end\nfmtprobe-4   ümlaut-日本   end\n',
    );
    expect(ls('table {{if eq .Name "fmtprobe-3"}}\\t\\t{{end}}{{.Name}}')).toBe(
      'VOLUME NAME\nfmtprobe-1\nfmtprobe-2\n                    fmtprobe-3\nfmtprobe-4\n',
    );
  });

  it('headers use header functions and keep output before a header error', () => {
    const f = 'table {{.Label "com.ex-am_ple"}}\\t{{json .Name}}\\t{{upper .Driver}}\\t{{.Nope}}';
    expect(ls(f, { volumes: [] })).toBe('ex am ple   VOLUME NAME   DRIVER    <no value>\n');
    expect(ls('table {{.Name}}\\t{{.Nope}}\\t{{json .}}|', { volumes: [] })).toBe(
      'VOLUME NAME   <no value>   \n',
    );
  });

  it('raw format, prefix quirks and escape handling', () => {
    expect(ls('raw', { volumes: VOLUMES.slice(0, 2) })).toBe(
      'name: fmtprobe-1\ndriver: local\n\nname: fmtprobe-2\ndriver: local\n\n',
    );
    expect(ls('raw', { quiet: true, volumes: VOLUMES.slice(0, 2) })).toBe(
      'name: fmtprobe-1\nname: fmtprobe-2\n',
    );
    expect(ls('  {{.Name}}\\t|\\n  ', { volumes: VOLUMES.slice(0, 2) })).toBe(
      'fmtprobe-1\t|\n\nfmtprobe-2\t|\n\n',
    );
    expect(ls('tablefoo {{.Name}}', { volumes: VOLUMES.slice(0, 2) })).toBe(
      'foo VOLUME NAME\nfoo fmtprobe-1\nfoo fmtprobe-2\n',
    );
    expect(preFormat('table  {{.A}}\\t{{.B}} ')).toEqual({ isTable: true, template: '{{.A}}\t{{.B}}' });
  });

  it('prints Go struct layout for {{.}}', () => {
    expect(ls('{{.}}', { volumes: VOLUMES.slice(1, 2) })).toBe(
      `{{<nil>} {<nil> 2026-11-27T19:43:24Z local map[] ${mount(2)} fmtprobe-2 map[] local map[] <nil>}}\n`,
    );
  });

  it('errors', () => {
    expect(ls('{{json.}}')).toBe(
      'ERROR(parse) template parsing error: template: :1: unexpected <.> in operand',
    );
    expect(ls('{{json .')).toBe(
      'ERROR(parse) template parsing error: template: :1: illegal number syntax: "."',
    );
    expect(ls('{{.Nope}}')).toBe(
      'ERROR(exec) template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.volumeContext',
    );
    expect(ls('table {{.Label "com.ex-am_ple"}}\\t{{json .Name}}\\t{{upper .Driver}}\\t{{.Nope}}')).toBe(
      'ERROR(exec) template parsing error: template: :1:62: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.volumeContext',
    );
  });
});
