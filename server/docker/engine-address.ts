/**
 * SECURITY-RELEVANT: turns the engine list (`LAB_ENGINES`) into dockerode connection options. Whoever can
 * talk to an engine's API is root on that engine's host, so this module refuses plain TCP to anything
 * but loopback, verifies TLS servers against the configured CA and presents a client certificate, checks
 * SSH host keys (ssh-host-keys.ts), and refuses passwords in addresses (addresses are logged and shown in
 * process listings).
 *
 * `LAB_ENGINES` is a comma-separated list of `name=address` or bare `address` entries:
 *
 *   unix:///var/run/docker.sock                          a local socket
 *   tcp://10.0.0.5:2376?tls=/etc/volume-lab/engine-tls   TLS; the directory holds ca.pem, cert.pem, key.pem
 *                                                        (the layout DOCKER_CERT_PATH uses)
 *   tcp://127.0.0.1:2375                                 plain TCP, accepted for loopback hosts only
 *   ssh://lab@build-1.example.org[:22]                   `docker system dial-stdio` on the remote, which
 *                                                        therefore needs the docker CLI on its PATH
 *
 * SSH parameters: `key=/path` (an unencrypted OpenSSH private key; default: $SSH_AUTH_SOCK's agent, else
 * ~/.ssh/id_ed25519, id_ecdsa or id_rsa), `fingerprint=SHA256:...` (pins the host key; default: the host
 * must be in `known_hosts=/path`, else ~/.ssh/known_hosts or /etc/ssh/ssh_known_hosts). Note that
 * docker-modem opens a new SSH connection for every API request, so ssh engines answer noticeably slower.
 *
 * A bare address gets a name derived from it (`docker`, `10-0-0-5-2376`, `build-1-example-org`). Names
 * are 1-32 lowercase letters, digits or dashes and must be unique: sessions are placed on an engine by
 * name, so a name should stay the same for as long as the engine keeps sessions' volumes. A `,` inside a
 * path is written `%2C`. An empty or absent list means one engine named `local`: DOCKER_HOST (with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, as the docker CLI reads them) or else the local socket.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, isAbsolute, join } from 'node:path';
import type Docker from 'dockerode';
import { z } from 'zod';
import { strictObject } from '../../src/shared/strict-object.ts';
import { HostKeyProblem, hostKeyVerifier } from './ssh-host-keys.ts';

/** One engine of the pool, ready for `new Docker(options)` / `createEngine(options)`. */
export interface EngineAddress {
  /** The engine's name in the pool; stable, since sessions are kept on an engine by name. */
  name: string;
  /** The address as configured; it never holds a secret (passwords are refused), so it may be logged. */
  address: string;
  /** dockerode options; they may hold key material read from files, so never log them. */
  options: Docker.DockerOptions;
}

/** Environment variables this module reads. */
export type EngineEnv = Partial<
  Record<'DOCKER_HOST' | 'DOCKER_TLS_VERIFY' | 'DOCKER_CERT_PATH' | 'HOME' | 'SSH_AUTH_SOCK', string>
>;

export const engineNameSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, 'an engine name is 1-32 lowercase letters, digits or dashes');

/** The name of the only engine when LAB_ENGINES is empty or absent. */
export const DEFAULT_ENGINE_NAME = 'local';

/**
 * Parses an engine list. Every problem is reported, each naming its entry; the error's message is
 * meant for the person starting the server.
 */
export function parseEngineList(value: string | undefined, env: EngineEnv = process.env): EngineAddress[] {
  const result = resolveEngineList(value, env);
  if (!result.ok) throw new Error(`invalid engine list:\n${result.problems.map((p) => `  ${p}`).join('\n')}`);
  return result.engines;
}

