/**
 * docker/cli's container list formatting (cli/command/formatter/container.go, CLI 28.2.2): the
 * `*formatter.ContainerContext` row that `docker ps` templates see, the default formats, `-q`/`-s`/
 * `--no-trunc` handling, and the template pre-flight `docker ps --format` runs before listing.
 *
 * Typical use:
 *   const prep = prepareContainerList({ format, quiet, size }, now);      // before ContainerList
 *   // prep.warning -> stderr; !prep.ok -> prep.error on stderr, exit 1
 *   // list with `size: prep.size`, map names, then:
 *   formatList({ format: prep.template, defaultTableFormat: prep.template, defaultQuietFormat: prep.template,
 *                headers: CONTAINER_HEADERS, rows: items.map((c) => containerRowContext(c, { trunc, now })) });
 */
import type { EngineContainerPort, EngineContainerSummary, EngineMountPoint } from '../docker/containers.ts';
import { goQuote } from './go-quote.ts';
import { parseTemplate, TemplateError } from './go-template.ts';
import { GoNil, type GoRecord, goMap, goStruct, typedFunc } from './go-values.ts';
import { goUnixTimeString, humanAgo } from './human-duration.ts';
import { humanSizeWithPrecision } from './human-size.ts';
import { familiarImage } from './image-reference.ts';
import { displayWidth } from './tabwriter.ts';

/** `docker ps` default table (without `-s`). */
export const DEFAULT_CONTAINER_TABLE_FORMAT =
  'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}';
/** `docker ps -q` (formatter.DefaultQuietFormat). */
export const DEFAULT_CONTAINER_QUIET_FORMAT = '{{.ID}}';
/** `docker ps --format raw` (a Go raw string in docker/cli, so the newlines are real). */
export const CONTAINER_RAW_FORMAT =
  'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n' +
  'state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n' +
  'labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n';
export const CONTAINER_RAW_QUIET_FORMAT = 'container_id: {{.ID}}';
/** What `docker ps -q --format X` prints on stderr for any non-empty X (even `table`). */
export const CONTAINER_QUIET_FORMAT_WARNING =
  'WARNING: Ignoring custom format, because both --format and --quiet are set.';

/** Column headers by field name (NewContainerContext). */
export const CONTAINER_HEADERS: Readonly<Record<string, string>> = {
  ID: 'CONTAINER ID',
  Names: 'NAMES',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
};

/** Options for {@link containerRowContext}. */
export interface ContainerRowOptions {
  /** False with `--no-trunc`. */
  trunc: boolean;
  /** Client clock in ms since the epoch, for RunningFor. */
  now: number;
  /** Called when the template evaluates `.Size` (docker's FieldsUsed), e.g. to decide on `size=1`. */
  onSizeUsed?: () => void;
}

/** docker's TruncateID: drop an `algo:` prefix, keep 12 characters. */
export function truncateID(id: string): string {
  const i = id.indexOf(':');
  const bare = i >= 0 ? id.slice(i + 1) : id;
  return bare.length > 12 ? bare.slice(0, 12) : bare;
}

/** golang.org/x/text/width: East Asian Wide and Fullwidth count 2, everything else 1. */
function charWidth(ch: string): number {
  return displayWidth(ch) === 2 ? 2 : 1;
}

/** formatter.Ellipsis: cut to a display width, ending in `…`. */
export function ellipsis(s: string, maxDisplayWidth: number): string {
  if (maxDisplayWidth <= 0) return '';
  const rs = [...s];
  if (maxDisplayWidth === 1) return rs[0] ?? '';
  if (Buffer.byteLength(s, 'utf8') === rs.length) {
    return rs.length <= maxDisplayWidth ? s : `${rs.slice(0, maxDisplayWidth - 1).join('')}…`;
  }
  const display: number[] = [];
  let width = 0;
  for (const r of rs) {
    width += charWidth(r);
    display.push(width);
  }
  if (width <= maxDisplayWidth) return s;
  for (let i = 0; i < display.length - 1; i++) {
    if ((display[i] ?? 0) <= maxDisplayWidth - 1 && (display[i + 1] ?? 0) > maxDisplayWidth - 1) {
      return `${rs.slice(0, i + 1).join('')}…`;
    }
  }
  return s;
}

// ---- ports ----

/** net.JoinHostPort: brackets around IPv6 hosts. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function comparePorts(a: EngineContainerPort, b: EngineContainerPort): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  const ai = a.IP ?? '';
  const bi = b.IP ?? '';
  if (ai !== bi) return ai < bi ? -1 : 1;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
}

function formGroup(key: string, start: number, last: number): string {
  const parts = key.split('/');
  let groupType = parts[0] ?? '';
  let ip = '';
  if (parts.length > 1) {
    ip = parts[0] ?? '';
    groupType = parts[1] ?? '';
  }
  let group = String(start);
  if (start !== last) group = `${group}-${last}`;
  if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${groupType}`;
}

/**
 * formatter.DisplayablePorts: consecutive ports with the same IP and protocol grouped into ranges,
 * exposed-only ports first, then published ranges, then mappings to a different host port.
 */
