/**
 * SECURITY: `docker volume` for one session. Every name the learner types is mapped into the
 * session's namespace before it reaches the engine, every listing is scoped by the session label,
 * and anything that would let the local driver mount a host path or device is refused.
 */
import { randomBytes } from 'node:crypto';
import { apiOlderThan, type CommandSpec, compareApiVersions, type EngineInfo } from '../cli/command-spec.ts';
import type { ParsedFlags } from '../cli/parse-args.ts';
import {
  volumeCreate,
  volumeInspect,
  volumeList,
  volumePrune,
  volumeRemove,
  volumeUpdate,
} from '../cli/volume-commands.ts';
import { daemonMessage, printDaemonError } from '../docker/daemon-error.ts';
import type { EngineFilters, EngineVolume } from '../docker/engine.ts';
import { EngineError } from '../docker/engine-error.ts';
import { humanSize } from '../format/human-size.ts';
import { formatInspect, type InspectItem } from '../format/inspect-format.ts';
import { formatList } from '../format/list-format.ts';
import {
  DEFAULT_VOLUME_QUIET_FORMAT,
  DEFAULT_VOLUME_TABLE_FORMAT,
  VOLUME_HEADERS,
  VOLUME_RAW_FORMAT,
  VOLUME_RAW_QUIET_FORMAT,
  volumeRowContext,
  volumeStruct,
} from '../format/volume-context.ts';
import { isLabLabel, SESSION_LABEL } from '../labels.ts';
import { volumeNameError } from '../policy/names.ts';
import {
  anonymousVolumeLabels,
  ENGINE_ANONYMOUS_LABEL_SINCE,
  isAnonymousVolume,
} from '../sandbox/anonymous-volume.ts';
import { visibleLabels } from '../sandbox/namespace.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { namePattern, readFilters } from './learner-filters.ts';
import { volumeProblem } from './quotas.ts';
import { readSessionObjects } from './session-objects.ts';

/** A volume as the learner sees it: their own name, no prefix in the path, none of the lab's labels. */
function learnerView(context: CommandContext, volume: EngineVolume): EngineVolume | undefined {
  const name = context.ns.fromEngine(volume.Name);
  if (name === undefined || volume.Labels?.[SESSION_LABEL] !== context.ns.sessionId) return undefined;
  return {
    ...volume,
    Name: name,
    Mountpoint: context.ns.hide(volume.Mountpoint),
    Labels: visibleLabels(volume.Labels, null),
  };
}

/** `k=v` pairs from a repeatable flag; a bare key has an empty value, as the CLI's ListOpts give. */
function keyValues(values: readonly string[]): [string, string][] {
  return values.map((value) => {
    const at = value.indexOf('=');
    return at === -1 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
  });
}

interface LearnerFilters {
  /** Filters the engine evaluates, scoped to the session. */
  engine: EngineFilters;
  /** `name=` patterns, matched here against the learner's names (the engine would see the prefix). */
  names: RegExp[];
}

/**
 * Turns `--filter` values into engine filters. Keys are lower-cased and trimmed as the CLI does;
 * filters on the lab's own labels are refused so a learner cannot probe other sessions.
 */
function learnerFilters(context: CommandContext, values: readonly string[]): LearnerFilters | string {
  const engine: EngineFilters = { label: [context.ns.labelFilter] };
  const names: RegExp[] = [];
  const filters = readFilters(values);
  if (typeof filters === 'string') {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'lab-label-filter' });
    return filters;
  }
  for (const { key, value } of filters) {
    if (key === 'name') names.push(namePattern(value));
    else engine[key] = [...(engine[key] ?? []), value];
  }
  return { engine, names };
}

interface OwnVolume {
  engineName: string;
  view: EngineVolume;
  /** Decided on the engine's labels, which the learner's view no longer shows. */
  anonymous: boolean;
}

function ownVolume(context: CommandContext, volume: EngineVolume): OwnVolume | undefined {
  const view = learnerView(context, volume);
  if (!view) return undefined;
  return { engineName: volume.Name, view, anonymous: isAnonymousVolume(context.ns, volume) };
}