/** `LAB_ENGINES` for the server's config schema: the environment's value in, the engines out. */
export const labEnginesSchema = z
  .string()
  .optional()
  .transform((value, context): EngineAddress[] => {
    const result = resolveEngineList(value, process.env);
    if (result.ok) return result.engines;
    for (const message of result.problems) context.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

type Resolution = { ok: true; engines: EngineAddress[] } | { ok: false; problems: string[] };

/** A problem with one entry, worded without the entry's name (the caller adds it). */
class EntryProblem extends Error {}

/** Host-key problems are entry problems too: they are worded the same way, without the entry. */
function isEntryProblem(error: unknown): error is Error {
  return error instanceof EntryProblem || error instanceof HostKeyProblem;
}

function resolveEngineList(value: string | undefined, env: EngineEnv): Resolution {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return resolveDefault(env);

  const problems: string[] = [];
  const engines: EngineAddress[] = [];
  const firstEntryOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const where = `LAB_ENGINES entry ${index + 1} (${redact(entry)})`;
    try {
      const { name, address } = splitEntry(entry);
      const engine = { name, address, options: addressOptions(address, env) };
      const earlier = firstEntryOf.get(name);
      if (earlier !== undefined) {
        throw new EntryProblem(
          `the name "${name}" is already used by entry ${earlier}; give one of them its own name (name=address)`,
        );
      }
      firstEntryOf.set(name, index + 1);
      engines.push(engine);
    } catch (error) {
      if (!isEntryProblem(error)) throw error;
      problems.push(`${where}: ${error.message}`);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, engines };
}

/** The engine the docker CLI would use: DOCKER_HOST, else Docker Desktop's per-user socket, else the system one. */
function resolveDefault(env: EngineEnv): Resolution {
  const dockerHost = env.DOCKER_HOST?.trim() ?? '';
  if (dockerHost === '') {
    const userSocket = env.HOME ? join(env.HOME, '.docker', 'run', 'docker.sock') : undefined;
    const socket = userSocket && existsSync(userSocket) ? userSocket : '/var/run/docker.sock';
    return {
      ok: true,
      engines: [{ name: DEFAULT_ENGINE_NAME, address: `unix://${socket}`, options: unixOptions(socket) }],
    };
  }
  try {
    // The CLI reads TLS settings from the environment rather than the address; so do we, but always verify.
    const certDir =
      env.DOCKER_CERT_PATH || (env.DOCKER_TLS_VERIFY ? join(env.HOME ?? '', '.docker') : undefined);
    const options = addressOptions(dockerHost, env, certDir);
    return { ok: true, engines: [{ name: DEFAULT_ENGINE_NAME, address: dockerHost, options }] };
  } catch (error) {
    if (!isEntryProblem(error)) throw error;
    return { ok: false, problems: [`DOCKER_HOST (${redact(dockerHost)}): ${error.message}`] };
  }
}

function splitEntry(entry: string): { name: string; address: string } {
  const equals = entry.indexOf('=');
  const head = equals > 0 ? entry.slice(0, equals) : '';
  // An address always has `:` before any `=` (in its scheme), so a head without one is a name.
  if (head !== '' && !head.includes(':') && !head.includes('/')) {
    const name = head.trim();
    const address = entry.slice(equals + 1).trim();
    if (!engineNameSchema.safeParse(name).success) {
      throw new EntryProblem(`"${name}" is not a valid name: use 1-32 lowercase letters, digits or dashes`);
    }
    if (address === '') throw new EntryProblem(`no address after "${name}="`);
    return { name, address };
  }
  return { name: deriveName(entry), address: entry };
}

/** A readable, stable name for a bare address; only called for addresses that are then parsed fully. */
function deriveName(address: string): string {
  const { scheme, rest } = splitScheme(address);
  const base = rest.split('?')[0] ?? '';
  let source: string;
  if (scheme === 'unix') source = basename(base).replace(/\.sock$/, '');
  else {
    const url = parseUrl(`${scheme}://${base}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port !== '' && !(scheme === 'ssh' && url.port === '22') ? `-${url.port}` : '';
    source = `${host}${port}`;
  }
  const name = source
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  if (name === '') throw new EntryProblem('cannot derive a name from this address; write it as name=address');
  return name;
}

/** Options of an address; `certDir` is TLS material given outside the address (DOCKER_CERT_PATH). */
function addressOptions(address: string, env: EngineEnv, certDir?: string): Docker.DockerOptions {
  const { scheme, rest } = splitScheme(address);
  const questionMark = rest.indexOf('?');
  const base = questionMark === -1 ? rest : rest.slice(0, questionMark);
  const params = parseParams(questionMark === -1 ? '' : rest.slice(questionMark + 1));
  switch (scheme) {
    case 'unix':
      return unixAddress(base, params);
    case 'tcp':
      return tcpAddress(base, params, certDir);
    case 'ssh':
      return sshAddress(base, params, env);
  }
}

function splitScheme(address: string): { scheme: 'unix' | 'tcp' | 'ssh'; rest: string } {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(address);
  const scheme = match?.[1]?.toLowerCase();
  if (match && (scheme === 'unix' || scheme === 'tcp' || scheme === 'ssh')) {
    return { scheme, rest: match[2] ?? '' };
  }
  throw new EntryProblem(
    match
      ? `unsupported scheme "${match[1]}://": use unix://, tcp:// or ssh://`
      : 'not an address: use unix:///path, tcp://host:port or ssh://user@host',
  );
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new EntryProblem('cannot read the host and port of this address');
  }
}

/** Query parameters, decoded without URLSearchParams's `+` as space (fingerprints are base64). */
function parseParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals);
    let value: string;
    try {
      value = decodeURIComponent(equals === -1 ? '' : part.slice(equals + 1));
    } catch {
      throw new EntryProblem(`the value of "${key}" is not correctly %-encoded`);
    }
    if (params.has(key)) throw new EntryProblem(`"${key}" is given twice`);
    params.set(key, value);
  }
  return params;
}

