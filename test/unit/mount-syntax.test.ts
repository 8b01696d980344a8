/**
 * The docker CLI's mount syntaxes, parsed with the CLI's own error texts: `-v` (split on colons as the
 * engine's Linux parser does), `--mount` (Go encoding/csv, then key=value rules) and `--tmpfs`.
 */
import { describe, expect, it } from 'vitest';
import { dockerRun } from '../../server/cli/container-commands.ts';
import {
  parseMountFlag,
  parseRamBytes,
  parseTmpfsFlag,
  parseVolumeFlag,
  splitCsv,
} from '../../server/cli/opts/mount-syntax.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

describe('parseVolumeFlag (-v)', () => {
  it.each([
    // One part: an anonymous volume at that path.
    ['/data', { source: '', target: '/data', modes: [] }],
    // Two parts: `/path:mode` is anonymous with a mode, anything else is source:target.
    ['/data:ro', { source: '', target: '/data', modes: ['ro'] }],
    ['/data:rw,nocopy', { source: '', target: '/data', modes: ['rw', 'nocopy'] }],
    ['/data:z', { source: '', target: '/data', modes: ['z'] }],
    ['/data:rshared', { source: '', target: '/data', modes: ['rshared'] }],
    ['data:/data', { source: 'data', target: '/data', modes: [] }],
    ['/etc:/x', { source: '/etc', target: '/x', modes: [] }],
    ['ro:/x', { source: 'ro', target: '/x', modes: [] }],
    ['/x:ro,foo', { source: '/x', target: 'ro,foo', modes: [] }],
    ['data:ro', { source: 'data', target: 'ro', modes: [] }],
    // Three parts: source:target:modes.
    ['data:/data:ro', { source: 'data', target: '/data', modes: ['ro'] }],
    ['data:/data:ro,nocopy', { source: 'data', target: '/data', modes: ['ro', 'nocopy'] }],
    ['/:/host:rw', { source: '/', target: '/host', modes: ['rw'] }],
    ['data:/data:bogus', { source: 'data', target: '/data', modes: ['bogus'] }],
  ])('splits %s', (raw, expected) => {
    expect(parseVolumeFlag(raw)).toEqual({ raw, ...expected });
  });

  it.each([
    [':/x', 'invalid spec: :/x: empty section between colons'],
    ['data:', 'invalid spec: data:: empty section between colons'],
    ['data::ro', 'invalid spec: data::ro: empty section between colons'],
    ['data:/x:', 'invalid spec: data:/x:: empty section between colons'],
    [':', 'invalid spec: :: empty section between colons'],
    ['a:/b:c:d', "invalid volume specification: 'a:/b:c:d'"],
    [
      '/var/run/docker.sock:/var/run/docker.sock:ro:x',
      "invalid volume specification: '/var/run/docker.sock:/var/run/docker.sock:ro:x'",
    ],
  ])('refuses %s', (raw, error) => {
    expect(parseVolumeFlag(raw)).toBe(error);
  });

  it('keeps an empty value as an anonymous volume with an empty target (the policy refuses it)', () => {
    expect(parseVolumeFlag('')).toEqual({ raw: '', source: '', target: '', modes: [] });
  });
});

describe('splitCsv (Go encoding/csv, one record)', () => {
  it.each([
    ['type=volume,src=a,dst=/x', ['type=volume', 'src=a', 'dst=/x']],
    ['type=volume,"src=a,b",dst=/x', ['type=volume', 'src=a,b', 'dst=/x']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,b', ['a', '', 'b']],
    ['', ['']],
    ['a,', ['a', '']],
    ['src=a"b', ['src=a"b']],
  ])('splits %s', (line, fields) => {
    expect(splitCsv(line)).toEqual(fields);
  });
});

describe('parseRamBytes (go-units RAMInBytes)', () => {
  it.each([
    ['100', 100],
    ['0', 0],
    ['512k', 512 * KIB],
    ['512K', 512 * KIB],
    ['64m', 64 * MIB],
    ['64M', 64 * MIB],
    ['64mb', 64 * MIB],
    ['64MiB', 64 * MIB],
    ['1g', GIB],
    ['1GB', GIB],
    ['10g', 10 * GIB],
    ['1.5g', 1.5 * GIB],
    ['1t', 1024 * GIB],
    ['2b', 2],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseRamBytes(text)).toBe(bytes);
  });

  it.each(['abc', '', '-1', '10x', '1e9', 'g', '50%', '1.2.3g', '0x10'])('refuses %j', (text) => {
    expect(parseRamBytes(text)).toBeUndefined();
  });
});