async function listOwn(context: CommandContext, filters: LearnerFilters): Promise<OwnVolume[]> {
  const volumes = await context.engine.listVolumes(filters.engine);
  return volumes
    .map((volume) => ownVolume(context, volume))
    .filter((own) => own !== undefined)
    .filter((own) => filters.names.length === 0 || filters.names.some((re) => re.test(own.view.Name)))
    .sort((a, b) => (a.view.Name < b.view.Name ? -1 : a.view.Name > b.view.Name ? 1 : 0));
}

/** The session's volume a learner's name refers to, or undefined: never another session's. */
async function findOwn(context: CommandContext, name: string): Promise<OwnVolume | undefined> {
  for (const engineName of context.ns.candidates(name)) {
    try {
      const own = ownVolume(context, await context.engine.inspectVolume(engineName));
      if (own) return own;
    } catch (error) {
      if (!(error instanceof EngineError) || error.statusCode !== 404) throw error;
    }
  }
  return undefined;
}

/**
 * The flags that make the CLI ask for a swarm cluster volume (`hasClusterVolumeOptionSet`, which looks
 * for a `secrets` flag that does not exist: `--secret` and the topology flags alone ask for none).
 */
const CLUSTER_SPEC_FLAGS = [
  'group',
  'scope',
  'sharing',
  'availability',
  'type',
  'limit-bytes',
  'required-bytes',
];

/** The daemon's answer to a cluster-volume request on an engine that is no swarm manager. */
const NOT_A_SWARM_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

async function create(
  context: CommandContext,
  flags: ParsedFlags,
  args: string[],
  engine: EngineInfo,
): Promise<number> {
  const opts = flags.stringArray('opt');
  if (opts.length > 0) {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: '--opt' });
    context.stderr(
      'volume-lab: -o/--opt is not available in this sandbox: local-driver options mount host paths and devices as root\n',
    );
    return 1;
  }
  const driver = flags.string('driver');
  if (driver !== 'local') {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: '--driver' });
    context.stderr(
      `volume-lab: --driver ${driver} is not available in this sandbox: only the local driver is\n`,
    );
    return 1;
  }
  const flagName = flags.string('name');
  if (flagName !== '' && args[0] !== undefined) {
    context.stderr(
      'conflicting options: cannot specify a volume-name through both --name and as a positional arg\n',
    );
    return 1;
  }
  // Those flags exist from API 1.42 only, and the lab's engines are never swarm managers.
  if (CLUSTER_SPEC_FLAGS.some((name) => flags.changed(name))) {
    if (!engine.swarm?.controlAvailable) return printDaemonError(context, NOT_A_SWARM_MANAGER);
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'cluster-volume' });
    context.stderr('volume-lab: cluster volumes are not available in this sandbox: it runs no swarm\n');
    return 1;
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of keyValues(flags.stringArray('label'))) {
    if (isLabLabel(key)) {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'lab-label' });
      context.stderr(
        `volume-lab: label ${key} is reserved: labels starting with volume-lab. belong to the lab itself\n`,
      );
      return 1;
    }
    labels[key] = value;
  }
  let name = args[0] ?? flagName;
  if (name === '') {
    // An anonymous volume: the daemon would pick a random 64-hex name; the lab picks it so it can prefix it.
    name = randomBytes(32).toString('hex');
    const engineLabels = !apiOlderThan(engine, ENGINE_ANONYMOUS_LABEL_SINCE);
    Object.assign(labels, anonymousVolumeLabels(context.ns, { kind: 'create' }, engineLabels));
  }
  const invalid = volumeNameError(name);
  if (invalid) return printDaemonError(context, invalid);
  const engineName = context.ns.toEngine(name);
  return context.locks.run(context.ns.sessionId, async () => {
    const { volumes } = await readSessionObjects(context, context.ns);
    const quota = volumeProblem(context, volumes, [name], 0);
    if (quota) {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: quota.rule });
      context.stderr(`volume-lab: ${quota.message}\n`);
      return 1;
    }
    return createVolume(context, engineName, labels, name);
  });
}