/** The parameters each scheme knows; a typo must not silently drop a security setting. */
const paramSchemas = {
  unix: strictObject({}),
  tcp: strictObject({ tls: z.string().min(1).optional() }),
  ssh: strictObject({
    key: z.string().min(1).optional(),
    known_hosts: z.string().min(1).optional(),
    fingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'a fingerprint looks like SHA256:<43 base64 characters>')
      .optional(),
  }),
};

function checkParams<S extends keyof typeof paramSchemas>(
  scheme: S,
  params: Map<string, string>,
): z.infer<(typeof paramSchemas)[S]> {
  const result = paramSchemas[scheme].safeParse(Object.fromEntries(params));
  if (result.success) return result.data as z.infer<(typeof paramSchemas)[S]>;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const known = Object.keys(paramSchemas[scheme].shape);
    throw new EntryProblem(
      `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')} for ${scheme}:// ` +
        (known.length > 0 ? `(known: ${known.join(', ')})` : '(it takes none)'),
    );
  }
  throw new EntryProblem(`${issue?.path.join('.') || 'parameter'}: ${issue?.message ?? 'invalid'}`);
}

// docker-modem fills in whatever an option leaves unset from DOCKER_HOST, DOCKER_CERT_PATH and friends,
// and a host wins over a socket path. Every configured engine therefore sets all of them, so the
// server's environment can never redirect an engine of the list or lend it another engine's keys.
const NOTHING_FROM_ENV: Docker.DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  username: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

function unixOptions(socketPath: string): Docker.DockerOptions {
  return { ...NOTHING_FROM_ENV, socketPath, protocol: 'http' };
}

function unixAddress(path: string, params: Map<string, string>): Docker.DockerOptions {
  checkParams('unix', params);
  const decoded = decodePath(path);
  if (!isAbsolute(decoded))
    throw new EntryProblem('a unix socket needs an absolute path: unix:///path/to.sock');
  return unixOptions(decoded);
}

