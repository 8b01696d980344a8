/**
 * The typed `container.InspectResponse` (CLI 28.2.2, moby API types v28) that `docker inspect -f` and
 * `docker container inspect -f` execute templates against, built from the engine's raw inspect JSON.
 *
 * Pass it to formatInspect as `{ value: containerInspectStruct(raw), raw }`: docker prints `raw` when there is
 * no format, and re-runs a failing template against `raw` (missingkey=error), so `{{.Id}}`, unmodelled fields
 * and fields newer than the model still work as docker makes them work.
 *
 * Modelled with Go field order, Go zero values, nil-vs-empty and `json` tags (renamed fields such as
 * `ID`/"Id" and `DNS`/"Dns" answer to both spellings; `omitempty` honoured):
 * - top level (ContainerJSONBase fields promoted): Id Created Path Args State Image ResolvConfPath
 *   HostnamePath HostsPath LogPath Name RestartCount Driver Platform MountLabel ProcessLabel AppArmorProfile
 *   ExecIDs HostConfig GraphDriver SizeRw SizeRootFs Mounts Config NetworkSettings;
 * - State (Health as Status/FailingStreak/Log), Config (all fields, Healthcheck durations as integers),
 *   HostConfig (all fields including Resources, PortBindings, LogConfig, RestartPolicy, Mounts with
 *   Bind/Volume/Tmpfs options), Mounts (types.MountPoint), GraphDriver, NetworkSettings (base, default
 *   network settings, Ports, Networks as EndpointSettings).
 *
 * Known differences from Go: a non-nil pointer nested in a struct prints its value rather than an address
 * (`{{.}}`, `{{.HostConfig}}`, `{{.NetworkSettings.Networks}}`), the embedded ContainerJSONBase and
 * Resources are flattened in `%v` output, list entries not modelled (Devices, Ulimits, Health.Log,
 * IPAMConfig…) are plain maps, and a non-nil pointer to a zero value (`--init=false`, `--size` with 0 bytes)
 * is dropped by `omitempty`.
 */
import type { EngineMountPoint } from '../docker/containers.ts';
import { mountPointStruct } from './container-context.ts';
import { GoNil, type GoRecord, goMap, goStruct, isPlainObject } from './go-values.ts';

type Json = Record<string, unknown>;

/** The raw `GET /containers/{id}/json` object (fields read defensively; the engine version varies). */
export type EngineContainerInspect = Json;

function obj(v: unknown): Json | undefined {
  return isPlainObject(v) ? v : undefined;
}

const EMPTY_STRUCT: GoRecord = goStruct('struct {}', {});

/** Field kinds the builder knows. */
type Kind =
  | 'string'
  | 'int'
  | 'bool'
  | '[]string'
  | 'map[string]string'
  | 'set'
  | 'ptr'
  | 'raw'
  | ((v: unknown) => unknown);

/** [Go field name, JSON name (when the tag renames it), kind, omitempty]. */
type FieldSpec = readonly [string, string | undefined, Kind, boolean?];

function convert(v: unknown, kind: Kind, typeHint: string): unknown {
  if (typeof kind === 'function') return kind(v);
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'int':
      return typeof v === 'number' ? v : 0;
    case 'bool':
      return v === true;
    case '[]string':
      return Array.isArray(v) ? v.map((x) => String(x)) : new GoNil('slice', '[]string');
    case 'map[string]string':
      return obj(v)
        ? goMap({ ...(v as Record<string, string>) }, 'map[string]string', { zeroValue: '' })
        : new GoNil('map', 'map[string]string', '');
    case 'set': {
      // map[string]struct{} (nat.PortSet, Volumes): values print as {}.
      const o = obj(v);
      if (!o) return new GoNil('map', typeHint, EMPTY_STRUCT);
      return goMap(Object.fromEntries(Object.keys(o).map((k) => [k, EMPTY_STRUCT])), typeHint, {
        zeroValue: EMPTY_STRUCT,
      });
    }
    case 'ptr':
      // A pointer to a scalar: nil prints <nil>; otherwise the value (see the module comment).
      return v === null || v === undefined ? new GoNil('pointer', typeHint) : v;
    case 'raw':
      return v === undefined ? null : v;
  }
}

