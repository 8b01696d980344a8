// Expected output captured from the real docker CLI 28.2.2 (engine 20.10, API 1.41): `docker images ...` after
//   docker tag busybox:latest fmtc-img:v1; docker tag busybox:latest localhost:5000/fmtc/deep:2
//   docker commit fmtc-2          (a dangling image: RepoTags ["<none>:<none>"], RepoDigests ["<none>@<none>"])
// The fixture is `GET /v1.41/images/json` from the same moment.
import { describe, expect, it } from 'vitest';
import type { EngineImageSummary } from '../../server/docker/containers.ts';
import { IMAGE_HEADERS, imageRows, resolveImageFormat } from '../../server/format/image-context.ts';
import { formatList } from '../../server/format/list-format.ts';

/** The CLI's clock at capture time (ms). */
const NOW = 1795809098_000;

const IMAGES: EngineImageSummary[] = [
  {
    Containers: -1,
    Created: 1795809066,
    Id: 'sha256:885c9941816af945ea92554ce833bdb1f4b8b9489ed2171e92b68ec3cd56de85',
    Labels: { 'volume-lab.role': 'lab-image-build' },
    ParentId: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    RepoDigests: ['<none>@<none>'],
    RepoTags: ['<none>:<none>'],
    SharedSize: -1,
    Size: 1986114,
    VirtualSize: 1986114,
  },
  {
    Containers: -1,
    Created: 1795808309,
    Id: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Labels: { 'volume-lab.role': 'lab-image-build' },
    ParentId: 'sha256:44dc018c28fea82a7ba6513df882b61d09a5254b986f522082f1932b578d1c89',
    RepoDigests: null,
    RepoTags: ['busybox:latest', 'fmtc-img:v1', 'localhost:5000/fmtc/deep:2'],
    SharedSize: -1,
    Size: 1986114,
    VirtualSize: 1986114,
  },
];

function images(
  format: string,
  opts: { quiet?: boolean; digests?: boolean; trunc?: boolean; list?: EngineImageSummary[] } = {},
): string {
  const resolved = resolveImageFormat(format, opts.quiet ?? false, opts.digests ?? false);
  const r = formatList({
    format: resolved,
    defaultTableFormat: resolved,
    defaultQuietFormat: resolved,
    headers: IMAGE_HEADERS,
    rows: imageRows(opts.list ?? IMAGES, {
      trunc: opts.trunc ?? true,
      now: NOW,
      digests: opts.digests ?? false,
      format: resolved,
    }),
  });
  return r.ok ? r.output : `ERROR(${r.kind}) ${r.error}`;
}

