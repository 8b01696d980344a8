// Expected strings were captured from the real docker CLI 28.2.2 (`docker volume ls --format` /
// `docker volume inspect -f`) against fmtprobe-* volumes.
import { describe, expect, it } from 'vitest';
import {
  GoNil,
  goMap,
  goStruct,
  NIL_STRING_MAP,
  parseTemplate,
  TemplateError,
  typedFunc,
} from '../../server/format/go-template.ts';

const row = goStruct(
  '*formatter.volumeContext',
  {},
  {
    methods: {
      Name: () => 'fmtprobe-1',
      Driver: () => 'local',
      Labels: () => 'a=b,c=',
      Label: typedFunc(['string'], (k: string) => (k === 'a' ? 'b' : '')),
    },
  },
);

const vol = (labels: Record<string, string> | null) =>
  goStruct('volume.Volume', {
    ClusterVolume: new GoNil('pointer', '*volume.ClusterVolume'),
    CreatedAt: '2026-11-27T19:43:24Z',
    Driver: 'local',
    Labels: labels ? goMap(labels, 'map[string]string', { zeroValue: '' }) : NIL_STRING_MAP,
    Mountpoint: '/var/lib/docker/100000.100000/volumes/fmtprobe-1/_data',
    Name: 'fmtprobe-1',
    Options: NIL_STRING_MAP,
    Scope: 'local',
    Status: new GoNil('map', 'map[string]interface {}'),
    UsageData: new GoNil('pointer', '*volume.UsageData'),
  });

