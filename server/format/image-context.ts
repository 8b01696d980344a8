/**
 * docker/cli's image list formatting (cli/command/formatter/image.go, CLI 28.2.2): the rows `docker images`
 * / `docker image ls` print (one per repository:tag, `<none>` for dangling images), the
 * `*formatter.imageContext` templates see, and the default formats. Against this API 1.41 engine CLI 28
 * prints the classic table (`--tree` is a separate view, not modelled here).
 *
 * Typical use:
 *   const format = resolveImageFormat(flags.format ?? '', flags.quiet, flags.digests);
 *   formatList({ format, defaultTableFormat: format, defaultQuietFormat: format, headers: IMAGE_HEADERS,
 *                rows: imageRows(images, { trunc: !noTrunc, now, digests, format }) });
 * Template errors come out of formatList as `template parsing error: …` (exit 1), as docker prints them.
 */
import type { EngineImageSummary } from '../docker/containers.ts';
import { truncateID } from './container-context.ts';
import { GoNil, type GoRecord, goMap, goStruct } from './go-values.ts';
import { goUnixTimeString, humanAgo } from './human-duration.ts';
import { humanSizeWithPrecision } from './human-size.ts';
import { familiarImage } from './image-reference.ts';

/** `docker images` default table. */
export const DEFAULT_IMAGE_TABLE_FORMAT =
  'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}';
/** `docker images --digests` default table. */
export const DEFAULT_IMAGE_TABLE_FORMAT_WITH_DIGEST =
  'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}';
export const DEFAULT_IMAGE_QUIET_FORMAT = '{{.ID}}';
/** `--format raw` (Go raw strings in docker/cli, so the newlines are real). */
export const IMAGE_RAW_FORMAT =
  'repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n';
export const IMAGE_RAW_FORMAT_WITH_DIGEST =
  'repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n';
export const IMAGE_RAW_QUIET_FORMAT = 'image_id: {{.ID}}';

/** Column headers by field name (newImageContext). */
export const IMAGE_HEADERS: Readonly<Record<string, string>> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};

/**
 * NewImageFormat. `format` is the `--format` value ('' means `table`). Unlike `docker ps`, `-q` only
 * replaces the table format: an explicit template wins, with no warning.
 */
export function resolveImageFormat(format: string, quiet: boolean, digests: boolean): string {
  if (format === '' || format === 'table') {
    if (quiet) return DEFAULT_IMAGE_QUIET_FORMAT;
    return digests ? DEFAULT_IMAGE_TABLE_FORMAT_WITH_DIGEST : DEFAULT_IMAGE_TABLE_FORMAT;
  }
  if (format === 'raw') {
    if (quiet) return IMAGE_RAW_QUIET_FORMAT;
    return digests ? IMAGE_RAW_FORMAT_WITH_DIGEST : IMAGE_RAW_FORMAT;
  }
  if (format.startsWith('table') && digests && !format.includes('{{.Digest}}'))
    return `${format}\\t{{.Digest}}`;
  return format;
}

/** Options for {@link imageRows}. */
export interface ImageRowOptions {
  /** False with `--no-trunc`. */
  trunc: boolean;
  /** Client clock in ms since the epoch, for CreatedSince. */
  now: number;
  /** `--digests`. */
  digests: boolean;
  /** The resolved format: a literal `{{.Digest}}` in it makes docker pair tags with digests too. */
  format: string;
}

function isDangling(img: EngineImageSummary): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return (
    tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>'
  );
}

/** Familiar repository name and tag of `name:tag`, or undefined when it is not a tagged reference. */
function splitTagged(ref: string): { repo: string; tag: string } | undefined {
  if (ref.includes('@')) return undefined;
  const familiar = familiarImage(ref);
  if (familiar === undefined) return undefined;
  const colon = familiar.lastIndexOf(':');
  if (colon < 0 || familiar.indexOf('/', colon) >= 0) return undefined;
  return { repo: familiar.slice(0, colon), tag: familiar.slice(colon + 1) };
}

/** Familiar repository name and digest of `name@sha256:…`, or undefined when it is not canonical. */
function splitDigested(ref: string): { repo: string; digest: string } | undefined {
  const at = ref.indexOf('@');
  if (at < 0) return undefined;
  const familiar = familiarImage(ref);
  if (familiar === undefined) return undefined;
  const digest = ref.slice(at + 1);
  // familiarImage dropped the digest; a name with a tag and a digest keeps its name only here.
  const tagged = splitTagged(familiar);
  return { repo: tagged ? tagged.repo : familiar, digest };
}