export function displayablePorts(ports: readonly EngineContainerPort[]): string {
  const sorted = [...ports].sort(comparePorts);
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const port of sorted) {
    const current = port.PrivatePort;
    let key = port.Type;
    if (port.IP) {
      if ((port.PublicPort ?? 0) !== current) {
        hostMappings.push(
          `${joinHostPort(port.IP, String(port.PublicPort ?? 0))}->${port.PrivatePort}/${port.Type}`,
        );
        continue;
      }
      key = `${port.IP}/${port.Type}`;
    }
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: current, last: current });
      continue;
    }
    if (current === group.last + 1) {
      group.last = current;
      continue;
    }
    result.push(formGroup(key, group.first, group.last));
    // Go replaces the map value; the key keeps its original insertion position.
    groups.set(key, { first: current, last: current });
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...hostMappings].join(', ');
}

// ---- the row context ----

function portStruct(p: EngineContainerPort): GoRecord {
  return goStruct('container.Port', {
    IP: p.IP ?? '',
    PrivatePort: p.PrivatePort,
    PublicPort: p.PublicPort ?? 0,
    Type: p.Type,
  });
}

/** types.MountPoint as Go prints it: `{volume name /src /dst local z true }`. */
export function mountPointStruct(m: EngineMountPoint): GoRecord {
  return goStruct(
    'container.MountPoint',
    {
      Type: m.Type ?? '',
      Name: m.Name ?? '',
      Source: m.Source,
      Destination: m.Destination,
      Driver: m.Driver ?? '',
      Mode: m.Mode,
      RW: m.RW,
      Propagation: m.Propagation,
    },
    { omitEmpty: ['Type', 'Name', 'Driver'] },
  );
}

/** The unexported `c container.Summary` field, which only `{{.}}` shows. */
function summaryStruct(c: EngineContainerSummary): GoRecord {
  return goStruct('container.Summary', {
    ID: c.Id,
    Names: c.Names ?? new GoNil('slice', '[]string'),
    Image: c.Image,
    ImageID: c.ImageID,
    ImageManifestDescriptor: new GoNil('pointer', '*v1.Descriptor'),
    Command: c.Command,
    Created: c.Created,
    Ports: (c.Ports ?? []).map(portStruct),
    SizeRw: c.SizeRw ?? 0,
    SizeRootFs: c.SizeRootFs ?? 0,
    Labels: c.Labels
      ? goMap(c.Labels, 'map[string]string', { zeroValue: '' })
      : new GoNil('map', 'map[string]string', ''),
    State: c.State,
    Status: c.Status,
    HostConfig: goStruct('struct', {
      NetworkMode: c.HostConfig?.NetworkMode ?? '',
      Annotations: c.HostConfig?.Annotations
        ? goMap(c.HostConfig.Annotations, 'map[string]string', { zeroValue: '' })
        : new GoNil('map', 'map[string]string', ''),
    }),
    // A non-nil pointer prints as an address in Go; any fixed address will do.
    NetworkSettings: c.NetworkSettings
      ? '0xc0000721e8'
      : new GoNil('pointer', '*container.NetworkSettingsSummary'),
    Mounts: (c.Mounts ?? []).map(mountPointStruct),
  });
}

/**
 * The `*formatter.ContainerContext` row for `docker ps` templates. Fields are methods returning strings
 * (Platform returns a nil pointer: `<nil>`, JSON `null`); `{{json .}}` shows them all with sorted keys and
 * HTML escaped. `Names` are the engine's (with `/`), already mapped out of the lab's namespace by the caller.
 * Networks join in the object's key order (docker's is Go's random map order).
 */