function tcpAddress(base: string, params: Map<string, string>, certDir?: string): Docker.DockerOptions {
  const { tls } = checkParams('tcp', params);
  const url = parseUrl(`tcp://${base}`);
  if (url.username !== '' || url.password !== '') {
    throw new EntryProblem(
      'tcp:// takes no user or password; the engine authenticates clients by TLS certificate',
    );
  }
  if (url.pathname !== '' && url.pathname !== '/') throw new EntryProblem('tcp:// takes no path');
  if (url.port === '') throw new EntryProblem('a tcp address needs a port, e.g. tcp://host:2376');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port);
  const dir = tls ?? certDir;
  if (dir === undefined) {
    if (!isLoopback(host)) {
      throw new EntryProblem(
        `plain tcp:// to ${host} is refused: an engine API without TLS client authentication gives anyone ` +
          'who can reach the port root on that host. Enable --tlsverify on the engine and add ' +
          '?tls=/dir/with/ca.pem,cert.pem,key.pem (or use ssh://)',
      );
    }
    return { ...NOTHING_FROM_ENV, protocol: 'http', host, port };
  }
  return { ...NOTHING_FROM_ENV, protocol: 'https', host, port, ...readTlsDir(dir) };
}

/** Literal loopback addresses only: a name other than localhost could resolve anywhere. */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

function readTlsDir(dir: string): Pick<Docker.DockerOptions, 'ca' | 'cert' | 'key'> {
  if (!isAbsolute(dir)) throw new EntryProblem(`the TLS directory must be an absolute path, not "${dir}"`);
  return {
    ca: readPem(join(dir, 'ca.pem'), 'CERTIFICATE', 'the CA certificate'),
    cert: readPem(join(dir, 'cert.pem'), 'CERTIFICATE', 'the client certificate'),
    key: readPem(join(dir, 'key.pem'), 'PRIVATE KEY', 'the client key'),
  };
}

/** Reads a PEM file and checks it holds what it should, so swapped or misplaced files fail at start-up. */
function readPem(path: string, label: string, what: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EntryProblem(`cannot read ${what} ${path} (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  if (!new RegExp(`-----BEGIN [A-Z0-9 ]*${label}-----`).test(content.toString('latin1'))) {
    throw new EntryProblem(`${path} should hold ${what} in PEM form (-----BEGIN ...${label}-----)`);
  }
  return content;
}

function sshAddress(base: string, params: Map<string, string>, env: EngineEnv): Docker.DockerOptions {
  const settings = checkParams('ssh', params);
  const url = parseUrl(`ssh://${base}`);
  if (url.password !== '') {
    throw new EntryProblem(
      'passwords in engine addresses are refused (they would end up in logs); use an ssh key (?key=/path or an agent)',
    );
  }
  if (url.username === '') throw new EntryProblem('an ssh address needs a user: ssh://user@host');
  if (url.pathname !== '' && url.pathname !== '/') throw new EntryProblem('ssh:// takes no path');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 22 : Number(url.port);
  const username = decodeURIComponent(url.username);
  return {
    ...NOTHING_FROM_ENV,
    protocol: 'ssh',
    host,
    port,
    username,
    sshOptions: {
      ...sshCredentials(settings.key, env),
      hostVerifier: hostKeyVerifier(host, port, settings, env.HOME),
    },
  };
}

function sshCredentials(
  keyPath: string | undefined,
  env: EngineEnv,
): { privateKey?: Buffer; agent?: string } {
  if (keyPath !== undefined) {
    if (!isAbsolute(keyPath))
      throw new EntryProblem(`the ssh key must be an absolute path, not "${keyPath}"`);
    return { privateKey: readPem(keyPath, 'PRIVATE KEY', 'the ssh private key') };
  }
  if (env.SSH_AUTH_SOCK) return { agent: env.SSH_AUTH_SOCK };
  for (const file of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const path = join(env.HOME ?? '', '.ssh', file);
    if (env.HOME && existsSync(path))
      return { privateKey: readPem(path, 'PRIVATE KEY', 'the ssh private key') };
  }
  throw new EntryProblem(
    'no ssh credentials: add ?key=/path/to/private-key or run the server with an ssh agent',
  );
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new EntryProblem('the path is not correctly %-encoded');
  }
}

/** An entry as it may be shown: a password typed into an address must not reach the log with the error. */
function redact(entry: string): string {
  return entry.replace(/(:\/\/[^/@:?]*):[^/@?]*@/, '$1:***@');
}
