// Expected output captured from the real docker CLI 28.2.2: `docker volume inspect [-f ...] fmtprobe-N`.
import { describe, expect, it } from 'vitest';
import type { EngineVolume } from '../../server/docker/engine.ts';
import { goStruct } from '../../server/format/go-template.ts';
import { formatInspect, type InspectItem } from '../../server/format/inspect-format.ts';
import { volumeStruct } from '../../server/format/volume-context.ts';

const volume = (n: number, labels: Record<string, string> | null): EngineVolume => ({
  CreatedAt: '2026-11-27T19:43:24Z',
  Driver: 'local',
  Labels: labels,
  Mountpoint: `/var/lib/docker/100000.100000/volumes/fmtprobe-${n}/_data`,
  Name: `fmtprobe-${n}`,
  Options: null,
  Scope: 'local',
});
const item = (v: EngineVolume): InspectItem => ({ value: volumeStruct(v) });
const V1 = item(volume(1, { a: 'b', c: '' }));
const V2 = item(volume(2, null));
const V3 = item(volume(3, { x: '<&>' }));
const NOSUCH: InspectItem = { error: 'Error response from daemon: get nosuch: no such volume' };

const V3_INDENTED = `    {
        "CreatedAt": "2026-11-27T19:43:24Z",
        "Driver": "local",
        "Labels": {
            "x": "\\u003c\\u0026\\u003e"
        },
        "Mountpoint": "/var/lib/docker/100000.100000/volumes/fmtprobe-3/_data",
        "Name": "fmtprobe-3",
        "Options": null,
        "Scope": "local"
    }`;

describe('docker volume inspect output', () => {
  it('indents with four spaces and escapes HTML', () => {
    const r = formatInspect(undefined, [V1, V2]);
    expect(r).toEqual({
      stdout: `[
    {
        "CreatedAt": "2026-11-27T19:43:24Z",
        "Driver": "local",
        "Labels": {
            "a": "b",
            "c": ""
        },
        "Mountpoint": "/var/lib/docker/100000.100000/volumes/fmtprobe-1/_data",
        "Name": "fmtprobe-1",
        "Options": null,
        "Scope": "local"
    },
    {
        "CreatedAt": "2026-11-27T19:43:24Z",
        "Driver": "local",
        "Labels": null,
        "Mountpoint": "/var/lib/docker/100000.100000/volumes/fmtprobe-2/_data",
        "Name": "fmtprobe-2",
        "Options": null,
        "Scope": "local"
    }
]
`,
      stderr: '',
      exitCode: 0,
    });
    expect(formatInspect(undefined, [V3]).stdout).toBe(`[\n${V3_INDENTED}\n]\n`);
  });

  it('prints [] when nothing was found, and errors after', () => {
    expect(formatInspect(undefined, [NOSUCH])).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: get nosuch: no such volume\n',
      exitCode: 1,
    });
    expect(formatInspect(undefined, [V3, NOSUCH])).toEqual({
      stdout: `[\n${V3_INDENTED}\n]\n`,
      stderr: 'Error response from daemon: get nosuch: no such volume\n',
      exitCode: 1,
    });
  });

  it('executes -f per element', () => {
    const f =
      '{{.Name}} {{.Labels}} {{.Options}} {{.Status}} {{.UsageData}} {{.Labels.a}} {{.Labels.zz}} [{{index .Labels "zz"}}] {{json .Labels}} {{json .Options}}';
    expect(formatInspect(f, [V1, V2]).stdout).toBe(
      'fmtprobe-1 map[a:b c:] map[] map[] <nil> b <no value> [] {"a":"b","c":""} null\n' +
        'fmtprobe-2 map[] map[] map[] <nil> <no value> <no value> [] null null\n',
    );
    expect(formatInspect('{{json .}}', [V3, V2]).stdout).toBe(
      '{"CreatedAt":"2026-11-27T19:43:24Z","Driver":"local","Labels":{"x":"<&>"},"Mountpoint":"/var/lib/docker/100000.100000/volumes/fmtprobe-3/_data","Name":"fmtprobe-3","Options":null,"Scope":"local"}\n' +
        '{"CreatedAt":"2026-11-27T19:43:24Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/100000.100000/volumes/fmtprobe-2/_data","Name":"fmtprobe-2","Options":null,"Scope":"local"}\n',
    );
    expect(formatInspect('{{.}}', [V3]).stdout).toBe(
      '{<nil> 2026-11-27T19:43:24Z local map[x:<&>] /var/lib/docker/100000.100000/volumes/fmtprobe-3/_data fmtprobe-3 map[] local map[] <nil>}\n',
    );
    expect(formatInspect('{{.Name}}', [V1, NOSUCH])).toEqual({
      stdout: 'fmtprobe-1\n',
      stderr: 'Error response from daemon: get nosuch: no such volume\n',
      exitCode: 1,
    });
  });

  it('collects execution errors in order and prints a lone newline when nothing rendered', () => {
    const err =
      'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type volume.Volume';
    expect(formatInspect('{{.Nope}}', [V1, NOSUCH, V2])).toEqual({
      stdout: '\n',
      stderr: `${err}\nError response from daemon: get nosuch: no such volume\n${err}\n`,
      exitCode: 1,
    });
    expect(formatInspect('{{.UsageData.Size}}', [V1])).toEqual({
      stdout: '\n',
      stderr:
        'template parsing error: template: :1:12: executing "" at <.UsageData.Size>: nil pointer evaluating *volume.UsageData.Size\n',
      exitCode: 1,
    });
  });

  it('exits 64 on a parse error', () => {
    expect(formatInspect('{{json.}}', [V1])).toEqual({
      stdout: '',
      stderr: 'template parsing error: template: :1: unexpected <.> in operand\n',
      exitCode: 64,
    });
  });

  // Not probed (volumes carry no raw JSON): mirrors docker's TemplateInspector.tryRawInspectFallback.
  it('falls back to the raw JSON with missingkey=error when the typed template fails', () => {
    const raw = { Id: 'abc', State: { Running: true } };
    const value = goStruct('container.InspectResponse', { Id: 'abc' });
    expect(formatInspect('{{.State.Running}}', [{ value, raw }]).stdout).toBe('true\n');
    expect(formatInspect('{{.State.Nope.X}}', [{ value, raw }]).stderr).toBe(
      'template parsing error: template: :1:8: executing "" at <.State.Nope.X>: map has no entry for key "Nope"\n',
    );
  });
});