/** Build a struct from JSON by spec. Renamed fields are keyed by their JSON name and get a Go-named method. */
function build(typeName: string, src: unknown, specs: readonly FieldSpec[]): GoRecord {
  const o = obj(src) ?? {};
  const fields: Record<string, unknown> = {};
  const methods: Record<string, () => unknown> = {};
  const omitEmpty: string[] = [];
  for (const [goName, jsonName, kind, omit] of specs) {
    const key = jsonName ?? goName;
    const value = convert(o[key], kind, `${typeName}.${goName}`);
    fields[key] = value;
    if (jsonName !== undefined) methods[goName] = () => value;
    if (omit) omitEmpty.push(key);
  }
  return goStruct(typeName, fields, { methods, omitEmpty });
}

function nilPtr(typeName: string): GoNil {
  return new GoNil('pointer', typeName);
}

function structPtr(typeName: string, specs: readonly FieldSpec[]): (v: unknown) => unknown {
  return (v) => (obj(v) ? build(typeName, v, specs) : nilPtr(`*${typeName}`));
}

function sliceOf(typeName: string, item: (v: unknown) => unknown): (v: unknown) => unknown {
  return (v) => (Array.isArray(v) ? v.map(item) : new GoNil('slice', typeName));
}

const PORT_BINDING: readonly FieldSpec[] = [
  ['HostIP', 'HostIp', 'string'],
  ['HostPort', undefined, 'string'],
];

/** nat.PortMap: map[Port][]PortBinding; a port with no bindings holds a nil slice (`[]`, JSON null). */
function portMap(v: unknown): unknown {
  const o = obj(v);
  if (!o) return new GoNil('map', 'nat.PortMap');
  const entries: Record<string, unknown> = {};
  for (const [port, bindings] of Object.entries(o)) {
    entries[port] = sliceOf('[]nat.PortBinding', (b) => build('nat.PortBinding', b, PORT_BINDING))(bindings);
  }
  return goMap(entries, 'nat.PortMap', { zeroValue: new GoNil('slice', '[]nat.PortBinding') });
}

const HEALTH: readonly FieldSpec[] = [
  ['Status', undefined, 'string'],
  ['FailingStreak', undefined, 'int'],
  ['Log', undefined, 'raw'],
];

const STATE: readonly FieldSpec[] = [
  ['Status', undefined, 'string'],
  ['Running', undefined, 'bool'],
  ['Paused', undefined, 'bool'],
  ['Restarting', undefined, 'bool'],
  ['OOMKilled', undefined, 'bool'],
  ['Dead', undefined, 'bool'],
  ['Pid', undefined, 'int'],
  ['ExitCode', undefined, 'int'],
  ['Error', undefined, 'string'],
  ['StartedAt', undefined, 'string'],
  ['FinishedAt', undefined, 'string'],
  ['Health', undefined, structPtr('container.Health', HEALTH), true],
];

const HEALTH_CONFIG: readonly FieldSpec[] = [
  ['Test', undefined, '[]string', true],
  ['Interval', undefined, 'int', true],
  ['Timeout', undefined, 'int', true],
  ['StartPeriod', undefined, 'int', true],
  ['StartInterval', undefined, 'int', true],
  ['Retries', undefined, 'int', true],
];

const CONFIG: readonly FieldSpec[] = [
  ['Hostname', undefined, 'string'],
  ['Domainname', undefined, 'string'],
  ['User', undefined, 'string'],
  ['AttachStdin', undefined, 'bool'],
  ['AttachStdout', undefined, 'bool'],
  ['AttachStderr', undefined, 'bool'],
  ['ExposedPorts', undefined, 'set', true],
  ['Tty', undefined, 'bool'],
  ['OpenStdin', undefined, 'bool'],
  ['StdinOnce', undefined, 'bool'],
  ['Env', undefined, '[]string'],
  ['Cmd', undefined, '[]string'],
  ['Healthcheck', undefined, structPtr('container.HealthConfig', HEALTH_CONFIG), true],
  ['ArgsEscaped', undefined, 'bool', true],
  ['Image', undefined, 'string'],
  ['Volumes', undefined, 'set'],
  ['WorkingDir', undefined, 'string'],
  ['Entrypoint', undefined, '[]string'],
  ['NetworkDisabled', undefined, 'bool', true],
  ['MacAddress', undefined, 'string', true],
  ['OnBuild', undefined, '[]string'],
  ['Labels', undefined, 'map[string]string'],
  ['StopSignal', undefined, 'string', true],
  ['StopTimeout', undefined, 'ptr', true],
  ['Shell', undefined, '[]string', true],
];