async function createVolume(
  context: CommandContext,
  engineName: string,
  labels: Record<string, string>,
  name: string,
): Promise<number> {
  try {
    const volume = await context.engine.createVolume(engineName, {
      ...labels,
      ...context.ns.labels,
    });
    context.stdout(`${context.ns.fromEngine(volume.Name) ?? name}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
}

async function inspect(context: CommandContext, flags: ParsedFlags, args: string[]): Promise<number> {
  const items: InspectItem[] = [];
  for (const name of args) {
    try {
      const volume = (await findOwn(context, name))?.view;
      items.push(
        volume ? { value: volumeStruct(volume) } : { error: daemonMessage(`get ${name}: no such volume`) },
      );
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      items.push({ error: daemonMessage(error.message) });
    }
  }
  const result = formatInspect(flags.string('format'), items);
  context.stdout(result.stdout);
  context.stderr(result.stderr);
  return result.exitCode;
}

async function list(context: CommandContext, flags: ParsedFlags): Promise<number> {
  const filters = learnerFilters(context, flags.stringArray('filter'));
  if (typeof filters === 'string') {
    context.stderr(`${filters}\n`);
    return 1;
  }
  let volumes: OwnVolume[];
  try {
    volumes = await listOwn(context, filters);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
  // `--cluster` lists swarm cluster volumes only, in their own table whatever --format says (a
  // session's volumes are never cluster volumes).
  const cluster = flags.bool('cluster');
  if (cluster) volumes = volumes.filter((own) => own.view.ClusterVolume !== undefined);
  const quiet = flags.bool('quiet');
  const result = formatList({
    format: cluster ? (quiet ? 'table' : CLUSTER_TABLE_FORMAT) : flags.string('format'),
    quiet,
    defaultTableFormat: DEFAULT_VOLUME_TABLE_FORMAT,
    defaultQuietFormat: DEFAULT_VOLUME_QUIET_FORMAT,
    rawFormat: VOLUME_RAW_FORMAT,
    rawQuietFormat: VOLUME_RAW_QUIET_FORMAT,
    headers: VOLUME_HEADERS,
    rows: volumes.map((own) => volumeRowContext(own.view)),
  });
  if (!result.ok) {
    context.stderr(`${result.error}\n`);
    return 1;
  }
  context.stdout(result.output);
  return 0;
}

/** `docker volume update`: the CLI inspects the volume, then updates cluster volumes only. */
async function update(context: CommandContext, name: string): Promise<number> {
  try {
    const own = await findOwn(context, name);
    if (!own) return printDaemonError(context, `get ${name}: no such volume`);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
  context.stderr('can only update cluster volumes\n');
  return 1;
}

function removeVolumeLocked(context: CommandContext, engineName: string, force: boolean): Promise<void> {
  return context.locks.run(context.ns.sessionId, () => context.engine.removeVolume(engineName, force));
}

async function remove(context: CommandContext, flags: ParsedFlags, args: string[]): Promise<number> {
  const errors: string[] = [];
  for (const name of args) {
    try {
      const own = await findOwn(context, name);
      // Under the session's lock: a check reading this volume holds it through a helper container.
      if (own) await removeVolumeLocked(context, own.engineName, flags.bool('force'));
      else if (!flags.bool('force')) throw new EngineError(404, `get ${name}: no such volume`);
      context.stdout(`${name}\n`);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      errors.push(daemonMessage(error.message));
    }
  }
  if (errors.length > 0) context.stderr(`${errors.join('\n')}\n`);
  return errors.length > 0 ? 1 : 0;
}

/** `docker volume ls --cluster`'s table (cli/command/volume/list.go). */
const CLUSTER_TABLE_FORMAT = 'table {{.Name}}\\t{{.Group}}\\t{{.Driver}}\\t{{.Availability}}\\t{{.Status}}';

const PRUNE_FILTERS = new Set(['label', 'label!']);

/**
 * The daemon's answer to a filter key prune does not take: Engine 20.10 (API 1.41) capitalises it, the
 * Go-style errors of Engine 23 (API 1.42) and later do not (seen on 20.10.24 and 26.1.5).
 */
function invalidFilter(key: string, apiVersion: string): string {
  return `${compareApiVersions(apiVersion, '1.42') < 0 ? 'Invalid' : 'invalid'} filter '${key}'`;
}

/**
 * Prune never hands a learner's filter to the engine's prune (which sees every session): it lists the
 * session's unused volumes and removes each. Before API 1.42 the daemon prunes named volumes too, and
 * the CLI warns accordingly; the lab does what this engine would.
 */
async function prune(context: CommandContext, flags: ParsedFlags, apiVersion: string): Promise<number> {
  const namedToo = flags.bool('all') || Number(apiVersion.split('.')[1]) < 42;
  const labelFilters: [string, string][] = [];
  for (const raw of flags.stringArray('filter')) {
    const read = readFilters([raw]);
    if (typeof read === 'string') {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'lab-label-filter' });
      context.stderr(`${read}\n`);
      return 1;
    }
    const [{ key, value } = { key: '', value: '' }] = read;
    if (!PRUNE_FILTERS.has(key)) return printDaemonError(context, invalidFilter(key, apiVersion));
    labelFilters.push([key, value]);
  }
  if (!flags.bool('force')) {
    context.stdout(
      `WARNING! This will remove ${namedToo ? 'all' : 'anonymous'} local volumes not used by at least one container.\n`,
    );
    const answer = await context.readLine('Are you sure you want to continue? [y/N] ');
    if (answer === null || !/^y(es)?$/i.test(answer.trim())) return 0;
  }
  const include = labelFilters.filter(([key]) => key === 'label').map(([, value]) => value);
  const exclude = labelFilters.filter(([key]) => key === 'label!').map(([, value]) => value);
  const candidates = await listOwn(context, {
    engine: { label: [context.ns.labelFilter, ...include], dangling: ['true'] },
    names: [],
  });
  const matchesLabel = (volume: EngineVolume, filter: string) => {
    const [key = '', value] = filter.split('=', 2);
    const labels = volume.Labels ?? {};
    return key in labels && (value === undefined || labels[key] === value);
  };
  const sizes = await context.engine.volumeSizes().catch(() => new Map<string, number>());
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const { engineName, view: volume, anonymous } of candidates) {
    if (exclude.some((filter) => matchesLabel(volume, filter))) continue;
    if (!namedToo && !anonymous) continue;
    try {
      await removeVolumeLocked(context, engineName, false);
      deleted.push(volume.Name);
      reclaimed += sizes.get(engineName) ?? 0;
    } catch (error) {
      // A container may have started using it since the listing; the daemon's prune skips those too.
      if (!(error instanceof EngineError)) throw error;
    }
  }
  if (deleted.length > 0)
    context.stdout(`Deleted Volumes:\n${deleted.map((name) => `${name}\n`).join('')}\n`);
  context.stdout(`Total reclaimed space: ${humanSize(reclaimed)}\n`);
  return 0;
}

/** The volume subcommands, by their CLI spec. */
export const volumeHandlers: ReadonlyMap<CommandSpec, CommandHandler> = new Map<CommandSpec, CommandHandler>([
  [volumeCreate, (context, flags, args, engine) => create(context, flags, [...args], engine)],
  [volumeInspect, (context, flags, args) => inspect(context, flags, [...args])],
  [volumeList, (context, flags) => list(context, flags)],
  [volumeRemove, (context, flags, args) => remove(context, flags, [...args])],
  [volumePrune, (context, flags, _args, engine) => prune(context, flags, engine.apiVersion)],
  [volumeUpdate, (context, _flags, args) => update(context, args[0] ?? '')],
]);
