import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type EngineEnv, labEnginesSchema, parseEngineList } from '../../server/docker/engine-address.ts';

// Files the parser reads: a TLS directory as DOCKER_CERT_PATH lays it out, an ssh key and known_hosts.
// Their contents only need the right PEM labels; nothing here opens a connection.
const root = mkdtempSync(join(tmpdir(), 'engine-address-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const tlsDir = join(root, 'tls');
mkdirSync(tlsDir);
writeFileSync(join(tlsDir, 'ca.pem'), pem('CERTIFICATE', 'ca'));
writeFileSync(join(tlsDir, 'cert.pem'), pem('CERTIFICATE', 'client'));
writeFileSync(join(tlsDir, 'key.pem'), pem('EC PRIVATE KEY', 'key'));
const swappedDir = join(root, 'swapped');
mkdirSync(swappedDir);
writeFileSync(join(swappedDir, 'ca.pem'), pem('CERTIFICATE', 'ca'));
writeFileSync(join(swappedDir, 'cert.pem'), pem('EC PRIVATE KEY', 'key'));
writeFileSync(join(swappedDir, 'key.pem'), pem('CERTIFICATE', 'client'));
const sshKey = join(root, 'id_lab');
writeFileSync(sshKey, pem('OPENSSH PRIVATE KEY', 'key'));

// Host key blobs are opaque bytes to the verifier; random ones stand in for real keys. How known_hosts
// is matched is ssh-host-keys.test.ts's business; here it only has to know the engines' hosts.
const engineKey = randomBytes(51);
const otherKey = randomBytes(51);
const knownHosts = join(root, 'known_hosts');
writeFileSync(
  knownHosts,
  [
    `build-1.example.org ssh-ed25519 ${engineKey.toString('base64')}`,
    `[build-2.example.org]:2222 ssh-ed25519 ${otherKey.toString('base64')}`,
    '',
  ].join('\n'),
);

/** An environment that points nowhere, so no test depends on the machine running it. */
const bare: EngineEnv = { HOME: join(root, 'no-home') };

function problemsOf(value: string | undefined, env: EngineEnv = bare): string {
  try {
    parseEngineList(value, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${value} to be refused`);
}

type Verifier = (key: Buffer) => boolean;
const verifierOf = (value: string, env: EngineEnv = bare): Verifier =>
  parseEngineList(value, env)[0]?.options.sshOptions?.hostVerifier as Verifier;

describe('parseEngineList: the default engine', () => {
  it.each([undefined, '', '  ', ' , '])('is the local socket, named local, for %j', (value) => {
    expect(parseEngineList(value, bare)).toEqual([
      {
        name: 'local',
        address: 'unix:///var/run/docker.sock',
        options: expect.objectContaining({
          socketPath: '/var/run/docker.sock',
          protocol: 'http',
          host: undefined,
        }),
      },
    ]);
  });

  it("prefers Docker Desktop's per-user socket when it exists, as docker-modem does", () => {
    const home = join(root, 'desktop-home');
    mkdirSync(join(home, '.docker', 'run'), { recursive: true });
    writeFileSync(join(home, '.docker', 'run', 'docker.sock'), '');
    const [engine] = parseEngineList(undefined, { HOME: home });
    expect(engine?.options.socketPath).toBe(join(home, '.docker', 'run', 'docker.sock'));
  });

  it('follows DOCKER_HOST', () => {
    const [engine] = parseEngineList('', { ...bare, DOCKER_HOST: 'unix:///run/other.sock' });
    expect(engine).toMatchObject({ name: 'local', address: 'unix:///run/other.sock' });
    expect(engine?.options.socketPath).toBe('/run/other.sock');
  });

  it('takes TLS from DOCKER_CERT_PATH for a tcp DOCKER_HOST, as the docker CLI does', () => {
    const [engine] = parseEngineList(undefined, {
      ...bare,
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: tlsDir,
    });
    expect(engine?.address).toBe('tcp://10.0.0.5:2376');
    expect(engine?.options).toMatchObject({ protocol: 'https', host: '10.0.0.5', port: 2376 });
    expect(String(engine?.options.cert)).toContain('client');
  });

  it('refuses a tcp DOCKER_HOST without TLS unless it is loopback', () => {
    expect(problemsOf(undefined, { ...bare, DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatch(
      /DOCKER_HOST \(tcp:\/\/10\.0\.0\.5:2375\): plain tcp:\/\/ to 10\.0\.0\.5 is refused/,
    );
    const [engine] = parseEngineList(undefined, { ...bare, DOCKER_HOST: 'tcp://127.0.0.1:2375' });
    expect(engine?.options).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: 2375 });
  });
});

describe('parseEngineList: entries', () => {
  it('reads named entries in order, keeping each address as written', () => {
    const value = `local=unix:///var/run/docker.sock, second = tcp://127.0.0.1:2376?tls=${tlsDir}`;
    const engines = parseEngineList(value, bare);
    expect(engines.map(({ name, address }) => ({ name, address }))).toEqual([
      { name: 'local', address: 'unix:///var/run/docker.sock' },
      { name: 'second', address: `tcp://127.0.0.1:2376?tls=${tlsDir}` },
    ]);
    expect(engines[1]?.options).toMatchObject({
      protocol: 'https',
      host: '127.0.0.1',
      port: 2376,
      socketPath: undefined,
    });
    expect(Buffer.isBuffer(engines[1]?.options.key)).toBe(true);
  });

  it.each([
    ['unix:///run/volume-lab-engine2.sock', 'volume-lab-engine2'],
    ['unix:///var/run/docker.sock', 'docker'],
    [`tcp://10.0.0.5:2376?tls=${tlsDir}`, '10-0-0-5-2376'],
    ['tcp://[::1]:2375', '1-2375'],
    ['tcp://localhost:2375', 'localhost-2375'],
    [`ssh://lab@Build-1.Example.org?key=${sshKey}&known_hosts=${knownHosts}`, 'build-1-example-org'],
    [
      `ssh://lab@build-2.example.org:2222?key=${sshKey}&known_hosts=${knownHosts}`,
      'build-2-example-org-2222',
    ],
  ])('names the bare address %s %s', (address, name) => {
    expect(parseEngineList(address, bare)[0]).toMatchObject({ name, address });
  });

  it('decodes %-escapes in paths, so a comma can be written %2C', () => {
    const [engine] = parseEngineList('odd=unix:///run/a%2Cb.sock', bare);
    expect(engine?.options.socketPath).toBe('/run/a,b.sock');
  });

  it("keeps the server's DOCKER_HOST from redirecting a listed engine", () => {
    // docker-modem fills unset options from the environment, and a host would win over the socket.
    vi.stubEnv('DOCKER_HOST', 'tcp://10.9.9.9:2375');
    try {
      const [engine] = parseEngineList('two=unix:///run/volume-lab-engine2.sock', bare);
      const modem = new Docker(engine?.options).modem as unknown as { host?: string; socketPath?: string };
      expect(modem.host).toBeUndefined();
      expect(modem.socketPath).toBe('/run/volume-lab-engine2.sock');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('parseEngineList: refusals name their entry', () => {
  it.each([
    ['Second=unix:///run/x.sock', /entry 1 .*"Second" is not a valid name/],
    ['a-name-that-is-far-too-long-for-a-pool=unix:///x.sock', /not a valid name/],
    ['empty=', /no address after "empty="/],
    ['http://127.0.0.1:2375', /unsupported scheme "http:\/\/": use unix:\/\/, tcp:\/\/ or ssh:\/\//],
    ['w=npipe:////./pipe/docker_engine', /unsupported scheme "npipe:\/\/"/],
    ['just-a-word', /not an address/],
    ['u=unix://run/docker.sock', /absolute path/],
    ['u=unix:///run/docker.sock?tls=/x', /unknown parameter "tls" for unix:\/\/ \(it takes none\)/],
    ['t=tcp://127.0.0.1', /needs a port/],
    ['t=tcp://10.0.0.5:2375', /plain tcp:\/\/ to 10\.0\.0\.5 is refused: .*root on that host/],
    ['t=tcp://docker:2375', /plain tcp:\/\/ to docker is refused/],
    ['t=tcp://127.1:2375', /plain tcp:\/\/ to 127\.1 is refused/],
    ['t=tcp://10.0.0.5:2376?tsl=/etc/x', /unknown parameter "tsl" for tcp:\/\/ \(known: tls\)/],
    ['t=tcp://10.0.0.5:2376?tls=certs', /absolute path, not "certs"/],
    [
      't=tcp://10.0.0.5:2376?tls=/nonexistent',
      /cannot read the CA certificate \/nonexistent\/ca\.pem \(no such file\)/,
    ],
    [`t=tcp://10.0.0.5:2376?tls=${swappedDir}`, /cert\.pem should hold the client certificate/],
    [`t=tcp://10.0.0.5:2376?tls=${tlsDir}&tls=${tlsDir}`, /"tls" is given twice/],
    ['t=tcp://user@10.0.0.5:2376', /takes no user or password/],
    ['s=ssh://build-1.example.org', /needs a user/],
    ['s=ssh://lab@build-1.example.org', /no ssh credentials/],
    [
      `s=ssh://lab@unknown.example.org?key=${sshKey}&known_hosts=${knownHosts}`,
      /^invalid engine list:\n {2}LAB_ENGINES entry 1 \(s=ssh:.*\): no host key for unknown\.example\.org/,
    ],
    [`s=ssh://lab@h?key=${sshKey}&fingerprint=MD5:aa`, /a fingerprint looks like SHA256:/],
    [
      `s=ssh://lab@h?key=${tlsDir}/ca.pem&fingerprint=SHA256:${'A'.repeat(43)}`,
      /should hold the ssh private key/,
    ],
  ])('%s', (value, problem) => {
    expect(problemsOf(value)).toMatch(problem);
  });

  it('refuses passwords without repeating them', () => {
    const message = problemsOf('s=ssh://lab:hunter2@build-1.example.org');
    expect(message).toMatch(/passwords in engine addresses are refused/);
    expect(message).toContain('ssh://lab:***@build-1.example.org');
    expect(message).not.toContain('hunter2');
  });

  it('refuses duplicate names, derived or given, pointing at the first', () => {
    expect(problemsOf('unix:///run/docker.sock,docker=unix:///var/run/docker.sock')).toMatch(
      /entry 2 .*the name "docker" is already used by entry 1/,
    );
  });

  it('reports every bad entry at once', () => {
    const message = problemsOf('ok=unix:///run/a.sock,Bad=unix:///x,t=tcp://10.0.0.5:2375');
    expect(message.split('\n')).toEqual([
      'invalid engine list:',
      expect.stringMatching(/^ {2}LAB_ENGINES entry 2 \(Bad=unix:\/\/\/x\): "Bad" is not a valid name/),
      expect.stringMatching(/^ {2}LAB_ENGINES entry 3 \(t=tcp:\/\/10\.0\.0\.5:2375\): plain tcp/),
    ]);
  });
});

describe('parseEngineList: ssh', () => {
  it('gives docker-modem the user, port, key and a host key check', () => {
    const [engine] = parseEngineList(
      `b2=ssh://lab@build-2.example.org:2222?key=${sshKey}&known_hosts=${knownHosts}`,
      bare,
    );
    expect(engine?.options).toMatchObject({
      protocol: 'ssh',
      host: 'build-2.example.org',
      port: 2222,
      username: 'lab',
    });
    expect(String(engine?.options.sshOptions?.privateKey)).toContain('OPENSSH PRIVATE KEY');
    const verify = engine?.options.sshOptions?.hostVerifier as Verifier;
    expect(verify(otherKey)).toBe(true);
    expect(verify(engineKey)).toBe(false);
  });

  it('uses the ssh agent when there is one and no key is given', () => {
    const [engine] = parseEngineList(`b=ssh://lab@build-1.example.org?known_hosts=${knownHosts}`, {
      ...bare,
      SSH_AUTH_SOCK: '/run/agent.sock',
    });
    expect(engine?.options.sshOptions).toMatchObject({ agent: '/run/agent.sock' });
    expect(engine?.options.sshOptions?.privateKey).toBeUndefined();
  });

  it('falls back to ~/.ssh/id_ed25519 and ~/.ssh/known_hosts', () => {
    const home = join(root, 'ssh-home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_ed25519'), pem('OPENSSH PRIVATE KEY', 'home key'));
    writeFileSync(
      join(home, '.ssh', 'known_hosts'),
      `10.0.0.7 ssh-ed25519 ${engineKey.toString('base64')}\n`,
    );
    const [engine] = parseEngineList('ssh://lab@10.0.0.7', { HOME: home });
    expect(String(engine?.options.sshOptions?.privateKey)).toContain('home key');
    expect(verifierOf('ssh://lab@10.0.0.7', { HOME: home })(engineKey)).toBe(true);
  });

  it('pins a fingerprint given in the address instead of known_hosts', () => {
    const fingerprint = createHash('sha256').update(otherKey).digest('base64').replace(/=+$/, '');
    // `+` stays a plus: fingerprints are base64, and a query's `+` is not read as a space here.
    const verify = verifierOf(
      `ssh://lab@anywhere.example.org?key=${sshKey}&fingerprint=SHA256:${fingerprint}`,
    );
    expect(verify(otherKey)).toBe(true);
    expect(verify(engineKey)).toBe(false);
  });
});

describe('labEnginesSchema', () => {
  const schema = z.object({ LAB_ENGINES: labEnginesSchema });

  it('turns the variable into engines', () => {
    const result = schema.parse({ LAB_ENGINES: 'a=unix:///run/a.sock,b=unix:///run/b.sock' });
    expect(result.LAB_ENGINES.map((engine) => engine.name)).toEqual(['a', 'b']);
  });

  it('reports each bad entry as an issue of LAB_ENGINES', () => {
    const result = schema.safeParse({ LAB_ENGINES: 'A=unix:///a,b=tcp://10.0.0.5:2375' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['LAB_ENGINES', expect.stringMatching(/entry 1 .*not a valid name/)],
      ['LAB_ENGINES', expect.stringMatching(/entry 2 .*plain tcp/)],
    ]);
  });
});