const run = (text: string, data: unknown = row): string => parseTemplate(text).execute(data);
const failure = (text: string, data: unknown = row): TemplateError => {
  try {
    run(text, data);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error(`expected ${text} to fail`);
};

describe('parse errors carry Go text', () => {
  it.each([
    ['{{json.}}', 'template: :1: unexpected <.> in operand'],
    ['{{json .', 'template: :1: illegal number syntax: "."'],
    ['{{.Name', 'template: :1: unclosed action'],
    ['{{if}}', 'template: :1: missing value for if'],
    ['x\n{{if}}', 'template: :2: missing value for if'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{range .Labels}}', 'template: :1: unexpected EOF'],
    ['{{nope}}', 'template: :1: function "nope" not defined'],
    ['{{"unterminated}}', 'template: :1: unterminated quoted string'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
  ])('%j', (text, message) => {
    const e = failure(text);
    expect(e.kind).toBe('parse');
    expect(e.message).toBe(message);
  });
});

describe('execution errors carry Go text and position', () => {
  it.each([
    [
      '{{.Nope}}',
      'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.volumeContext',
    ],
    [
      '{{.Name}}\n{{.Nope}}',
      'template: :2:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.volumeContext',
    ],
    [
      '{{index .Name 10}}',
      'template: :1:2: executing "" at <index .Name 10>: error calling index: reflect: string index out of range',
    ],
    [
      '{{index "abcdefghijklmnopqrstuvwxyz" 100}}',
      'template: :1:2: executing "" at <index "abcdefghijklmnopqrstuvwxyz" 100>: error calling index: index out of range: 100',
    ],
    ['{{.Label}}', 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'],
    ['{{len 3}}', 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'],
    [
      '{{join .Name ","}}',
      'template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string',
    ],
    ['{{upper 1}}', 'template: :1:8: executing "" at <1>: expected string; found 1'],
    [
      '{{index (split .Name "-") 5}}',
      'template: :1:2: executing "" at <index (split .Name "-") 5>: error calling index: index out of range: 5',
    ],
    [
      '{{slice .Name 3 20}}',
      'template: :1:2: executing "" at <slice .Name 3 20>: error calling slice: index out of range: 20',
    ],
    [
      '{{range .Name}}x{{end}}',
      'template: :1:8: executing "" at <.Name>: range can\'t iterate over fmtprobe-1',
    ],
    [
      '{{lt true false}}',
      'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison',
    ],
    [
      '{{eq .Name 1}}',
      'template: :1:2: executing "" at <eq .Name 1>: error calling eq: incompatible types for comparison',
    ],
    [
      '{{json .Name}}{{json 1.5}}{{json "a<b"}}{{json .Label}}',
      'template: :1:47: executing "" at <.Label>: wrong number of args for Label: want 1 got 0',
    ],
  ])('%j', (text, message) => {
    const e = failure(text);
    expect(e.kind).toBe('exec');
    expect(e.message).toBe(message);
  });

  it('reports nested field errors at the second field, as Go does', () => {
    expect(failure('{{.CreatedAt.x}}', vol(null)).message).toBe(
      'template: :1:12: executing "" at <.CreatedAt.x>: can\'t evaluate field x in type string',
    );
    expect(failure('{{.UsageData.Size}}', vol(null)).message).toBe(
      'template: :1:12: executing "" at <.UsageData.Size>: nil pointer evaluating *volume.UsageData.Size',
    );
  });

  it('keeps the output written before the error', () => {
    expect(failure('ab{{.Nope}}').partialOutput).toBe('ab');
  });
});

describe('execution', () => {
  it('trims around markers and drops comments', () => {
    expect(run('{{/* c */}}a {{- " b " -}} c{{- /* x */ -}} d')).toBe('a b cd');
  });

  it('implements docker functions', () => {
    expect(
      run(
        '{{split .Name "-"}}|{{join (split .Name "-") "+"}}|{{title .Name}}|{{upper .Name}}|{{pad .Name 2 3}}|{{truncate .Name 3}}|{{lower "AB"}}',
      ),
    ).toBe('[fmtprobe 1]|fmtprobe+1|Fmtprobe-1|FMTPROBE-1|  fmtprobe-1   |fmt|ab');
  });

  it('implements printf, print and println like fmt', () => {
    expect(
      run(
        '{{printf "%d %s" 1}}|{{printf "%d" 1 "x"}}|{{printf "%v|%s" .Labels (split "a b" " ")}}|{{printf "%5.1f|%e|%g|%x|%X|%o|%b|%c|%U|%+d|%05d|%q|%6.2f|%-4d|" 3.14159 1234.5 0.000012 255 255 8 5 65 65 5 42 "a\\"b" 2.5 7}}',
      ),
    ).toBe(
      '1 %!s(MISSING)|1%!(EXTRA string=x)|a=b,c=|[a b]|  3.1|1.234500e+03|1.2e-05|ff|FF|10|101|A|U+0041|+5|00042|"a\\"b"|  2.50|7   |',
    );
    expect(run('{{printf "%s %v %d" nil 1.5 true}}')).toBe('%!s(<nil>) 1.5 %!d(bool=true)');
    expect(run('{{print "a" 1 2 "b" "c" 3.5}}|{{println "a" 1}}|')).toBe('a1 2bc3.5|a 1\n|');
    expect(run('{{print nil}}')).toBe('<nil>');
  });

  it('prints numbers like Go', () => {
    expect(
      run(
        '{{1234567.5}}|{{0.0001}}|{{0.00001}}|{{1e21}}|{{-0.5}}|{{0x1F}}|{{true}}|{{1.0}}|{{123456.7}}|{{printf "%v|%g|%.3g|%6.2e" 2.5 100000000.0 3.14159 12345.678}}',
      ),
    ).toBe('1.2345675e+06|0.0001|1e-05|1e+21|-0.5|31|true|1|123456.7|2.5|1e+08|3.14|1.23e+04');
  });

  it('handles variables, range, with, comparisons and logic', () => {
    expect(
      run(
        '{{range $i, $v := split .Name "-"}}{{$i}}={{$v}};{{end}}|{{with $x := .Name}}{{$x}}{{end}}|{{len .Name}}|{{slice .Name 1 3}}|{{eq .Driver "local" "x"}}|{{ne 1 2}}|{{lt 1 2}}|{{and 1 0 2}}|{{or 0 "" "z"}}|{{not 0}}',
      ),
    ).toBe('0=fmtprobe;1=1;|fmtprobe-1|10|mt|true|true|true|0|z|true');
    expect(run('{{index .Name 1 | printf "%v"}}')).toBe('109');
    expect(run('{{ .Name | printf "%s!" | upper }}')).toBe('FMTPROBE-1!');
    expect(run('{{if eq .Driver "x"}}A{{else if eq .Driver "local"}}B{{else}}C{{end}}')).toBe('B');
    expect(run('{{$x := 1}}{{$x = 2}}{{$x}}{{range split "a b" " "}}[{{.}}]{{else}}e{{end}}')).toBe(
      '2[a][b]',
    );
    expect(run('{{range .}}{{.}}{{else}}empty{{end}}', [])).toBe('empty');
    expect(run('{{range 3}}{{.}}{{if eq . 1}}{{break}}{{end}}{{end}}')).toBe('01');
  });

  it('prints typed values the way volume inspect does', () => {
    expect(
      run(
        '{{.Name}} {{.Labels}} {{.Options}} {{.Status}} {{.UsageData}} {{.Labels.a}} {{.Labels.zz}} [{{index .Labels "zz"}}] {{json .Labels}} {{json .Options}}',
        vol({ a: 'b', c: '' }),
      ),
    ).toBe('fmtprobe-1 map[a:b c:] map[] map[] <nil> b <no value> [] {"a":"b","c":""} null');
    expect(
      run(
        '{{.Name}} {{.Labels}} {{.Options}} {{.Status}} {{.UsageData}} {{.Labels.a}} {{.Labels.zz}} [{{index .Labels "zz"}}] {{json .Labels}} {{json .Options}}',
        vol(null),
      ),
    ).toBe('fmtprobe-1 map[] map[] map[] <nil> <no value> <no value> [] null null');
    expect(run('{{.}}', vol({ x: '<&>' }))).toBe(
      '{<nil> 2026-11-27T19:43:24Z local map[x:<&>] /var/lib/docker/100000.100000/volumes/fmtprobe-1/_data fmtprobe-1 map[] local map[] <nil>}',
    );
  });

  it('treats plain objects as Go maps with sorted %v keys', () => {
    expect(run('{{.}}|{{.b.c}}|{{.zz}}|{{json .}}', { b: { c: [1, 'x', null] }, a: {} })).toBe(
      'map[a:map[] b:map[c:[1 x <nil>]]]|[1 x <nil>]|<no value>|{"b":{"c":[1,"x",null]},"a":{}}',
    );
  });

  it('json leaves HTML characters alone (docker disables escaping)', () => {
    expect(run('{{json "a<b&c>"}}')).toBe('"a<b&c>"');
  });

  it('honours missingkey=error', () => {
    expect(() => parseTemplate('{{.Nope}}').execute({ a: 1 }, { missingKey: 'error' })).toThrow(
      'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
    );
  });
});
