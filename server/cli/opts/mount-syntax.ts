/**
 * The docker CLI's syntaxes for mounts — `-v/--volume`, `--mount` (CSV) and `--tmpfs` — parsed into
 * plain specs with the CLI's own error texts. Parsing only: what is allowed is the policy's business.
 */

export type VolumeMode = 'ro' | 'rw' | 'nocopy' | 'z' | 'Z' | string;

/** `-v [SOURCE:]TARGET[:MODE]` as the Linux parser of the engine splits it. */
export interface VolumeFlagSpec {
  raw: string;
  /** Empty for an anonymous volume. */
  source: string;
  target: string;
  modes: string[];
}

/** Splits a `-v` value; returns the daemon's error text when the shape is wrong. */
export function parseVolumeFlag(raw: string): VolumeFlagSpec | string {
  const parts = raw.split(':');
  if (parts.some((part) => part === '') && parts.length > 1) {
    return `invalid spec: ${raw}: empty section between colons`;
  }
  const isMode = (value: string) =>
    value.split(',').every((mode) => /^(ro|rw|z|Z|nocopy|r?shared|r?slave|r?private)$/.test(mode));
  switch (parts.length) {
    case 1:
      return { raw, source: '', target: parts[0] ?? '', modes: [] };
    case 2: {
      const [first = '', second = ''] = parts;
      // `/data:ro` is an anonymous volume with a mode, `data:/data` a named one.
      if (isMode(second) && first.startsWith('/'))
        return { raw, source: '', target: first, modes: second.split(',') };
      return { raw, source: first, target: second, modes: [] };
    }
    case 3: {
      const [source = '', target = '', mode = ''] = parts;
      return { raw, source, target, modes: mode.split(',') };
    }
    default:
      return `invalid volume specification: '${raw}'`;
  }
}

/** One `--mount` value, after the CLI's CSV and key rules. */
export interface MountFlagSpec {
  type: string;
  source: string;
  target: string;
  readOnly: boolean;
  /** Keys other than type/source/target/readonly, by canonical key, for the policy to judge. */
  options: Map<string, string>;
  tmpfsSizeBytes?: number;
  tmpfsMode?: number;
}

/** Go's encoding/csv for one record: commas separate, double quotes group, `""` is a quote. */
export function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

const BOOLEAN_KEYS = new Set([
  'readonly',
  'ro',
  'volume-nocopy',
  'bind-nonrecursive',
  'bind-recursive',
  'bind-create-src',
]);
const KNOWN_KEYS = new Set([
  'type',
  'source',
  'src',
  'target',
  'dst',
  'destination',
  'readonly',
  'ro',
  'consistency',
  'bind-propagation',
  'bind-nonrecursive',
  'bind-recursive',
  'bind-create-src',
  'volume-subpath',
  'volume-nocopy',
  'volume-label',
  'volume-driver',
  'volume-opt',
  'image-subpath',
  'tmpfs-size',
  'tmpfs-mode',
]);

/** strconv.ParseBool */
function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** go-units RAMInBytes: `64m`, `1g`, `512k`, `100` (binary multiples). */
export function parseRamBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(value.trim());
  if (!match) return undefined;
  const powers: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 };
  return Math.floor(Number(match[1]) * 1024 ** (powers[(match[2] ?? '').toLowerCase()] ?? 0));
}

/**
 * Parses a `--mount` value as the CLI's MountOpt.Set does; errors are the text the CLI puts after
 * `invalid argument "…" for "--mount" flag: `.
 */
export function parseMountFlag(raw: string): MountFlagSpec | string {
  const spec: MountFlagSpec = { type: 'volume', source: '', target: '', readOnly: false, options: new Map() };
  for (const field of splitCsv(raw)) {
    const at = field.indexOf('=');
    const key = (at === -1 ? field : field.slice(0, at)).toLowerCase();
    const value = at === -1 ? undefined : field.slice(at + 1);
    if (value === undefined && !BOOLEAN_KEYS.has(key))
      return `invalid field '${field}' must be a key=value pair`;
    if (!KNOWN_KEYS.has(key)) return `unexpected key '${key}' in '${field}'`;
    switch (key) {
      case 'type':
        // The CLI lower-cases the type: `type=BIND` is a bind mount.
        spec.type = (value ?? '').toLowerCase();
        break;
      case 'source':
      case 'src':
        spec.source = value ?? '';
        break;
      case 'target':
      case 'dst':
      case 'destination':
        spec.target = value ?? '';
        break;
      case 'readonly':
      case 'ro': {
        const readOnly = value === undefined ? true : parseBool(value);
        if (readOnly === undefined) return `invalid value for ${key}: ${value}`;
        spec.readOnly = readOnly;
        break;
      }
      case 'tmpfs-size': {
        const bytes = parseRamBytes(value ?? '');
        if (bytes === undefined) return `invalid value for tmpfs-size: ${value}`;
        spec.tmpfsSizeBytes = bytes;
        break;
      }
      case 'tmpfs-mode': {
        // strconv.ParseUint(value, 8, 32): octal digits only, no sign.
        const mode = /^[0-7]+$/.test(value ?? '') ? Number.parseInt(value ?? '', 8) : Number.NaN;
        if (Number.isNaN(mode) || mode > 0xffffffff) return `invalid value for tmpfs-mode: ${value}`;
        spec.tmpfsMode = mode;
        break;
      }
      case 'volume-nocopy': {
        const noCopy = value === undefined ? true : parseBool(value);
        if (noCopy === undefined) return `invalid value for ${key}: ${value}`;
        spec.options.set(key, String(noCopy));
        break;
      }
      default:
        spec.options.set(key, value ?? 'true');
    }
  }
  if (spec.target === '') return 'target is required';
  return spec;
}

/** `--tmpfs /path[:options]`. */
export function parseTmpfsFlag(raw: string): { target: string; options: string[] } {
  const at = raw.indexOf(':');
  if (at === -1) return { target: raw, options: [] };
  return {
    target: raw.slice(0, at),
    options: raw
      .slice(at + 1)
      .split(',')
      .filter(Boolean),
  };
}
