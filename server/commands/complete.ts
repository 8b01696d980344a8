/** Tab completion for the lab shell: programs, docker subcommands, their flags and the session's volume names. */
import { type CommandSpec, isCommandListed, isFlagListed } from '../cli/command-spec.ts';
import { volumeGroup } from '../cli/volume-commands.ts';
import type { Engine } from '../docker/engine.ts';
import type { Namespace } from '../session/namespace.ts';
import type { Completer } from '../shell/line-editor.ts';
import { engineInfo } from './engine-info.ts';

const PROGRAMS = ['clear', 'docker', 'help'];
const DOCKER_COMMANDS = ['version', 'volume'];
/** Subcommands whose arguments are existing volume names. */
const TAKES_VOLUMES = new Set(['inspect', 'rm', 'remove']);

function matching(candidates: readonly string[], word: string): string[] {
  const hits = candidates.filter((candidate) => candidate.startsWith(word));
  // A single hit is completed with the space that separates it from the next word, as bash does.
  return hits.length === 1 ? [`${hits[0]} `] : hits;
}

export function createCompleter(engine: Engine, ns: Namespace): Completer {
  return async (line) => {
    const words = line.trimStart().split(/\s+/);
    const word = words.at(-1) ?? '';
    const before = words.slice(0, -1);
    if (before.length === 0) return [matching(PROGRAMS, word), word];
    if (before[0] !== 'docker') return [[], word];
    if (before.length === 1) return [matching(DOCKER_COMMANDS, word), word];
    if (before[1] !== 'volume') return [[], word];
    const info = await engineInfo(engine);
    const listed = volumeGroup.commands.filter((command) => isCommandListed(command, info));
    if (before.length === 2)
      return [
        matching(
          listed.map((command) => command.name),
          word,
        ),
        word,
      ];
    const command: CommandSpec | undefined = listed.find(
      (candidate) => candidate.name === before[2] || candidate.aliases.includes(before[2] ?? ''),
    );
    if (!command) return [[], word];
    if (word.startsWith('-')) {
      const flags = command.flags.filter((flag) => !flag.hidden && isFlagListed(flag, info));
      return [matching(['--help', ...flags.map((flag) => `--${flag.name}`)].sort(), word), word];
    }
    if (!TAKES_VOLUMES.has(command.name)) return [[], word];
    const volumes = await engine.listVolumes({ label: [ns.labelFilter] });
    const names = volumes.map((volume) => ns.fromEngine(volume.Name)).filter((name) => name !== undefined);
    return [matching(names.sort(), word), word];
  };
}