describe('parseMountFlag (--mount)', () => {
  it('defaults to a writable volume', () => {
    expect(parseMountFlag('dst=/data')).toEqual({
      type: 'volume',
      source: '',
      target: '/data',
      readOnly: false,
      options: new Map(),
    });
  });

  it.each([
    ['type=volume,source=data,target=/data', 'volume', 'data', '/data'],
    ['type=volume,src=data,dst=/data', 'volume', 'data', '/data'],
    ['src=data,destination=/data', 'volume', 'data', '/data'],
    ['type=bind,src=/,dst=/h', 'bind', '/', '/h'],
    ['type=tmpfs,dst=/t', 'tmpfs', '', '/t'],
    ['type=npipe,src=//./pipe/docker_engine,dst=/p', 'npipe', '//./pipe/docker_engine', '/p'],
    ['type=image,src=busybox,dst=/i', 'image', 'busybox', '/i'],
  ])('reads %s', (raw, type, source, target) => {
    expect(parseMountFlag(raw)).toMatchObject({ type, source, target });
  });

  it('lower-cases keys and the type, as the CLI does', () => {
    expect(parseMountFlag('Type=bind,SRC=/,DST=/h')).toMatchObject({
      type: 'bind',
      source: '/',
      target: '/h',
    });
    expect(parseMountFlag('TYPE=BIND,Source=/etc,Target=/x')).toMatchObject({
      type: 'bind',
      source: '/etc',
      target: '/x',
    });
    expect(parseMountFlag('type=Tmpfs,dst=/t')).toMatchObject({ type: 'tmpfs' });
  });

  it('keeps the last of a repeated key', () => {
    expect(parseMountFlag('type=volume,type=bind,src=/,dst=/h')).toMatchObject({ type: 'bind' });
    expect(parseMountFlag('dst=/a,dst=/b')).toMatchObject({ target: '/b' });
  });

  it('groups a quoted field, commas included', () => {
    expect(parseMountFlag('type=volume,"src=a,b",dst=/x')).toMatchObject({ source: 'a,b', target: '/x' });
    expect(parseMountFlag('"type=volume,src=x",type=bind,src=/,dst=/h')).toMatchObject({
      type: 'bind',
      source: '/',
    });
  });

  it.each([
    ['dst=/x,readonly', true],
    ['dst=/x,ro', true],
    ['dst=/x,readonly=true', true],
    ['dst=/x,readonly=1', true],
    ['dst=/x,readonly=T', true],
    ['dst=/x,readonly=True', true],
    ['dst=/x,readonly=TRUE', true],
    ['dst=/x,ro=false', false],
    ['dst=/x,ro=0', false],
    ['dst=/x,readonly=f', false],
    ['dst=/x,readonly=FALSE', false],
    ['dst=/x,readonly,readonly=false', false],
  ])('reads the bool in %s', (raw, readOnly) => {
    expect(parseMountFlag(raw)).toMatchObject({ readOnly });
  });

  it.each([
    ['dst=/x,volume-nocopy', 'true'],
    ['dst=/x,volume-nocopy=1', 'true'],
    ['dst=/x,volume-nocopy=false', 'false'],
    ['dst=/x,volume-nocopy=F', 'false'],
  ])('reads volume-nocopy in %s as a bool', (raw, noCopy) => {
    expect((parseMountFlag(raw) as { options: Map<string, string> }).options.get('volume-nocopy')).toBe(
      noCopy,
    );
  });

  it('leaves the other known keys to the policy, by canonical name', () => {
    const spec = parseMountFlag(
      'dst=/x,Volume-Driver=local,volume-opt=type=none,volume-opt=o=bind,volume-label=a=b,bind-propagation=rshared,consistency=cached,volume-subpath=s',
    );
    expect(typeof spec).toBe('object');
    expect([...(spec as { options: Map<string, string> }).options]).toEqual([
      ['volume-driver', 'local'],
      ['volume-opt', 'o=bind'],
      ['volume-label', 'a=b'],
      ['bind-propagation', 'rshared'],
      ['consistency', 'cached'],
      ['volume-subpath', 's'],
    ]);
  });

  it.each([
    ['dst=/t,tmpfs-size=64m', 64 * MIB],
    ['dst=/t,tmpfs-size=10g', 10 * GIB],
    ['dst=/t,tmpfs-size=1024', 1024],
    ['dst=/t,tmpfs-size=0', 0],
  ])('reads the size in %s', (raw, bytes) => {
    expect(parseMountFlag(raw)).toMatchObject({ tmpfsSizeBytes: bytes });
  });

  it.each([
    ['dst=/t,tmpfs-mode=1777', 0o1777],
    ['dst=/t,tmpfs-mode=700', 0o700],
    ['dst=/t,tmpfs-mode=0', 0],
  ])('reads the octal mode in %s', (raw, mode) => {
    expect(parseMountFlag(raw)).toMatchObject({ tmpfsMode: mode });
  });

  it.each([
    ['dst', "invalid field 'dst' must be a key=value pair"],
    ['type=volume,src', "invalid field 'src' must be a key=value pair"],
    ['foo', "invalid field 'foo' must be a key=value pair"],
    ['dst=/x,', "invalid field '' must be a key=value pair"],
    ['foo=bar', "unexpected key 'foo' in 'foo=bar'"],
    ['dst=/x,FOO=bar', "unexpected key 'foo' in 'FOO=bar'"],
    ['dst=/x, type=bind', "unexpected key ' type' in ' type=bind'"],
    ['type=volume,src=x', 'target is required'],
    ['type=tmpfs', 'target is required'],
    ['dst=', 'target is required'],
    ['dst=/x,readonly=maybe', 'invalid value for readonly: maybe'],
    ['dst=/x,ro=yes', 'invalid value for ro: yes'],
    ['dst=/x,readonly=', 'invalid value for readonly: '],
    ['dst=/x,volume-nocopy=maybe', 'invalid value for volume-nocopy: maybe'],
    ['dst=/t,tmpfs-size=abc', 'invalid value for tmpfs-size: abc'],
    ['dst=/t,tmpfs-size=-1', 'invalid value for tmpfs-size: -1'],
    ['dst=/t,tmpfs-size=50%', 'invalid value for tmpfs-size: 50%'],
    ['dst=/t,tmpfs-size=', 'invalid value for tmpfs-size: '],
    ['dst=/t,tmpfs-mode=abc', 'invalid value for tmpfs-mode: abc'],
    ['dst=/t,tmpfs-mode=17zz', 'invalid value for tmpfs-mode: 17zz'],
    ['dst=/t,tmpfs-mode=-1', 'invalid value for tmpfs-mode: -1'],
    ['dst=/t,tmpfs-mode=888', 'invalid value for tmpfs-mode: 888'],
    ['dst=/t,tmpfs-mode=77777777777', 'invalid value for tmpfs-mode: 77777777777'],
  ])('refuses %j', (raw, error) => {
    expect(parseMountFlag(raw)).toBe(error);
  });

  it('is what docker run checks while parsing flags (exit 125 with usage)', () => {
    const out = parseCommandArgs(dockerRun, ['--mount', 'dst', 'busybox'], {
      engine: { apiVersion: '1.41' },
    });
    expect(out).toEqual({
      kind: 'exit',
      stdout: '',
      stderr:
        'invalid argument "dst" for "--mount" flag: invalid field \'dst\' must be a key=value pair\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
      exitCode: 125,
    });
  });

  it.each([
    ['foo=bar', "unexpected key 'foo' in 'foo=bar'"],
    ['type=volume,src=x', 'target is required'],
    ['dst=/x,readonly=maybe', 'invalid value for readonly: maybe'],
    ['type=tmpfs,dst=/t,tmpfs-size=abc', 'invalid value for tmpfs-size: abc'],
  ])('docker run --mount %s stops at flag parsing', (raw, error) => {
    const out = parseCommandArgs(dockerRun, ['--mount', raw, 'busybox'], { engine: { apiVersion: '1.41' } });
    expect(out.kind).toBe('exit');
    expect(out.kind === 'exit' && out.stderr.split('\n')[0]).toBe(
      `invalid argument "${raw}" for "--mount" flag: ${error}`,
    );
  });
});

describe('parseTmpfsFlag (--tmpfs)', () => {
  it.each([
    ['/t', { target: '/t', options: [] }],
    ['/t:', { target: '/t', options: [] }],
    ['/t:size=10g', { target: '/t', options: ['size=10g'] }],
    ['/t:rw,noexec,,size=1m', { target: '/t', options: ['rw', 'noexec', 'size=1m'] }],
    ['/t:size=1k:size=1g', { target: '/t', options: ['size=1k:size=1g'] }],
    ['/t,size=99g', { target: '/t,size=99g', options: [] }],
    ['rel:size=1m', { target: 'rel', options: ['size=1m'] }],
  ])('splits %s', (raw, expected) => {
    expect(parseTmpfsFlag(raw)).toEqual(expected);
  });
});