describe('docker images formatting', () => {
  it('default table: one row per tag, dangling images as <none>', () => {
    const want =
      'REPOSITORY                 TAG       IMAGE ID       CREATED          SIZE\n<none>                     <none>    885c9941816a   32 seconds ago   1.99MB\nbusybox                    latest    28c5911679a1   13 minutes ago   1.99MB\nfmtc-img                   v1        28c5911679a1   13 minutes ago   1.99MB\nlocalhost:5000/fmtc/deep   2         28c5911679a1   13 minutes ago   1.99MB\n';
    expect(images('')).toBe(want);
    expect(images('table')).toBe(want);
  });

  it('--no-trunc keeps sha256:', () => {
    // The CLI walks tags through a Go map (random order); this capture had busybox last, so the fixture's
    // RepoTags are put in that order.
    const [dangling, tagged] = IMAGES;
    if (!dangling || !tagged) throw new Error('fixture');
    const reordered = {
      ...tagged,
      RepoTags: ['fmtc-img:v1', 'localhost:5000/fmtc/deep:2', 'busybox:latest'],
    };
    expect(images('', { trunc: false, list: [dangling, reordered] })).toBe(
      'REPOSITORY                 TAG       IMAGE ID                                                                  CREATED          SIZE\n<none>                     <none>    sha256:885c9941816af945ea92554ce833bdb1f4b8b9489ed2171e92b68ec3cd56de85   32 seconds ago   1.99MB\nfmtc-img                   v1        sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853   13 minutes ago   1.99MB\nlocalhost:5000/fmtc/deep   2         sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853   13 minutes ago   1.99MB\nbusybox                    latest    sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853   13 minutes ago   1.99MB\n',
    );
  });

  it('-q prints IDs, once per row', () => {
    expect(images('', { quiet: true })).toBe('885c9941816a\n28c5911679a1\n28c5911679a1\n28c5911679a1\n');
    expect(images('table', { quiet: true })).toBe('885c9941816a\n28c5911679a1\n28c5911679a1\n28c5911679a1\n');
  });

  it('-q does not override an explicit format', () => {
    expect(images('{{.Repository}}', { quiet: true })).toBe(
      '<none>\nbusybox\nfmtc-img\nlocalhost:5000/fmtc/deep\n',
    );
    expect(images('table {{.Repository}}', { quiet: true })).toBe(
      'REPOSITORY\n<none>\nbusybox\nfmtc-img\nlocalhost:5000/fmtc/deep\n',
    );
    expect(images('raw', { quiet: true })).toBe(
      'image_id: 885c9941816a\nimage_id: 28c5911679a1\nimage_id: 28c5911679a1\nimage_id: 28c5911679a1\n',
    );
  });

  it('json (HTML escaped by the row marshaller)', () => {
    expect(images('{{json .}}')).toBe(
      '{"Containers":"N/A","CreatedAt":"2026-11-27 19:51:06 +0000 UTC","CreatedSince":"32 seconds ago","Digest":"\\u003cnone\\u003e","ID":"885c9941816a","Repository":"\\u003cnone\\u003e","SharedSize":"N/A","Size":"1.99MB","Tag":"\\u003cnone\\u003e","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"busybox","SharedSize":"N/A","Size":"1.99MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"fmtc-img","SharedSize":"N/A","Size":"1.99MB","Tag":"v1","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"localhost:5000/fmtc/deep","SharedSize":"N/A","Size":"1.99MB","Tag":"2","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n',
    );
    expect(images('json')).toBe(
      '{"Containers":"N/A","CreatedAt":"2026-11-27 19:51:06 +0000 UTC","CreatedSince":"32 seconds ago","Digest":"\\u003cnone\\u003e","ID":"885c9941816a","Repository":"\\u003cnone\\u003e","SharedSize":"N/A","Size":"1.99MB","Tag":"\\u003cnone\\u003e","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"busybox","SharedSize":"N/A","Size":"1.99MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"fmtc-img","SharedSize":"N/A","Size":"1.99MB","Tag":"v1","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n{"Containers":"N/A","CreatedAt":"2026-11-27 19:38:29 +0000 UTC","CreatedSince":"13 minutes ago","Digest":"\\u003cnone\\u003e","ID":"28c5911679a1","Repository":"localhost:5000/fmtc/deep","SharedSize":"N/A","Size":"1.99MB","Tag":"2","UniqueSize":"N/A","VirtualSize":"1.986MB"}\n',
    );
  });

  it('raw format', () => {
    expect(images('raw')).toBe(
      'repository: <none>\ntag: <none>\nimage_id: 885c9941816a\ncreated_at: 2026-11-27 19:51:06 +0000 UTC\nvirtual_size: 1.99MB\n\nrepository: busybox\ntag: latest\nimage_id: 28c5911679a1\ncreated_at: 2026-11-27 19:38:29 +0000 UTC\nvirtual_size: 1.99MB\n\nrepository: fmtc-img\ntag: v1\nimage_id: 28c5911679a1\ncreated_at: 2026-11-27 19:38:29 +0000 UTC\nvirtual_size: 1.99MB\n\nrepository: localhost:5000/fmtc/deep\ntag: 2\nimage_id: 28c5911679a1\ncreated_at: 2026-11-27 19:38:29 +0000 UTC\nvirtual_size: 1.99MB\n\n',
    );
  });

  it('--digests, and {{.Digest}} in a custom table', () => {
    expect(images('', { digests: true })).toBe(
      'REPOSITORY                 TAG       DIGEST    IMAGE ID       CREATED          SIZE\n<none>                     <none>    <none>    885c9941816a   32 seconds ago   1.99MB\nbusybox                    latest    <none>    28c5911679a1   13 minutes ago   1.99MB\nfmtc-img                   v1        <none>    28c5911679a1   13 minutes ago   1.99MB\nlocalhost:5000/fmtc/deep   2         <none>    28c5911679a1   13 minutes ago   1.99MB\n',
    );
    expect(images('table {{.Repository}}', { digests: true })).toBe(
      'REPOSITORY                 DIGEST\n<none>                     <none>\nbusybox                    <none>\nfmtc-img                   <none>\nlocalhost:5000/fmtc/deep   <none>\n',
    );
    expect(images('{{.Digest}}|{{.Tag}}')).toBe('<none>|<none>\n<none>|latest\n<none>|v1\n<none>|2\n');
  });

  it('every other column', () => {
    expect(
      images(
        'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.CreatedAt}}\\t{{.CreatedSince}}\\t{{.VirtualSize}}\\t{{.Containers}}\\t{{.SharedSize}}\\t{{.UniqueSize}}',
      ),
    ).toBe(
      'REPOSITORY                 TAG       DIGEST    CREATED AT                      CREATED          SIZE      CONTAINERS   SHARED SIZE   UNIQUE SIZE\n<none>                     <none>    <none>    2026-11-27 19:51:06 +0000 UTC   32 seconds ago   1.986MB   N/A          N/A           N/A\nbusybox                    latest    <none>    2026-11-27 19:38:29 +0000 UTC   13 minutes ago   1.986MB   N/A          N/A           N/A\nfmtc-img                   v1        <none>    2026-11-27 19:38:29 +0000 UTC   13 minutes ago   1.986MB   N/A          N/A           N/A\nlocalhost:5000/fmtc/deep   2         <none>    2026-11-27 19:38:29 +0000 UTC   13 minutes ago   1.986MB   N/A          N/A           N/A\n',
    );
  });

  it('prints Go struct layout for {{.}}', () => {
    expect(images('{{.}}').split('\n').slice(0, 2)).toEqual([
      '{{<nil>} true {-1 1795809066 sha256:885c9941816af945ea92554ce833bdb1f4b8b9489ed2171e92b68ec3cd56de85 map[volume-lab.role:lab-image-build] sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853 <nil> [] [<none>@<none>] [<none>:<none>] -1 1986114 1986114} <none> <none> <none>}',
      '{{<nil>} true {-1 1795808309 sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853 map[volume-lab.role:lab-image-build] sha256:44dc018c28fea82a7ba6513df882b61d09a5254b986f522082f1932b578d1c89 <nil> [] [] [busybox:latest fmtc-img:v1 localhost:5000/fmtc/deep:2] -1 1986114 1986114} busybox latest <none>}',
    ]);
  });

  // No registry is reachable to pull by digest, so this case follows docker/cli's image.go rather than a capture.
  it('digest references: rows per digest with --digests, a <none> tag for digest-only repositories', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const img: EngineImageSummary = {
      Containers: -1,
      Created: 1795808309,
      Id: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
      Labels: null,
      ParentId: '',
      RepoDigests: [`busybox@${digest}`, `other@${digest}`],
      RepoTags: ['busybox:latest'],
      SharedSize: -1,
      Size: 4261550,
    };
    expect(images('{{.Repository}} {{.Tag}} {{.Digest}} {{.Size}}', { list: [img] })).toBe(
      `busybox latest ${digest} 4.26MB\nother <none>  4.26MB\n`,
    );
    expect(images('{{.Repository}} {{.Tag}} {{.Digest}}', { list: [img], digests: true })).toBe(
      `busybox latest ${digest}\nother <none> ${digest}\n`,
    );
    expect(images('{{.Repository}} {{.Tag}}', { list: [img] })).toBe('busybox latest\nother <none>\n');
  });

  it('errors', () => {
    expect(images('{{.Nope}}')).toBe(
      'ERROR(exec) template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext',
    );
    expect(images('{{json.}}')).toBe(
      'ERROR(parse) template parsing error: template: :1: unexpected <.> in operand',
    );
  });
});
