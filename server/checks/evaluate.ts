/**
 * Evaluates a lesson's checks against the engine's state for one session. Each result says what was
 * found against what the step expects, in the learner's names, so a near miss explains itself
 * ("a container mounts my-volume at /date; the step expects /data").
 */
import type { Check, CheckResult } from '../../src/shared/checks.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import type { SessionContainer } from '../commands/session-objects.ts';
import { normaliseImage } from '../policy/images.ts';
import { visibleLabels } from '../sandbox/namespace.ts';
import { engineRemappedRoot, uidInContainer } from './container-uid.ts';
import type { SessionState } from './session-state.ts';
import { readVolumeFile } from './volume-file.ts';

const pass = (detail: string) => ({ ok: true, detail });
const fail = (detail: string) => ({ ok: false, detail });

/**
 * Whether a container's image (as its listing shows it: the reference it was run with) is `wanted`:
 * a repository alone matches any of its tags, a reference with a tag that tag only.
 */
function runsImage(image: string, wanted: string): boolean {
  const actual = normaliseImage(image);
  if (/:[^/]*$/.test(wanted)) return actual === normaliseImage(wanted);
  return actual.slice(0, actual.lastIndexOf(':')) === normaliseImage(wanted).replace(/:latest$/, '');
}

function listOf(names: readonly string[], what: string): string {
  return names.length === 0 ? `you have no ${what}` : `your ${what}: ${names.join(', ')}`;
}

