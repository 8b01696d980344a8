/**
 * What `docker run` prints for an image the lab does not have. The docker CLI asks the daemon to pull
 * it, and where no registry answers the daemon says why; the lab never asks the engine to pull, and
 * words that answer itself, as the daemon does on a host without a resolver (Go's wording without a
 * server address), then says in one line of its own which images it has. Pure.
 */
import { daemonMessage, withRunHelp } from '../docker/daemon-error.ts';
import { familiarString, type NamedReference, tagNameOnly } from '../format/image-reference.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import { labImageNames } from './images.ts';
import type { Refusal } from './refusal.ts';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Host and port of a registry domain, `[::1]:5000` or `localhost` alike. */
function hostAndPort(domain: string): { host: string; port: string | undefined } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(domain);
  return { host: match?.[1] ?? domain, port: match?.[2] };
}

/**
 * The daemon's answer to pulling from `domain` with no network: Docker Hub is reached at
 * registry-1.docker.io; a loopback registry is insecure by default, so the last try is plain HTTP; a
 * name cannot be resolved, an address cannot be reached.
 */
export function pullFailure(domain: string): string {
  if (domain === 'docker.io') {
    return 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host';
  }
  const { host, port } = hostAndPort(domain);
  const loopback = host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  if (loopback) {
    const address = host === 'localhost' ? '127.0.0.1' : host;
    return `Get "http://${domain}/v2/": dial tcp ${address}:${port ?? '80'}: connect: connection refused`;
  }
  if (IPV4.test(host) || host.startsWith('[')) {
    return `Get "https://${domain}/v2/": dial tcp ${host}:${port ?? '443'}: connect: network is unreachable`;
  }
  return `Get "https://${domain}/v2/": dial tcp: lookup ${host}: no such host`;
}

/** `a`, `a and b`, `a, b and c`. */
function spokenList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The lab's one line after the daemon's answer: which images it has, and where to see them. */
export function labImagesLine(limits: SandboxLimits): string {
  const names = labImageNames(limits);
  return names.length === 1
    ? `volume-lab: this lab has the image ${names[0]} (docker images lists it)`
    : `volume-lab: this lab has the images ${spokenList(names)} (docker images lists them)`;
}

/**
 * `docker run` of a name the engine has no lab image for: the CLI's "Unable to find image", the pull's
 * failure, the lab's line, then run's help hint; exit 125.
 */
export function missingImageRefusal(reference: NamedReference, limits: SandboxLimits): Refusal {
  const answer = `${daemonMessage(pullFailure(reference.domain))}\n${labImagesLine(limits)}`;
  return {
    refused: true,
    message: `Unable to find image '${familiarString(tagNameOnly(reference))}' locally\n${withRunHelp(answer)}`,
    exitCode: 125,
    rule: 'image',
  };
}