const BIND_OPTIONS: readonly FieldSpec[] = [
  ['Propagation', undefined, 'string', true],
  ['NonRecursive', undefined, 'bool', true],
  ['CreateMountpoint', undefined, 'bool', true],
  ['ReadOnlyNonRecursive', undefined, 'bool', true],
  ['ReadOnlyForceRecursive', undefined, 'bool', true],
];

const VOLUME_OPTIONS: readonly FieldSpec[] = [
  ['NoCopy', undefined, 'bool', true],
  ['Labels', undefined, 'map[string]string', true],
  ['Subpath', undefined, 'string', true],
  ['DriverConfig', undefined, 'raw', true],
];

const TMPFS_OPTIONS: readonly FieldSpec[] = [
  ['SizeBytes', undefined, 'int', true],
  ['Mode', undefined, 'int', true],
  ['Options', undefined, 'raw', true],
];

/** mount.Mount (HostConfig.Mounts, i.e. `--mount`). */
const MOUNT: readonly FieldSpec[] = [
  ['Type', undefined, 'string', true],
  ['Source', undefined, 'string', true],
  ['Target', undefined, 'string', true],
  ['ReadOnly', undefined, 'bool', true],
  ['Consistency', undefined, 'string', true],
  ['BindOptions', undefined, structPtr('mount.BindOptions', BIND_OPTIONS), true],
  ['VolumeOptions', undefined, structPtr('mount.VolumeOptions', VOLUME_OPTIONS), true],
  ['ImageOptions', undefined, (v) => (obj(v) ? v : nilPtr('*mount.ImageOptions')), true],
  ['TmpfsOptions', undefined, structPtr('mount.TmpfsOptions', TMPFS_OPTIONS), true],
  ['ClusterOptions', undefined, (v) => (obj(v) ? v : nilPtr('*mount.ClusterOptions')), true],
];

const RAW_SLICE = (typeName: string) => sliceOf(typeName, (x) => x);

