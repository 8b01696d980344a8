/**
 * The host's apt sources for one Debian release, so images are built from the mirror (or snapshot,
 * or proxy) the host already uses. Only entries of Debian's own archive for that release are kept:
 * those of other releases and of other vendors (Docker's, say, whose suite may be `bookworm` too)
 * have no place in a Debian image, and their keys are not in it.
 */

/** One sources file: its name (`.list` one-line entries, `.sources` deb822 stanzas) and its text. */
export interface SourcesFile {
  name: string;
  text: string;
}

/** What to hand mmdebstrap: one-line entries as mirror arguments, deb822 stanzas as one file. */
export interface SuiteSources {
  oneLine: string[];
  deb822: string;
}

/** The suite itself and the suites Debian publishes its updates in, as the official image lists them. */
function belongsTo(suite: string, candidate: string): boolean {
  return candidate === suite || candidate === `${suite}-updates` || candidate === `${suite}-security`;
}

const DEBIAN_COMPONENTS = new Set(['main', 'contrib', 'non-free', 'non-free-firmware']);
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** Debian's archive by what it serves and signs with: its components, and its keyring (or the default keys). */
function looksLikeDebian(components: readonly string[], signedBy: string | undefined): boolean {
  return (
    components.length > 0 &&
    components.every((component) => DEBIAN_COMPONENTS.has(component)) &&
    (signedBy === undefined || signedBy === DEBIAN_KEYRING)
  );
}

export function suiteSources(files: readonly SourcesFile[], suite: string): SuiteSources {
  const oneLine: string[] = [];
  const stanzas: string[] = [];
  for (const file of files) {
    if (file.name.endsWith('.list')) oneLine.push(...oneLineEntries(file.text, suite));
    else if (file.name.endsWith('.sources')) stanzas.push(...deb822Stanzas(file.text, suite));
  }
  return { oneLine, deb822: stanzas.length > 0 ? `${stanzas.join('\n\n')}\n` : '' };
}

function oneLineEntries(text: string, suite: string): string[] {
  const entries: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    // deb [options] uri suite component...
    const match = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)((?:\s+\S+)*)$/.exec(line);
    if (!match?.[3] || !belongsTo(suite, match[3])) continue;
    const signedBy = /(?:^|\s)signed-by=(\S+)/.exec(match[1] ?? '')?.[1];
    if (looksLikeDebian((match[4] ?? '').trim().split(/\s+/).filter(Boolean), signedBy)) entries.push(line);
  }
  return entries;
}

/** Stanzas that serve the suite, their Suites narrowed to it; other fields (Signed-By too) kept as written. */
function deb822Stanzas(text: string, suite: string): string[] {
  const kept: string[] = [];
  for (const stanza of text.split(/\n[ \t]*\n/)) {
    const lines = stanza.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const field = (name: string): string | undefined =>
      lines
        .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        ?.slice(name.length + 1)
        .trim();
    if ((field('Enabled') ?? 'yes').toLowerCase() === 'no') continue;
    if (!(field('Types') ?? '').split(/\s+/).includes('deb')) continue;
    const suites = (field('Suites') ?? '').split(/\s+/).filter((candidate) => belongsTo(suite, candidate));
    if (suites.length === 0) continue;
    // An inline key (a multi-line Signed-By) is not Debian's keyring file, so not Debian's archive.
    const signedBy = field('Signed-By');
    const components = (field('Components') ?? '').split(/\s+/).filter(Boolean);
    if (!looksLikeDebian(components, signedBy === '' ? 'inline key' : signedBy)) continue;
    kept.push(
      lines
        .map((line) => {
          const lower = line.toLowerCase();
          if (lower.startsWith('types:')) return 'Types: deb';
          if (lower.startsWith('suites:')) return `Suites: ${suites.join(' ')}`;
          return line;
        })
        .join('\n'),
    );
  }
  return kept;
}
