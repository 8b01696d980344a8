/** Which of the host's apt sources a Debian image is built from: those of its release, and only those. */
import { describe, expect, it } from 'vitest';
import { suiteSources } from '../../server/images/apt-sources.ts';

const DEBIAN_SOURCES = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main contrib

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main

Enabled: no
Types: deb
URIs: http://mirror.example.org/debian
Suites: bookworm
Components: main
`;

const INLINE_KEY = `Types: deb
URIs: http://proxy.example.org/debian
Suites: trixie bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD9K7UaXF5xyVG9EAdt
 -----END PGP PUBLIC KEY BLOCK-----
`;

describe('suiteSources', () => {
  it('keeps deb822 stanzas of the suite, narrowed to it and its updates and security suites', () => {
    const { deb822, oneLine } = suiteSources(
      [{ name: '/etc/apt/sources.list.d/debian.sources', text: DEBIAN_SOURCES }],
      'bookworm',
    );
    expect(oneLine).toEqual([]);
    expect(deb822).toBe(`Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main contrib
`);
  });

  it("leaves out a stanza signed by a key of its own: not Debian's archive", () => {
    expect(suiteSources([{ name: 'proxy.sources', text: INLINE_KEY }], 'bookworm').deb822).toBe('');
  });

  it('keeps one-line entries of the suite, options included, and nothing of other vendors or releases', () => {
    const list = [
      '# the host mirror',
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian bookworm main',
      'deb http://security.debian.org/debian-security bookworm-security main # security',
      'deb-src http://ftp.de.debian.org/debian bookworm main',
      'deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main',
      'deb [arch=amd64] https://download.docker.com/linux/debian bookworm stable',
      'deb [signed-by=/usr/share/keyrings/sury.gpg] https://packages.sury.org/php bookworm main',
      'deb http://ftp.de.debian.org/debian trixie main',
    ].join('\n');
    const { oneLine, deb822 } = suiteSources([{ name: '/etc/apt/sources.list', text: list }], 'bookworm');
    expect(deb822).toBe('');
    expect(oneLine).toEqual([
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian bookworm main',
      'deb http://security.debian.org/debian-security bookworm-security main',
    ]);
  });

  it('finds nothing on a host of another distribution, so mmdebstrap uses its default mirror', () => {
    const ubuntu = 'deb http://archive.ubuntu.com/ubuntu noble main universe\n';
    expect(suiteSources([{ name: '/etc/apt/sources.list', text: ubuntu }], 'bookworm')).toEqual({
      oneLine: [],
      deb822: '',
    });
  });
});