const HOST_CONFIG: readonly FieldSpec[] = [
  ['Binds', undefined, '[]string'],
  ['ContainerIDFile', undefined, 'string'],
  [
    'LogConfig',
    undefined,
    (v) =>
      build('container.LogConfig', v, [
        ['Type', undefined, 'string'],
        ['Config', undefined, 'map[string]string'],
      ]),
  ],
  ['NetworkMode', undefined, 'string'],
  ['PortBindings', undefined, portMap],
  [
    'RestartPolicy',
    undefined,
    (v) =>
      build('container.RestartPolicy', v, [
        ['Name', undefined, 'string'],
        ['MaximumRetryCount', undefined, 'int'],
      ]),
  ],
  ['AutoRemove', undefined, 'bool'],
  ['VolumeDriver', undefined, 'string'],
  ['VolumesFrom', undefined, '[]string'],
  ['ConsoleSize', undefined, (v) => (Array.isArray(v) && v.length === 2 ? v : [0, 0])],
  ['Annotations', undefined, 'map[string]string', true],
  ['CapAdd', undefined, '[]string'],
  ['CapDrop', undefined, '[]string'],
  ['CgroupnsMode', undefined, 'string'],
  ['DNS', 'Dns', '[]string'],
  ['DNSOptions', 'DnsOptions', '[]string'],
  ['DNSSearch', 'DnsSearch', '[]string'],
  ['ExtraHosts', undefined, '[]string'],
  ['GroupAdd', undefined, '[]string'],
  ['IpcMode', undefined, 'string'],
  ['Cgroup', undefined, 'string'],
  ['Links', undefined, '[]string'],
  ['OomScoreAdj', undefined, 'int'],
  ['PidMode', undefined, 'string'],
  ['Privileged', undefined, 'bool'],
  ['PublishAllPorts', undefined, 'bool'],
  ['ReadonlyRootfs', undefined, 'bool'],
  ['SecurityOpt', undefined, '[]string'],
  ['StorageOpt', undefined, 'map[string]string', true],
  ['Tmpfs', undefined, 'map[string]string', true],
  ['UTSMode', undefined, 'string'],
  ['UsernsMode', undefined, 'string'],
  ['ShmSize', undefined, 'int'],
  ['Sysctls', undefined, 'map[string]string', true],
  ['Runtime', undefined, 'string', true],
  ['Isolation', undefined, 'string'],
  // container.Resources, embedded: its fields are promoted (and marshalled inline).
  ['CPUShares', 'CpuShares', 'int'],
  ['Memory', undefined, 'int'],
  ['NanoCPUs', 'NanoCpus', 'int'],
  ['CgroupParent', undefined, 'string'],
  ['BlkioWeight', undefined, 'int'],
  ['BlkioWeightDevice', undefined, RAW_SLICE('[]*blkiodev.WeightDevice')],
  ['BlkioDeviceReadBps', undefined, RAW_SLICE('[]*blkiodev.ThrottleDevice')],
  ['BlkioDeviceWriteBps', undefined, RAW_SLICE('[]*blkiodev.ThrottleDevice')],
  ['BlkioDeviceReadIOps', undefined, RAW_SLICE('[]*blkiodev.ThrottleDevice')],
  ['BlkioDeviceWriteIOps', undefined, RAW_SLICE('[]*blkiodev.ThrottleDevice')],
  ['CPUPeriod', 'CpuPeriod', 'int'],
  ['CPUQuota', 'CpuQuota', 'int'],
  ['CPURealtimePeriod', 'CpuRealtimePeriod', 'int'],
  ['CPURealtimeRuntime', 'CpuRealtimeRuntime', 'int'],
  ['CpusetCpus', undefined, 'string'],
  ['CpusetMems', undefined, 'string'],
  ['Devices', undefined, RAW_SLICE('[]container.DeviceMapping')],
  ['DeviceCgroupRules', undefined, '[]string'],
  ['DeviceRequests', undefined, RAW_SLICE('[]container.DeviceRequest')],
  ['KernelMemory', undefined, 'int', true],
  ['KernelMemoryTCP', undefined, 'int', true],
  ['MemoryReservation', undefined, 'int'],
  ['MemorySwap', undefined, 'int'],
  ['MemorySwappiness', undefined, 'ptr'],
  ['OomKillDisable', undefined, 'ptr'],
  ['PidsLimit', undefined, 'ptr'],
  ['Ulimits', undefined, RAW_SLICE('[]*container.Ulimit')],
  ['CPUCount', 'CpuCount', 'int'],
  ['CPUPercent', 'CpuPercent', 'int'],
  ['IOMaximumIOps', undefined, 'int'],
  ['IOMaximumBandwidth', undefined, 'int'],
  ['Mounts', undefined, sliceOf('[]mount.Mount', (m) => build('mount.Mount', m, MOUNT)), true],
  ['MaskedPaths', undefined, '[]string'],
  ['ReadonlyPaths', undefined, '[]string'],
  ['Init', undefined, 'ptr', true],
];

const ENDPOINT_SETTINGS: readonly FieldSpec[] = [
  ['IPAMConfig', undefined, (v) => (obj(v) ? v : nilPtr('*network.EndpointIPAMConfig'))],
  ['Links', undefined, '[]string'],
  ['Aliases', undefined, '[]string'],
  ['MacAddress', undefined, 'string'],
  ['DriverOpts', undefined, 'map[string]string'],
  ['GwPriority', undefined, 'int'],
  ['NetworkID', undefined, 'string'],
  ['EndpointID', undefined, 'string'],
  ['Gateway', undefined, 'string'],
  ['IPAddress', undefined, 'string'],
  ['IPPrefixLen', undefined, 'int'],
  ['IPv6Gateway', undefined, 'string'],
  ['GlobalIPv6Address', undefined, 'string'],
  ['GlobalIPv6PrefixLen', undefined, 'int'],
  ['DNSNames', undefined, '[]string'],
];

