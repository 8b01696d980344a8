/**
 * Image references as docker reads them (github.com/distribution/reference v0.6, which CLI 28 vendors):
 * `ParseAnyReference`, `ParseNormalizedNamed`, `FamiliarString` and `TagNameOnly`, with the CLI's error
 * texts. A reference this module accepts is made of `[A-Za-z0-9._:@/-]` only, with no empty or dot-only
 * path segment, so it is safe in an engine URL path; the lab never sends the engine one it rejects.
 */

const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;
const DEFAULT_DOMAIN = 'docker.io';
/** Hex lengths of the digest algorithms go-digest knows. */
const DIGEST_HEX_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** A repository with its registry (`docker.io/library/nginx`), and its tag or digest when given. */
export interface NamedReference {
  kind: 'named';
  domain: string;
  /** The repository's path on its registry: `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** A full image ID: 64 hex digits, read as `sha256:` + those. */
export interface IdReference {
  kind: 'id';
  id: string;
}

export type ImageReference = NamedReference | IdReference;

/** Registry and remainder as `splitDockerDomain` tells them apart, Docker Hub's `library/` added. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  let domain = DEFAULT_DOMAIN;
  let remainder = name;
  if (slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)) {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** `reference.Parse` of an already normalised string: the reference, or the CLI's error text. */
function parse(text: string): NamedReference | string {
  const match = REFERENCE.exec(text);
  // Uppercase in the path was caught before; anywhere else it is allowed.
  if (!match) return 'invalid reference format';
  const name = match[1] ?? '';
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
  }
  const digest = match[3];
  if (digest !== undefined) {
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = DIGEST_HEX_LENGTHS[algorithm];
    if (length === undefined) return 'unsupported digest algorithm';
    if (hex.length !== length) return 'invalid checksum digest length';
  }
  const slash = name.indexOf('/');
  return {
    kind: 'named',
    domain: name.slice(0, slash),
    path: name.slice(slash + 1),
    ...(match[2] !== undefined ? { tag: match[2] } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `reference.ParseNormalizedNamed`: a name as the CLI reads it, or its error text. */
export function parseNormalizedNamed(text: string): NamedReference | string {
  if (IDENTIFIER.test(text)) {
    return `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`;
  }
  const { domain, remainder } = splitDockerDomain(text);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    return `invalid reference format: repository name (${remoteName}) must be lowercase`;
  }
  return parse(`${domain}/${remainder}`);
}

/** `reference.ParseAnyReference`: a full image ID, or a name; a string is the CLI's error text. */
export function parseAnyReference(text: string): ImageReference | string {
  if (IDENTIFIER.test(text)) return { kind: 'id', id: `sha256:${text}` };
  return parseNormalizedNamed(text);
}

/** `reference.FamiliarName`: Docker Hub's repositories without `docker.io/`, official ones without `library/`. */
export function familiarName(reference: NamedReference): string {
  if (reference.domain !== DEFAULT_DOMAIN) return `${reference.domain}/${reference.path}`;
  const official = reference.path.startsWith('library/') && !reference.path.slice(8).includes('/');
  return official ? reference.path.slice(8) : reference.path;
}

/** `reference.FamiliarString`: the familiar name with its tag and digest. */
export function familiarString(reference: NamedReference): string {
  const tag = reference.tag !== undefined ? `:${reference.tag}` : '';
  const digest = reference.digest !== undefined ? `@${reference.digest}` : '';
  return `${familiarName(reference)}${tag}${digest}`;
}

/** `reference.TagNameOnly`: a bare name gets `latest`; a tag or digest stays as it is. */
export function tagNameOnly(reference: NamedReference): NamedReference {
  if (reference.tag !== undefined || reference.digest !== undefined) return reference;
  return { ...reference, tag: 'latest' };
}

/**
 * ParseNormalizedNamed + FamiliarString with the digest dropped (the tag kept), or undefined when
 * docker could not parse the reference (it then prints the image string as is).
 */
export function familiarImage(image: string): string | undefined {
  const parsed = parseNormalizedNamed(image);
  if (typeof parsed === 'string') return undefined;
  const { digest: _digest, ...withoutDigest } = parsed;
  return familiarString(withoutDigest);
}