/**
 * Expand list items into docker's rows: one per repository and tag (times digest when digests are
 * shown), digest-only references as `<none>` tags, dangling images as `<none>`/`<none>`. Repositories come in
 * the engine's order (docker's is Go's random map order).
 */
export function imageRows(images: readonly EngineImageSummary[], options: ImageRowOptions): GoRecord[] {
  const needDigest = options.digests || options.format.includes('{{.Digest}}');
  const rows: GoRecord[] = [];
  for (const img of images) {
    if (isDangling(img)) {
      rows.push(imageRowContext(img, '<none>', '<none>', '<none>', options));
      continue;
    }
    const repoTags = new Map<string, string[]>();
    const repoDigests = new Map<string, string[]>();
    for (const ref of img.RepoTags ?? []) {
      const t = splitTagged(ref);
      if (t) repoTags.set(t.repo, [...(repoTags.get(t.repo) ?? []), t.tag]);
    }
    for (const ref of img.RepoDigests ?? []) {
      const d = splitDigested(ref);
      if (d) repoDigests.set(d.repo, [...(repoDigests.get(d.repo) ?? []), d.digest]);
    }
    for (const [repo, tags] of repoTags) {
      let digests = repoDigests.get(repo) ?? [];
      repoDigests.delete(repo);
      if (!needDigest) digests = [];
      for (const tag of tags) {
        if (digests.length === 0) rows.push(imageRowContext(img, repo, tag, '<none>', options));
        for (const dgst of digests) rows.push(imageRowContext(img, repo, tag, dgst, options));
      }
    }
    for (const [repo, digests] of repoDigests) {
      if (options.digests)
        for (const dgst of digests) rows.push(imageRowContext(img, repo, '<none>', dgst, options));
      else rows.push(imageRowContext(img, repo, '<none>', '', options));
    }
  }
  return rows;
}

/** The unexported `i image.Summary` field, which only `{{.}}` shows. */
function summaryStruct(img: EngineImageSummary): GoRecord {
  return goStruct('image.Summary', {
    Containers: img.Containers,
    Created: img.Created,
    ID: img.Id,
    Labels: img.Labels
      ? goMap(img.Labels, 'map[string]string', { zeroValue: '' })
      : new GoNil('map', 'map[string]string', ''),
    ParentID: img.ParentId,
    Descriptor: new GoNil('pointer', '*v1.Descriptor'),
    Manifests: new GoNil('slice', '[]image.ManifestSummary'),
    RepoDigests: img.RepoDigests ?? new GoNil('slice', '[]string'),
    RepoTags: img.RepoTags ?? new GoNil('slice', '[]string'),
    SharedSize: img.SharedSize,
    Size: img.Size,
    VirtualSize: img.VirtualSize ?? 0,
  });
}

/**
 * One `*formatter.imageContext` row. Fields are methods returning strings; `{{json .}}` shows them all with
 * sorted keys and HTML escaped (`<none>` becomes `\u003cnone\u003e`).
 */
export function imageRowContext(
  img: EngineImageSummary,
  repo: string,
  tag: string,
  digest: string,
  options: Pick<ImageRowOptions, 'trunc' | 'now'>,
): GoRecord {
  const methods = {
    ID: () => (options.trunc ? truncateID(img.Id) : img.Id),
    Repository: () => repo,
    Tag: () => tag,
    Digest: () => digest,
    // time.Unix(created, 0).IsZero() is never true for a Unix time, so docker never prints N/A here.
    CreatedSince: () => humanAgo(img.Created, options.now),
    CreatedAt: () => goUnixTimeString(img.Created),
    Size: () => humanSizeWithPrecision(img.Size, 3),
    Containers: () => (img.Containers === -1 ? 'N/A' : String(img.Containers)),
    VirtualSize: () => humanSizeWithPrecision(img.Size, 4),
    SharedSize: () => (img.SharedSize === -1 ? 'N/A' : humanSizeWithPrecision(img.SharedSize, 4)),
    UniqueSize: () =>
      img.Size === -1 || img.SharedSize === -1 ? 'N/A' : humanSizeWithPrecision(img.Size - img.SharedSize, 4),
  };
  const json = (): GoRecord => {
    const entries: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(methods)) entries[k] = m();
    return goMap(entries, 'map[string]interface {}');
  };
  return goStruct(
    '*formatter.imageContext',
    {
      HeaderContext: goStruct('formatter.HeaderContext', { Header: null }),
      trunc: options.trunc,
      i: summaryStruct(img),
      repo,
      tag,
      digest,
    },
    { methods, marshalJSON: json },
  );
}
