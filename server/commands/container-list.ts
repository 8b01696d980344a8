/**
 * `docker ps`, `docker images` and `docker inspect`, showing the session's own objects only and in
 * the learner's names: no prefix, no lab labels, whatever the format asks for.
 */

import { apiOlderThan, type EngineInfo } from '../cli/command-spec.ts';
import type { ParsedFlags } from '../cli/parse-args.ts';
import type { EngineContainerSummary, EngineImageSummary } from '../docker/containers.ts';
import { daemonMessage, printDaemonError } from '../docker/daemon-error.ts';
import type { EngineFilters, EngineVolume } from '../docker/engine.ts';
import { EngineError } from '../docker/engine-error.ts';
import { CONTAINER_HEADERS, containerRowContext, prepareContainerList } from '../format/container-context.ts';
import { containerInspectStruct } from '../format/container-inspect.ts';
import { IMAGE_HEADERS, imageRows, resolveImageFormat } from '../format/image-context.ts';
import { formatInspect, type InspectItem } from '../format/inspect-format.ts';
import { formatList } from '../format/list-format.ts';
import { volumeStruct } from '../format/volume-context.ts';
import { SESSION_LABEL } from '../labels.ts';
import { grantedImage, imageAllowed } from '../policy/images.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import { visibleLabels } from '../sandbox/namespace.ts';
import { containerView } from './container-view.ts';
import type { CommandContext } from './context.ts';
import { lookUpImage, noSuchImage } from './image-lookup.ts';
import { namePattern, readFilters } from './learner-filters.ts';
import { findContainer, listOwnContainers, type OwnContainer } from './own-containers.ts';

/** A container list item as the learner sees it. */
function summaryView(context: CommandContext, own: OwnContainer): EngineContainerSummary {
  const { summary } = own;
  return {
    ...summary,
    Names: [`/${own.name}`],
    Labels: visibleLabels(summary.Labels, {}),
    Mounts: (summary.Mounts ?? []).map((mount) => ({
      ...mount,
      ...(mount.Name !== undefined ? { Name: context.ns.fromEngine(mount.Name) ?? mount.Name } : {}),
      Source: context.ns.hide(mount.Source),
    })),
  };
}

/** Turns `--filter` values into engine filters; names and volumes are the learner's, so they are mapped. */
function containerFilters(
  context: CommandContext,
  values: readonly string[],
  own: readonly OwnContainer[],
): { filters: Record<string, string[]>; names: RegExp[] } | string {
  const filters: Record<string, string[]> = {};
  const names: RegExp[] = [];
  const parsed = readFilters(values);
  if (typeof parsed === 'string') {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'lab-label-filter' });
    return parsed;
  }
  for (const { key, value: argument } of parsed) {
    let engineValue = argument;
    if (key === 'name') {
      names.push(namePattern(argument));
      continue;
    }
    if (key === 'volume') engineValue = context.ns.candidates(argument)[0] ?? argument;
    if (key === 'before' || key === 'since') {
      const found = findContainer(own, argument);
      if (typeof found === 'string') return daemonMessage(found);
      engineValue = found.id;
    }
    filters[key] = [...(filters[key] ?? []), engineValue];
  }
  return { filters, names };
}

