/**
 * Every arrow points down. The README's `layers` block lists the code's floors, top first; a module
 * may import from its own floor and those under it, never from one above (a type-only import is an
 * import too), and the browser's code and the server's meet only in src/shared. The order is written
 * once, there: this test reads it rather than keeping a copy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCE_DIRS = ['server', 'src', 'harness', 'bench', 'scripts', 'test'];
const MODULE_FILE = /\.(ts|mts|mjs|astro)$/;
/** Imports and re-exports (type-only ones too, over several lines), bare `import '…'`, and `import('…')`. */
const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]*?\bfrom\s*)?['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

interface Floor {
  /** A directory (ending in `/`) or a file, relative to the repository. */
  readonly path: string;
  /** 1 for the lowest floor. */
  readonly height: number;
}

interface Import {
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** The imported file, relative to the repository. */
  readonly target: string;
}

function readFloors(): Floor[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /^```layers\n([\s\S]*?)^```$/m.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```layers block');
  // A floor's line starts with its path; indented lines continue the description above them.
  const paths = block
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s/, 1)[0] ?? '');
  return paths.map((path, index) => ({ path, height: paths.length - index }));
}

function floorOf(floors: readonly Floor[], file: string): Floor | undefined {
  const holding = floors.filter((floor) =>
    floor.path.endsWith('/') ? file.startsWith(floor.path) : file === floor.path,
  );
  return holding.sort((a, b) => b.path.length - a.path.length)[0];
}

/** Which side of the page/server divide a file is on; src/shared and the tools are on neither. */
function sideOf(file: string): 'server' | 'browser' | undefined {
  if (file.startsWith('server/')) return 'server';
  if (file.startsWith('src/') && !file.startsWith('src/shared/')) return 'browser';
  return undefined;
}

function modulesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && MODULE_FILE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function specifiersIn(text: string): { specifier: string; line: number }[] {
  return [...text.matchAll(IMPORT)].map((match) => ({
    specifier: match[1] ?? match[2] ?? '',
    line: text.slice(0, match.index).split('\n').length,
  }));
}

function importsOf(file: string): Import[] {
  return specifiersIn(readFileSync(join(ROOT, file), 'utf8'))
    .filter(({ specifier }) => specifier.startsWith('.'))
    .map(({ specifier, line }) => ({
      from: file,
      line,
      specifier,
      target: normalize(join(dirname(file), specifier.split('?', 1)[0] ?? '')),
    }));
}

const floors = readFloors();
const modules = SOURCE_DIRS.flatMap(modulesUnder);
const imports = modules.flatMap(importsOf);
const held = new Set(modules);

function where(entry: Import): string {
  return `${entry.from}:${entry.line} imports '${entry.specifier}'`;
}

describe('the layers the README lists', () => {
  it('sees every kind of import, type-only and multi-line ones too', () => {
    const text = [
      "import type { A } from './a.ts';",
      'import {\n  b,\n  type C,\n} from "../b.ts";',
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "import './f.css';",
      "const g = await import('./g.ts');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(specifiersIn(text)).toEqual([
      { specifier: './a.ts', line: 1 },
      { specifier: '../b.ts', line: 2 },
      { specifier: './d.ts', line: 6 },
      { specifier: './e.ts', line: 7 },
      { specifier: './f.css', line: 8 },
      { specifier: './g.ts', line: 9 },
      { specifier: 'zod', line: 10 },
    ]);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('name only places that exist', () => {
    const missing = floors.filter((floor) => !existsSync(join(ROOT, floor.path)));
    expect(missing.map((floor) => floor.path)).toEqual([]);
  });

  it('hold every module', () => {
    expect(modules.filter((file) => floorOf(floors, file) === undefined)).toEqual([]);
  });

  it('are only ever imported downwards', () => {
    const climbs = imports.flatMap((entry) => {
      const own = floorOf(floors, entry.from);
      const theirs = floorOf(floors, entry.target);
      // A module no floor holds is reported once, by the test above, not at every import of it.
      if (own === undefined || (theirs === undefined && held.has(entry.target))) return [];
      if (theirs === undefined) return [`${where(entry)}, a file no floor of the README holds`];
      if (theirs.height <= own.height) return [];
      const above = theirs.height - own.height;
      return [
        `${where(entry)}: ${own.path} may not import from ${theirs.path}, ${above} floor${above === 1 ? '' : 's'} above it`,
      ];
    });
    expect(climbs).toEqual([]);
  });

  it('keep the browser and the server apart but for src/shared', () => {
    const crossings = imports.flatMap((entry) => {
      const own = sideOf(entry.from);
      const theirs = sideOf(entry.target);
      return own && theirs && own !== theirs
        ? [`${where(entry)}: ${own} code meets ${theirs} code only through src/shared`]
        : [];
    });
    expect(crossings).toEqual([]);
  });
});