export function containerRowContext(c: EngineContainerSummary, options: ContainerRowOptions): GoRecord {
  const { trunc, now } = options;
  const labels = c.Labels;
  const mounts = c.Mounts ?? [];
  const methods = {
    ID: () => (trunc ? truncateID(c.Id) : c.Id),
    Names: () => {
      const names = (c.Names ?? []).map((n) => (n.startsWith('/') ? n.slice(1) : n));
      // Truncated: only the first name that is not a legacy link alias (`other/alias`).
      if (trunc) return names.find((n) => !n.includes('/')) ?? '';
      return names.join(',');
    },
    Image: () => {
      if (c.Image === '') return '<no image>';
      if (!trunc) return c.Image;
      const short = truncateID(c.ImageID);
      if (short === truncateID(c.Image)) return short;
      return familiarImage(c.Image) ?? c.Image;
    },
    Command: () => goQuote(trunc ? ellipsis(c.Command, 20) : c.Command),
    CreatedAt: () => goUnixTimeString(c.Created),
    RunningFor: () => humanAgo(c.Created, now),
    Platform: () => null,
    Ports: () => displayablePorts(c.Ports ?? []),
    State: () => c.State,
    Status: () => c.Status,
    Size: () => {
      options.onSizeUsed?.();
      const srw = humanSizeWithPrecision(c.SizeRw ?? 0, 3);
      const rootFs = c.SizeRootFs ?? 0;
      return rootFs > 0 ? `${srw} (virtual ${humanSizeWithPrecision(rootFs, 3)})` : srw;
    },
    Labels: () =>
      labels
        ? Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .sort()
            .join(',')
        : '',
    Label: typedFunc(['string'], (name: string) =>
      labels && Object.hasOwn(labels, name) ? (labels[name] ?? '') : '',
    ),
    Mounts: () =>
      mounts
        .map((m) => {
          const name = m.Name ? m.Name : m.Source;
          return trunc ? ellipsis(name, 15) : name;
        })
        .join(','),
    LocalVolumes: () => String(mounts.filter((m) => m.Driver === 'local').length),
    Networks: () => (c.NetworkSettings ? Object.keys(c.NetworkSettings.Networks ?? {}).join(',') : ''),
  };
  const json = (): GoRecord => {
    const entries: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(methods)) if (m.length === 0) entries[k] = (m as () => unknown)();
    return goMap(entries, 'map[string]interface {}');
  };
  return goStruct(
    '*formatter.ContainerContext',
    {
      HeaderContext: goStruct('formatter.HeaderContext', { Header: null }),
      trunc,
      c: summaryStruct(c),
      FieldsUsed: new GoNil('map', 'map[string]interface {}'),
    },
    { methods, marshalJSON: json },
  );
}

/** Options of `docker ps` that choose the template and the size column. */
export interface ContainerListFormatOptions {
  /** `--format`; empty or absent means the default table. */
  format?: string;
  quiet: boolean;
  /** `-s/--size`: undefined when the flag was not given (docker then asks for sizes if the template uses .Size). */
  size?: boolean;
}

/** What {@link prepareContainerList} decided. */
export type ContainerListPlan =
  | {
      ok: true;
      /** The template to hand to formatList as `format` (already resolved for -q/-s/raw). */
      template: string;
      /** Whether to list with `size=1`. */
      size: boolean;
      /** Printed on stderr before anything else. */
      warning?: string;
    }
  | { ok: false; error: string; warning?: string };

/** NewContainerFormat: the template for `--format`, `-q` and `-s`. */
export function resolveContainerFormat(format: string, quiet: boolean, size: boolean): string {
  if (format === '' || format === 'table') {
    if (quiet) return DEFAULT_CONTAINER_QUIET_FORMAT;
    return size ? `${DEFAULT_CONTAINER_TABLE_FORMAT}\\t{{.Size}}` : DEFAULT_CONTAINER_TABLE_FORMAT;
  }
  if (format === 'raw') {
    if (quiet) return CONTAINER_RAW_QUIET_FORMAT;
    return size ? `${CONTAINER_RAW_FORMAT}size: {{.Size}}\\n` : CONTAINER_RAW_FORMAT;
  }
  return quiet ? DEFAULT_CONTAINER_QUIET_FORMAT : format;
}

/**
 * Everything `docker ps` does with `--format` before listing: the quiet warning, then parsing and executing
 * the user's template once against an empty container (errors: `failed to parse template: …` /
 * `failed to execute template: …`, exit 1, nothing on stdout), which also tells whether `.Size` is used
 * and sizes must be requested. `now` only feeds the throwaway execution.
 */
export function prepareContainerList(options: ContainerListFormatOptions, now: number): ContainerListPlan {
  const format = options.format ?? '';
  const warning = options.quiet && format !== '' ? CONTAINER_QUIET_FORMAT_WARNING : undefined;
  let usesSize = false;
  if (format !== '') {
    let tmpl: ReturnType<typeof parseTemplate>;
    try {
      tmpl = parseTemplate(format);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return withWarning({ ok: false, error: `failed to parse template: ${e.message}` }, warning);
    }
    const empty: EngineContainerSummary = {
      Id: '',
      Names: null,
      Image: '',
      ImageID: '',
      Command: '',
      Created: 0,
      Ports: null,
      Labels: null,
      State: '',
      Status: '',
      NetworkSettings: null,
      Mounts: null,
    };
    const probe = containerRowContext(empty, {
      trunc: false,
      now,
      onSizeUsed: () => {
        usesSize = true;
      },
    });
    try {
      tmpl.execute(probe);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return withWarning({ ok: false, error: `failed to execute template: ${e.message}` }, warning);
    }
  }
  const size = options.size ?? (!options.quiet && usesSize);
  const template = resolveContainerFormat(format, options.quiet, options.size === true);
  return withWarning({ ok: true, template, size }, warning);
}

function withWarning<T extends object>(plan: T, warning: string | undefined): T & { warning?: string } {
  return warning === undefined ? plan : { ...plan, warning };
}
