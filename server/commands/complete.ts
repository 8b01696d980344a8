/**
 * Tab completion for the lab shell: programs, docker commands and subcommands, their flags, and the
 * session's own volume and container names where a command takes them.
 */
import { type CommandSpec, isCommandListed, isFlagListed } from '../cli/command-spec.ts';
import { lookupRoot, ROOT_ENTRIES } from '../cli/docker-root.ts';
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { engineInfo } from './engine-info.ts';
import { listOwnContainers } from './own-containers.ts';

const PROGRAMS = ['clear', 'docker', 'help'];
/** Commands whose arguments name containers, by their spec name. */
const TAKES_CONTAINERS = new Set([
  'exec',
  'rm',
  'stop',
  'start',
  'restart',
  'kill',
  'wait',
  'logs',
  'inspect',
]);

function matching(candidates: readonly string[], word: string): string[] {
  const hits = [...new Set(candidates.filter((candidate) => candidate.startsWith(word)))].sort();
  // A single hit is completed with the space that separates it from the next word, as bash does.
  return hits.length === 1 ? [`${hits[0]} `] : hits;
}

/** Completes the word before the cursor: returns candidates and the text they replace. */
export type Completer = (line: string) => Promise<[string[], string]>;

export function createCompleter(engine: Engine, containers: ContainerEngine, ns: Namespace): Completer {
  const volumeNames = async () =>
    (await engine.listVolumes({ label: [ns.labelFilter] }))
      .map((volume) => ns.fromEngine(volume.Name))
      .filter((name) => name !== undefined);
  const containerNames = async () =>
    (await listOwnContainers(containers, ns)).map((container) => container.name);

  return async (line) => {
    const words = line.trimStart().split(/\s+/);
    const word = words.at(-1) ?? '';
    const before = words.slice(0, -1);
    if (before.length === 0) return [matching(PROGRAMS, word), word];
    if (before[0] !== 'docker') return [[], word];
    if (before.length === 1) return [matching([...ROOT_ENTRIES.keys()], word), word];
    const entry = lookupRoot(before[1] ?? '');
    if (!entry) return [[], word];
    const info = await engineInfo(engine);
    let command: CommandSpec | undefined;
    if (entry.kind === 'group') {
      const listed = entry.group.commands.filter((candidate) => isCommandListed(candidate, info));
      if (before.length === 2)
        return [
          matching(
            listed.map((candidate) => candidate.name),
            word,
          ),
          word,
        ];
      command = listed.find(
        (candidate) => candidate.name === before[2] || candidate.aliases.includes(before[2] ?? ''),
      );
    } else command = entry.command;
    if (!command) return [[], word];
    if (word.startsWith('-')) {
      const flags = command.flags.filter((flag) => !flag.hidden && isFlagListed(flag, info));
      return [matching(['--help', ...flags.map((flag) => `--${flag.name}`)], word), word];
    }
    const volumes = command.parentPath === 'docker volume' && ['inspect', 'rm'].includes(command.name);
    if (volumes) return [matching(await volumeNames(), word), word];
    if (TAKES_CONTAINERS.has(command.name)) return [matching(await containerNames(), word), word];
    return [[], word];
  };
}