function networks(v: unknown): unknown {
  const o = obj(v);
  if (!o) return new GoNil('map', 'map[string]*network.EndpointSettings');
  const entries: Record<string, unknown> = {};
  for (const [name, ep] of Object.entries(o)) {
    entries[name] = obj(ep)
      ? build('network.EndpointSettings', ep, ENDPOINT_SETTINGS)
      : nilPtr('*network.EndpointSettings');
  }
  return goMap(entries, 'map[string]*network.EndpointSettings');
}

const NETWORK_SETTINGS: readonly FieldSpec[] = [
  // NetworkSettingsBase
  ['Bridge', undefined, 'string'],
  ['SandboxID', undefined, 'string'],
  ['SandboxKey', undefined, 'string'],
  ['Ports', undefined, portMap],
  ['HairpinMode', undefined, 'bool'],
  ['LinkLocalIPv6Address', undefined, 'string'],
  ['LinkLocalIPv6PrefixLen', undefined, 'int'],
  ['SecondaryIPAddresses', undefined, RAW_SLICE('[]network.Address')],
  ['SecondaryIPv6Addresses', undefined, RAW_SLICE('[]network.Address')],
  // DefaultNetworkSettings
  ['EndpointID', undefined, 'string'],
  ['Gateway', undefined, 'string'],
  ['GlobalIPv6Address', undefined, 'string'],
  ['GlobalIPv6PrefixLen', undefined, 'int'],
  ['IPAddress', undefined, 'string'],
  ['IPPrefixLen', undefined, 'int'],
  ['IPv6Gateway', undefined, 'string'],
  ['MacAddress', undefined, 'string'],
  ['Networks', undefined, networks],
];

function mountPoints(v: unknown): unknown {
  if (!Array.isArray(v)) return new GoNil('slice', '[]container.MountPoint');
  return v.map((m) => mountPointStruct((obj(m) ?? {}) as unknown as EngineMountPoint));
}

const INSPECT: readonly FieldSpec[] = [
  ['ID', 'Id', 'string'],
  ['Created', undefined, 'string'],
  ['Path', undefined, 'string'],
  ['Args', undefined, '[]string'],
  ['State', undefined, structPtr('container.State', STATE)],
  ['Image', undefined, 'string'],
  ['ResolvConfPath', undefined, 'string'],
  ['HostnamePath', undefined, 'string'],
  ['HostsPath', undefined, 'string'],
  ['LogPath', undefined, 'string'],
  ['Node', undefined, (v) => (obj(v) ? v : nilPtr('*container.ContainerNode')), true],
  ['Name', undefined, 'string'],
  ['RestartCount', undefined, 'int'],
  ['Driver', undefined, 'string'],
  ['Platform', undefined, 'string'],
  ['MountLabel', undefined, 'string'],
  ['ProcessLabel', undefined, 'string'],
  ['AppArmorProfile', undefined, 'string'],
  ['ExecIDs', undefined, '[]string'],
  ['HostConfig', undefined, structPtr('container.HostConfig', HOST_CONFIG)],
  [
    'GraphDriver',
    undefined,
    (v) =>
      build('storage.DriverData', v, [
        ['Data', undefined, 'map[string]string'],
        ['Name', undefined, 'string'],
      ]),
  ],
  ['SizeRw', undefined, 'ptr', true],
  ['SizeRootFs', undefined, 'ptr', true],
  ['Mounts', undefined, mountPoints],
  ['Config', undefined, structPtr('container.Config', CONFIG)],
  ['NetworkSettings', undefined, structPtr('container.NetworkSettings', NETWORK_SETTINGS)],
  ['ImageManifestDescriptor', undefined, (v) => (obj(v) ? v : nilPtr('*v1.Descriptor')), true],
];

/**
 * The typed value docker's `inspect -f` templates see for a container, from the engine's inspect JSON.
 * Unknown fields are execution errors here (formatInspect then falls back to the raw JSON, as docker does).
 */
export function containerInspectStruct(raw: EngineContainerInspect): GoRecord {
  return build('container.InspectResponse', raw, INSPECT);
}
