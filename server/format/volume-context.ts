/**
 * docker/cli's volume formatting contexts: the `*formatter.volumeContext` row that `docker volume ls`
 * templates see, and the typed `volume.Volume` that `docker volume inspect -f` templates see.
 */

import type { EngineVolume } from '../docker/engine.ts';
import { GoNil, type GoRecord, goMap, goStruct, NIL_STRING_MAP, typedFunc } from './go-values.ts';
import { humanSize } from './human-size.ts';

/** `docker volume ls` default formats (cli/command/formatter/volume.go). */
export const DEFAULT_VOLUME_TABLE_FORMAT = 'table {{.Driver}}\\t{{.Name}}';
export const DEFAULT_VOLUME_QUIET_FORMAT = '{{.Name}}';
/** `docker volume ls --format raw` (and with `-q`). */
export const VOLUME_RAW_FORMAT = 'name: {{.Name}}\\ndriver: {{.Driver}}\\n';
export const VOLUME_RAW_QUIET_FORMAT = 'name: {{.Name}}';

/** Column headers by field name, as docker's SubHeaderContext for volumes. */
export const VOLUME_HEADERS: Readonly<Record<string, string>> = {
  Name: 'VOLUME NAME',
  Group: 'GROUP',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  Availability: 'AVAILABILITY',
  Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS',
  Links: 'LINKS',
  Size: 'SIZE',
  Status: 'STATUS',
};

function labelMap(labels: Record<string, string> | null | undefined): GoRecord | GoNil {
  return labels ? goMap(labels, 'map[string]string', { zeroValue: '' }) : NIL_STRING_MAP;
}

/**
 * The typed `volume.Volume` docker executes `volume inspect -f` templates against: unknown fields are
 * errors, nil maps print `map[]`, a missing UsageData prints `<nil>`, and `json` omits empty
 * ClusterVolume/Status/UsageData as the struct tags say.
 */
export function volumeStruct(v: EngineVolume): GoRecord {
  return goStruct(
    'volume.Volume',
    {
      ClusterVolume: v.ClusterVolume ?? new GoNil('pointer', '*volume.ClusterVolume'),
      CreatedAt: v.CreatedAt ?? '',
      Driver: v.Driver,
      Labels: labelMap(v.Labels),
      Mountpoint: v.Mountpoint,
      Name: v.Name,
      Options: labelMap(v.Options),
      Scope: v.Scope ?? '',
      Status: v.Status ?? new GoNil('map', 'map[string]interface {}'),
      UsageData: v.UsageData
        ? goStruct('volume.UsageData', { RefCount: v.UsageData.RefCount, Size: v.UsageData.Size })
        : new GoNil('pointer', '*volume.UsageData'),
    },
    { omitEmpty: ['ClusterVolume', 'CreatedAt', 'Status', 'UsageData'] },
  );
}

/**
 * The `*formatter.volumeContext` row for `docker volume ls` templates. Fields are methods returning
 * strings; `{{json .}}` shows them all with sorted keys. Labels joins `k=v` with `,` in the object's key
 * order (docker's order is Go's random map order).
 */
export function volumeRowContext(v: EngineVolume): GoRecord {
  const labels = v.Labels ?? {};
  const noCluster = 'N/A';
  const methods = {
    Name: () => v.Name,
    Driver: () => v.Driver,
    Scope: () => v.Scope ?? '',
    Mountpoint: () => v.Mountpoint,
    Labels: () =>
      Object.entries(labels)
        .map(([k, x]) => `${k}=${x}`)
        .join(','),
    Label: typedFunc(['string'], (name: string) => (Object.hasOwn(labels, name) ? (labels[name] ?? '') : '')),
    Links: () => (v.UsageData ? String(v.UsageData.RefCount) : 'N/A'),
    Size: () => (v.UsageData ? humanSize(v.UsageData.Size) : 'N/A'),
    // Cluster (Swarm CSI) volumes are out of scope; local volumes show N/A for these.
    Group: () => noCluster,
    Availability: () => noCluster,
    Status: () => noCluster,
  };
  const json = (): GoRecord => {
    const entries: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(methods)) if (m.length === 0) entries[k] = (m as () => string)();
    return goMap(entries, 'map[string]interface {}');
  };
  return goStruct(
    '*formatter.volumeContext',
    // The unexported layout only shows in `{{.}}`: {HeaderContext{header} volume.Volume}.
    { HeaderContext: goStruct('formatter.HeaderContext', { header: null }), v: volumeStruct(v) },
    { methods, marshalJSON: json },
  );
}