export async function listContainers(context: CommandContext, flags: ParsedFlags): Promise<number> {
  const now = Date.now();
  const plan = prepareContainerList(
    {
      format: flags.string('format'),
      quiet: flags.bool('quiet'),
      ...(flags.changed('size') ? { size: flags.bool('size') } : {}),
    },
    now,
  );
  if (plan.warning) context.stderr(plan.warning);
  if (!plan.ok) {
    context.stderr(`${plan.error}\n`);
    return 1;
  }
  const everything = await listOwnContainers(context.containers, context.ns);
  const parsed = containerFilters(context, flags.stringArray('filter'), everything);
  if (typeof parsed === 'string') {
    context.stderr(`${parsed}\n`);
    return 1;
  }
  const last = flags.bool('latest') ? 1 : Number(flags.string('last') || '-1');
  let own: OwnContainer[];
  try {
    own = await listOwnContainers(context.containers, context.ns, {
      all: flags.bool('all') || last > 0,
      size: plan.size,
      filters: parsed.filters,
    });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
  own = own.filter(
    (container) => parsed.names.length === 0 || parsed.names.some((re) => re.test(container.name)),
  );
  if (last > 0) own = own.slice(0, last);
  const trunc = !flags.bool('no-trunc');
  const result = formatList({
    format: plan.template,
    defaultTableFormat: plan.template,
    defaultQuietFormat: plan.template,
    headers: CONTAINER_HEADERS,
    rows: own.map((container) => containerRowContext(summaryView(context, container), { trunc, now })),
  });
  if (!result.ok) {
    context.stderr(`${result.error}\n`);
    return 1;
  }
  context.stdout(result.output);
  return 0;
}

/**
 * The lab's images as the engine lists them, each with only its tags of the catalogue (and the digests
 * of those repositories): never another image on the engine, nor an intermediate one (`-a` adds none;
 * pulled official images have none either).
 */
function labImagesOnly(images: readonly EngineImageSummary[], limits: SandboxLimits): EngineImageSummary[] {
  return images.flatMap((image) => {
    const tags = (image.RepoTags ?? []).filter((tag) => imageAllowed(tag, limits));
    const repositories = new Set(tags.map((tag) => tag.slice(0, tag.lastIndexOf(':'))));
    const digests = (image.RepoDigests ?? []).filter((digest) =>
      repositories.has(digest.split('@')[0] ?? ''),
    );
    return tags.length === 0 ? [] : [{ ...image, RepoTags: tags, RepoDigests: digests }];
  });
}

export async function listImages(
  context: CommandContext,
  flags: ParsedFlags,
  args: readonly string[],
): Promise<number> {
  const refused = ['filter', 'tree'].find((name) => flags.changed(name));
  if (refused) {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: `--${refused}` });
    context.stderr(
      `volume-lab: --${refused} is not available in this sandbox; this lab has only its own images\n`,
    );
    return 1;
  }
  let images: EngineImageSummary[];
  try {
    // `docker images REPOSITORY[:TAG]` is the engine's reference filter, which also keeps only matching tags.
    const filters: EngineFilters = args[0] !== undefined ? { reference: [args[0]] } : {};
    images = labImagesOnly(await context.containers.images({ filters }), context.limits);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
  const format = resolveImageFormat(flags.string('format'), flags.bool('quiet'), flags.bool('digests'));
  const result = formatList({
    format,
    defaultTableFormat: format,
    defaultQuietFormat: format,
    headers: IMAGE_HEADERS,
    rows: imageRows(images, {
      trunc: !flags.bool('no-trunc'),
      now: Date.now(),
      digests: flags.bool('digests'),
      format,
    }),
  });
  if (!result.ok) {
    context.stderr(`${result.error}\n`);
    return 1;
  }
  context.stdout(result.output);
  return 0;
}

const TYPES = [
  'config',
  'container',
  'image',
  'network',
  'node',
  'plugin',
  'secret',
  'service',
  'task',
  'volume',
];

/** One object for `docker inspect`: the session's container, then one of the lab's images, then its volume. */
async function inspectOne(
  context: CommandContext,
  own: readonly OwnContainer[],
  reference: string,
  type: string,
  engine: EngineInfo,
): Promise<InspectItem> {
  if (type === '' || type === 'container') {
    const found = findContainer(own, reference);
    if (typeof found !== 'string') {
      const view = containerView(await context.containers.inspect(found.id), context.ns);
      return { value: containerInspectStruct(view), raw: view };
    }
    if (type === 'container') return { error: daemonMessage(found) };
  }
  if (type === '' || type === 'image') {
    const image = await lookUpImage(context.containers, reference);
    if (image.found && grantedImage(image.repoTags, context.limits)) {
      return { value: image.raw, raw: image.raw };
    }
    if (type === 'image') {
      // The engine's own answer when it has no such image; the lab's wording of it for one it does not offer.
      const message = image.found ? undefined : image.message;
      return { error: daemonMessage(message ?? noSuchImage(reference, apiOlderThan(engine, '1.42'))) };
    }
  }
  if (type === '' || type === 'volume') {
    for (const engineName of context.ns.candidates(reference)) {
      const volume: EngineVolume | undefined = await context.engine
        .inspectVolume(engineName)
        .catch(() => undefined);
      if (volume && volume.Labels?.[SESSION_LABEL] === context.ns.sessionId) {
        const view = {
          ...volume,
          Name: reference,
          Mountpoint: context.ns.hide(volume.Mountpoint),
          Labels: visibleLabels(volume.Labels, null),
        };
        return { value: volumeStruct(view) };
      }
    }
    if (type === 'volume') return { error: daemonMessage(`get ${reference}: no such volume`) };
  }
  return { error: `Error: No such object: ${reference}` };
}

export async function inspectObjects(
  context: CommandContext,
  type: string,
  flags: ParsedFlags,
  args: readonly string[],
  engine: EngineInfo,
): Promise<number> {
  if (type !== '' && !TYPES.includes(type)) {
    context.stderr(`unknown type: "${type}": must be one of ${TYPES.map((t) => `"${t}"`).join(', ')}\n`);
    return 1;
  }
  const own = await listOwnContainers(context.containers, context.ns);
  const items: InspectItem[] = [];
  for (const reference of args) items.push(await inspectOne(context, own, reference, type, engine));
  const result = formatInspect(flags.string('format'), items);
  context.stdout(result.stdout);
  context.stderr(result.stderr);
  return result.exitCode;
}