async function evaluateOne(state: SessionState, check: Check): Promise<{ ok: boolean; detail: string }> {
  switch (check.kind) {
    case 'volume-exists': {
      const volumes = await state.ownVolumes();
      const found = volumes.find((volume) => volume.name === check.name);
      if (!found)
        return fail(
          `no volume named ${check.name} yet; ${listOf(
            volumes.map((v) => v.name),
            'volumes',
          )}`,
        );
      if (check.driver && found.volume.Driver !== check.driver) {
        return fail(`${check.name} uses the ${found.volume.Driver} driver; the step expects ${check.driver}`);
      }
      const labels = visibleLabels(found.volume.Labels, {}) ?? {};
      for (const [key, value] of Object.entries(check.labels ?? {})) {
        if (labels[key] !== value) {
          const shown = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
          return fail(
            `${check.name} has ${shown.length ? `labels ${shown.join(', ')}` : 'no labels'}; the step expects ${key}=${value}`,
          );
        }
      }
      return pass(`volume ${check.name} exists`);
    }
    case 'volume-absent': {
      const found = (await state.ownVolumes()).some((volume) => volume.name === check.name);
      return found ? fail(`volume ${check.name} still exists`) : pass(`volume ${check.name} is gone`);
    }
    case 'container-exists': {
      const containers = await state.ownContainers();
      const named = check.name === undefined ? containers : containers.filter((c) => c.name === check.name);
      if (named.length === 0) {
        return fail(
          `no container named ${check.name}; ${listOf(
            containers.map((c) => c.name),
            'containers',
          )}`,
        );
      }
      const running =
        check.running === undefined ? named : named.filter((c) => (c.state === 'running') === check.running);
      if (running.length === 0) {
        const [first] = named;
        const status = first?.state ?? 'missing';
        const who = check.name ?? 'none of your containers';
        return fail(`${who} is ${status}; the step expects it ${check.running ? 'running' : 'stopped'}`);
      }
      const image = check.image;
      const candidates = image === undefined ? running : running.filter((c) => runsImage(c.image, image));
      if (candidates.length === 0) {
        return check.name === undefined
          ? fail(`none of your containers runs ${image}`)
          : fail(`${check.name} runs ${running[0]?.image}; the step expects ${image}`);
      }
      const mount = check.mount;
      if (!mount) return pass(`container ${check.name ?? candidates[0]?.name} exists`);
      const engineVolume = mount.volume === undefined ? undefined : state.ns.toEngine(mount.volume);
      // Which of the session's volumes are anonymous is decided in one place (sandbox/anonymous-volume.ts).
      const anonymous = new Set(
        (await state.ownVolumes()).filter((volume) => volume.anonymous).map((volume) => volume.engineName),
      );
      const isAnonymous = (name: string | undefined) => name !== undefined && anonymous.has(name);
      const mountsOf = (c: SessionContainer) =>
        c.mounts.filter(
          (m) => m.Type === 'volume' && (mount.anonymous ? isAnonymous(m.Name) : m.Name === engineVolume),
        );
      for (const candidate of candidates) {
        const hit = mountsOf(candidate).find(
          (m) => m.Destination === mount.target && (mount.readOnly === undefined || m.RW === !mount.readOnly),
        );
        if (hit) {
          return pass(`${candidate.name} mounts ${mount.volume ?? 'an anonymous volume'} at ${mount.target}`);
        }
      }
      const what = mount.volume ?? 'an anonymous volume';
      for (const candidate of candidates) {
        const near = mountsOf(candidate)[0];
        if (!near) continue;
        if (near.Destination !== mount.target) {
          return fail(`a container mounts ${what} at ${near.Destination}; the step expects ${mount.target}`);
        }
        return fail(
          `${candidate.name} mounts ${what} at ${mount.target} ${near.RW ? 'read-write' : 'read-only'}; the step expects it ${mount.readOnly ? 'read-only' : 'writable'}`,
        );
      }
      return fail(
        `no container${check.name ? ` named ${check.name}` : ''} mounts ${what}; the step expects one at ${mount.target}`,
      );
    }
    case 'container-absent': {
      const found = (await state.ownContainers()).some((c) => c.name === check.name);
      return found ? fail(`container ${check.name} still exists`) : pass(`container ${check.name} is gone`);
    }
    case 'file-in-volume': {
      const found = (await state.ownVolumes()).find((volume) => volume.name === check.volume);
      if (!found) return fail(`no volume named ${check.volume} yet, so no ${check.path} in it`);
      const file = await readVolumeFile(
        state.services,
        state.ns,
        found.volume,
        check.path,
        state.services.limits.images[0] ?? 'busybox:latest',
      );
      if (!check.exists) {
        return file === undefined
          ? pass(`${check.path} is not in ${check.volume}`)
          : fail(`${check.path} is still in ${check.volume}`);
      }
      if (file === undefined) return fail(`${check.path} is not in the volume ${check.volume}`);
      const content = file.text;
      if (check.contains !== undefined && !content.includes(check.contains)) {
        const shown = content.length > 60 ? `${content.slice(0, 60)}…` : content;
        return fail(
          `${check.path} contains ${JSON.stringify(shown.trimEnd())}; the step expects ${JSON.stringify(check.contains)} in it`,
        );
      }
      if (check.owner !== undefined) {
        const uid = uidInContainer(file.uid, await engineRemappedRoot(state.services.engine));
        if (uid !== check.owner) {
          return fail(`${check.path} is owned by uid ${uid}; the step expects uid ${check.owner}`);
        }
      }
      const details = [
        check.contains === undefined ? '' : ` and contains ${JSON.stringify(check.contains)}`,
        check.owner === undefined ? '' : `, owned by uid ${check.owner}`,
      ].join('');
      return pass(`${check.path} is in ${check.volume}${details}`);
    }
    case 'volume-mounted-by': {
      const engineVolume = state.ns.toEngine(check.volume);
      const users = (await state.ownContainers()).filter((c) =>
        c.mounts.some((m) => m.Name === engineVolume),
      );
      const names = users.map((c) => c.name).sort();
      return users.length >= check.atLeast
        ? pass(`${check.volume} is mounted by ${names.join(', ')}`)
        : fail(
            `${check.volume} is mounted by ${users.length === 0 ? 'no container' : names.join(', ')}; the step expects at least ${check.atLeast}`,
          );
    }
    case 'container-volumes-from': {
      const containers = await state.ownContainers();
      const source = containers.find((c) => c.name === check.from);
      if (!source)
        return fail(
          `no container named ${check.from}; ${listOf(
            containers.map((c) => c.name),
            'containers',
          )}`,
        );
      const candidates = containers.filter(
        (c) => check.container === undefined || c.name === check.container,
      );
      const borrowers: SessionContainer[] = [];
      for (const c of candidates) {
        const from = await state.volumesFrom(c);
        if (from.some((entry) => entry.split(':')[0] === source.id)) borrowers.push(c);
      }
      return borrowers.length > 0
        ? pass(`${borrowers.map((c) => c.name).join(', ')} uses the volumes of ${check.from}`)
        : fail(
            `no container${check.container ? ` named ${check.container}` : ''} was created with --volumes-from ${check.from}`,
          );
    }
    case 'volume-count': {
      const volumes = (await state.ownVolumes()).filter(
        (volume) => check.anonymous === undefined || volume.anonymous === check.anonymous,
      );
      const what =
        check.anonymous === undefined ? 'volumes' : check.anonymous ? 'anonymous volumes' : 'named volumes';
      if (check.min !== undefined && volumes.length < check.min) {
        return fail(`you have ${volumes.length} ${what}; the step expects at least ${check.min}`);
      }
      if (check.max !== undefined && volumes.length > check.max) {
        return fail(`you have ${volumes.length} ${what}; the step expects at most ${check.max}`);
      }
      return pass(`you have ${volumes.length} ${what}`);
    }
  }
}

/** What a file check not looked at this time reports: an earlier step has not passed yet. */
export const WAITING_DETAIL = 'an earlier step comes first';

/**
 * The lesson's steps for one session, in order. Checks that read lists share one listing and cost
 * next to nothing; a file check starts a helper container on the engine, so it is looked at only when
 * its step's turn has come: not once the step has passed (steps stay passed), and not after a step
 * that fails (it could not count yet). A room of learners then costs at most one helper per command.
 */
export async function evaluateLesson(
  state: SessionState,
  lesson: Lesson,
  passed: ReadonlySet<string> = new Set(),
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let blocked = false;
  for (const step of lesson.steps) {
    const costly = step.check.kind === 'file-in-volume';
    if (costly && passed.has(step.id)) {
      results.push({ step: step.id, ok: true, detail: 'passed earlier' });
    } else if (costly && blocked) {
      results.push({ step: step.id, ok: false, detail: WAITING_DETAIL });
    } else {
      try {
        results.push({ step: step.id, ...(await evaluateOne(state, step.check)) });
      } catch (error) {
        results.push({ step: step.id, ok: false, detail: `could not check: ${(error as Error).message}` });
      }
    }
    if (!passed.has(step.id) && results.at(-1)?.ok !== true) blocked = true;
  }
  return results;
}
