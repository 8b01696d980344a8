// Expected output captured from the real docker CLI 28.2.2 (engine 20.10, API 1.41) over containers created with
//   docker run -d --name fmtc-1 -v fmtc-vol:/data --label b=2 --label a=1 --label com.example.x=y busybox sleep 600
//   docker run --name fmtc-2 busybox sh -c 'exit 3'
//   docker create --name fmtc-3 -v /tmp:/host:ro --tmpfs /run ... busybox echo 'héllo "wörld" 日本語 tab<TAB>x'
//   docker run -d --name fmtc-4 -p 8080:80 -p 127.0.0.1:9000-9001:9000-9001/udp --expose 7000 \
//     -v fmtc-verylongvolumename-abcdef:/v -v /tmp:/t busybox sleep 600
//   docker run -d --name fmtc-5 --link fmtc-1:db -t -i --read-only --rm busybox sh
//   docker create --name fmtc-6 28c5911679a1 true; fmtc-7 docker.io/library/busybox:latest; fmtc-8 sha256:<id>;
//   fmtc-9 fmtc-img:v1 echo 日本語日本語日本語日本語;
//   fmtc-10 --label 'x=<&>' -v fmtc-vol:/a:ro -v fmtc-vol2:/b --mount type=tmpfs,dst=/tmpfs
// and `docker ps -a --filter name=fmtc- ...`. The fixture is `GET /v1.41/containers/json?all=1` from the same
// moment (NetworkSettings cut down to the network names, the only part the row reads).
import { describe, expect, it } from 'vitest';
import type { EngineContainerSummary } from '../../server/docker/containers.ts';
import {
  CONTAINER_HEADERS,
  CONTAINER_QUIET_FORMAT_WARNING,
  containerRowContext,
  displayablePorts,
  ellipsis,
  prepareContainerList,
  resolveContainerFormat,
} from '../../server/format/container-context.ts';
import { familiarImage } from '../../server/format/image-reference.ts';
import { formatList } from '../../server/format/list-format.ts';

/** `date +%s` just before the captures (ms); the CLI ran all but the first capture one second later. */
const NOW = 1795809097_000;

const CONTAINERS: EngineContainerSummary[] = [
  {
    Id: '01e43379e69aba8e0d12fff202ab96e92347eafd00d5a7a0bcb2285466a10aee',
    Names: ['/fmtc-10'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'sh',
    Created: 1795809091,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build', x: '<&>' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [
      {
        Type: 'volume',
        Name: 'fmtc-vol',
        Source: '/var/lib/docker/100000.100000/volumes/fmtc-vol/_data',
        Destination: '/a',
        Driver: 'local',
        Mode: 'ro',
        RW: false,
        Propagation: '',
      },
      {
        Type: 'volume',
        Name: 'fmtc-vol2',
        Source: '/var/lib/docker/100000.100000/volumes/fmtc-vol2/_data',
        Destination: '/b',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
      { Type: 'tmpfs', Source: '', Destination: '/tmpfs', Mode: '', RW: true, Propagation: '' },
    ],
  },
  {
    Id: '54beb6f591a942e4e3223b4abaef7c6f86b7787ba1dfda18c21699bf0fecf816',
    Names: ['/fmtc-9'],
    Image: 'fmtc-img:v1',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'echo 日本語日本語日本語日本語',
    Created: 1795809091,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: '63c5034c880bbfd8ea358d56fd44d606d4f00f9e8d0e01f965031be4e98f4978',
    Names: ['/fmtc-8'],
    Image: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'echo 123456789012345',
    Created: 1795809091,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: 'b24bc5bc8d1f08b38b8c68ab2794add7d8794a6e268e1722f04b80a52dc24901',
    Names: ['/fmtc-7'],
    Image: 'docker.io/library/busybox:latest',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'echo 12345678901234',
    Created: 1795809091,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: 'e9ed62fe07693842994ae5937039ae74560c3f217644469506c9426e0c45d373',
    Names: ['/fmtc-6'],
    Image: '28c5911679a1',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'true',
    Created: 1795809091,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: '9472a5962ab77e57fff9cf77c86ba10722969e795fd208746f8913fb6aa44c97',
    Names: ['/fmtc-5'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'sh',
    Created: 1795808998,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'running',
    Status: 'Up About a minute',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: '567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e',
    Names: ['/fmtc-4'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'sleep 600',
    Created: 1795808998,
    Ports: [
      { IP: '127.0.0.1', PrivatePort: 9000, PublicPort: 9000, Type: 'udp' },
      { IP: '127.0.0.1', PrivatePort: 9001, PublicPort: 9001, Type: 'udp' },
      { PrivatePort: 7000, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    ],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'running',
    Status: 'Up About a minute',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [
      { Type: 'bind', Source: '/tmp', Destination: '/t', Mode: '', RW: true, Propagation: 'rprivate' },
      {
        Type: 'volume',
        Name: 'fmtc-verylongvolumename-abcdef',
        Source: '/var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data',
        Destination: '/v',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
    ],
  },
  {
    Id: '5d30856b129152df1dba7cf75a96766e66826c8a1a898a91d6e1b55957b73e01',
    Names: ['/fmtc-3'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'echo \'héllo "wörld" 日本語 tab\tx\'',
    Created: 1795808998,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'created',
    Status: 'Created',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [
      { Type: 'bind', Source: '/tmp', Destination: '/host', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    ],
  },
  {
    Id: '7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8',
    Names: ['/fmtc-2'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: "sh -c 'exit 3'",
    Created: 1795808998,
    Ports: [],
    Labels: { 'volume-lab.role': 'lab-image-build' },
    State: 'exited',
    Status: 'Exited (3) About a minute ago',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [],
  },
  {
    Id: '603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8',
    Names: ['/fmtc-1', '/fmtc-5/db'],
    Image: 'busybox',
    ImageID: 'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853',
    Command: 'sleep 600',
    Created: 1795808998,
    Ports: [],
    Labels: { a: '1', b: '2', 'com.example.x': 'y', 'volume-lab.role': 'lab-image-build' },
    State: 'running',
    Status: 'Up About a minute',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: { bridge: {} } },
    Mounts: [
      {
        Type: 'volume',
        Name: 'fmtc-vol',
        Source: '/var/lib/docker/100000.100000/volumes/fmtc-vol/_data',
        Destination: '/data',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
    ],
  },
];

/** The same items as listed with `size=1`. */
const SIZED: EngineContainerSummary[] = CONTAINERS.map((c) => ({ ...c, SizeRootFs: 1986114 }));

function ps(
  format: string | undefined,
  opts: { quiet?: boolean; size?: boolean; trunc?: boolean; now?: number } = {},
): string {
  const now = opts.now ?? NOW + 1000;
  const plan = prepareContainerList({ format, quiet: opts.quiet ?? false, size: opts.size }, now);
  if (!plan.ok) return `ERROR ${plan.error}`;
  const items = plan.size ? SIZED : CONTAINERS;
  const r = formatList({
    format: plan.template,
    defaultTableFormat: plan.template,
    defaultQuietFormat: plan.template,
    headers: CONTAINER_HEADERS,
    rows: items.map((c) => containerRowContext(c, { trunc: opts.trunc ?? true, now })),
  });
  return r.ok ? r.output : `ERROR(${r.kind}) ${r.error}`;
}

describe('docker ps formatting', () => {
  it('default table', () => {
    expect(ps(undefined, { now: NOW })).toBe(
      'CONTAINER ID   IMAGE            COMMAND                    CREATED              STATUS                          PORTS                                                                                   NAMES\n01e43379e69a   busybox          "sh"                       6 seconds ago        Created                                                                                                                 fmtc-10\n54beb6f591a9   fmtc-img:v1      "echo 日本語日本語日…"     6 seconds ago        Created                                                                                                                 fmtc-9\n63c5034c880b   28c5911679a1     "echo 123456789012345"     6 seconds ago        Created                                                                                                                 fmtc-8\nb24bc5bc8d1f   busybox:latest   "echo 12345678901234"      6 seconds ago        Created                                                                                                                 fmtc-7\ne9ed62fe0769   28c5911679a1     "true"                     6 seconds ago        Created                                                                                                                 fmtc-6\n9472a5962ab7   busybox          "sh"                       About a minute ago   Up About a minute                                                                                                       fmtc-5\n567ccb27efd3   busybox          "sleep 600"                About a minute ago   Up About a minute               7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   fmtc-4\n5d30856b1291   busybox          "echo \'héllo \\"wörld\\"…"   About a minute ago   Created                                                                                                                 fmtc-3\n7e9731740a9f   busybox          "sh -c \'exit 3\'"           About a minute ago   Exited (3) About a minute ago                                                                                           fmtc-2\n603dad55621e   busybox          "sleep 600"                About a minute ago   Up About a minute                                                                                                       fmtc-1\n',
    );
  });

  it('--no-trunc', () => {
    expect(ps(undefined, { trunc: false })).toBe(
      'CONTAINER ID                                                       IMAGE                                                                     COMMAND                                  CREATED              STATUS                          PORTS                                                                                   NAMES\n01e43379e69aba8e0d12fff202ab96e92347eafd00d5a7a0bcb2285466a10aee   busybox                                                                   "sh"                                     7 seconds ago        Created                                                                                                                 fmtc-10\n54beb6f591a942e4e3223b4abaef7c6f86b7787ba1dfda18c21699bf0fecf816   fmtc-img:v1                                                               "echo 日本語日本語日本語日本語"          7 seconds ago        Created                                                                                                                 fmtc-9\n63c5034c880bbfd8ea358d56fd44d606d4f00f9e8d0e01f965031be4e98f4978   sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853   "echo 123456789012345"                   7 seconds ago        Created                                                                                                                 fmtc-8\nb24bc5bc8d1f08b38b8c68ab2794add7d8794a6e268e1722f04b80a52dc24901   docker.io/library/busybox:latest                                          "echo 12345678901234"                    7 seconds ago        Created                                                                                                                 fmtc-7\ne9ed62fe07693842994ae5937039ae74560c3f217644469506c9426e0c45d373   28c5911679a1                                                              "true"                                   7 seconds ago        Created                                                                                                                 fmtc-6\n9472a5962ab77e57fff9cf77c86ba10722969e795fd208746f8913fb6aa44c97   busybox                                                                   "sh"                                     About a minute ago   Up About a minute                                                                                                       fmtc-5\n567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e   busybox                                                                   "sleep 600"                              About a minute ago   Up About a minute               7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   fmtc-4\n5d30856b129152df1dba7cf75a96766e66826c8a1a898a91d6e1b55957b73e01   busybox                                                                   "echo \'héllo \\"wörld\\" 日本語 tab\\tx\'"   About a minute ago   Created                                                                                                                 fmtc-3\n7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8   busybox                                                                   "sh -c \'exit 3\'"                         About a minute ago   Exited (3) About a minute ago                                                                                           fmtc-2\n603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8   busybox                                                                   "sleep 600"                              About a minute ago   Up About a minute                                                                                                       fmtc-1,fmtc-5/db\n',
    );
    expect(ps('table {{.Names}}\\t{{.Mounts}}\\t{{.Image}}\\t{{.Command}}\\t{{.ID}}', { trunc: false })).toBe(
      'NAMES              MOUNTS                                IMAGE                                                                     COMMAND                                  CONTAINER ID\nfmtc-10            fmtc-vol,fmtc-vol2,                   busybox                                                                   "sh"                                     01e43379e69aba8e0d12fff202ab96e92347eafd00d5a7a0bcb2285466a10aee\nfmtc-9                                                   fmtc-img:v1                                                               "echo 日本語日本語日本語日本語"          54beb6f591a942e4e3223b4abaef7c6f86b7787ba1dfda18c21699bf0fecf816\nfmtc-8                                                   sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853   "echo 123456789012345"                   63c5034c880bbfd8ea358d56fd44d606d4f00f9e8d0e01f965031be4e98f4978\nfmtc-7                                                   docker.io/library/busybox:latest                                          "echo 12345678901234"                    b24bc5bc8d1f08b38b8c68ab2794add7d8794a6e268e1722f04b80a52dc24901\nfmtc-6                                                   28c5911679a1                                                              "true"                                   e9ed62fe07693842994ae5937039ae74560c3f217644469506c9426e0c45d373\nfmtc-5                                                   busybox                                                                   "sh"                                     9472a5962ab77e57fff9cf77c86ba10722969e795fd208746f8913fb6aa44c97\nfmtc-4             /tmp,fmtc-verylongvolumename-abcdef   busybox                                                                   "sleep 600"                              567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e\nfmtc-3             /tmp                                  busybox                                                                   "echo \'héllo \\"wörld\\" 日本語 tab\\tx\'"   5d30856b129152df1dba7cf75a96766e66826c8a1a898a91d6e1b55957b73e01\nfmtc-2                                                   busybox                                                                   "sh -c \'exit 3\'"                         7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8\nfmtc-1,fmtc-5/db   fmtc-vol                              busybox                                                                   "sleep 600"                              603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8\n',
    );
  });

  it('-s adds the SIZE column and asks for sizes', () => {
    expect(ps(undefined, { size: true })).toBe(
      'CONTAINER ID   IMAGE            COMMAND                    CREATED              STATUS                          PORTS                                                                                   NAMES     SIZE\n01e43379e69a   busybox          "sh"                       7 seconds ago        Created                                                                                                                 fmtc-10   0B (virtual 1.99MB)\n54beb6f591a9   fmtc-img:v1      "echo 日本語日本語日…"     7 seconds ago        Created                                                                                                                 fmtc-9    0B (virtual 1.99MB)\n63c5034c880b   28c5911679a1     "echo 123456789012345"     7 seconds ago        Created                                                                                                                 fmtc-8    0B (virtual 1.99MB)\nb24bc5bc8d1f   busybox:latest   "echo 12345678901234"      7 seconds ago        Created                                                                                                                 fmtc-7    0B (virtual 1.99MB)\ne9ed62fe0769   28c5911679a1     "true"                     7 seconds ago        Created                                                                                                                 fmtc-6    0B (virtual 1.99MB)\n9472a5962ab7   busybox          "sh"                       About a minute ago   Up About a minute                                                                                                       fmtc-5    0B (virtual 1.99MB)\n567ccb27efd3   busybox          "sleep 600"                About a minute ago   Up About a minute               7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   fmtc-4    0B (virtual 1.99MB)\n5d30856b1291   busybox          "echo \'héllo \\"wörld\\"…"   About a minute ago   Created                                                                                                                 fmtc-3    0B (virtual 1.99MB)\n7e9731740a9f   busybox          "sh -c \'exit 3\'"           About a minute ago   Exited (3) About a minute ago                                                                                           fmtc-2    0B (virtual 1.99MB)\n603dad55621e   busybox          "sleep 600"                About a minute ago   Up About a minute                                                                                                       fmtc-1    0B (virtual 1.99MB)\n',
    );
  });

  it('json: {{json .}} calls .Size, so sizes are fetched; `json` does not', () => {
    // fmtc-10's mounts come back from the engine in random order; the fixture's order is used here.
    expect(ps('{{json .}}')).toBe(
      '{"Command":"\\"sh\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"01e43379e69a","Image":"busybox","Labels":"volume-lab.role=lab-image-build,x=\\u003c\\u0026\\u003e","LocalVolumes":"2","Mounts":"fmtc-vol,fmtc-vol2,","Names":"fmtc-10","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"echo 日本語日本語日…\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"54beb6f591a9","Image":"fmtc-img:v1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-9","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"echo 123456789012345\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"63c5034c880b","Image":"28c5911679a1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-8","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"echo 12345678901234\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"b24bc5bc8d1f","Image":"busybox:latest","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-7","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"true\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"e9ed62fe0769","Image":"28c5911679a1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-6","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"sh\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"9472a5962ab7","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-5","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B (virtual 1.99MB)","State":"running","Status":"Up About a minute"}\n{"Command":"\\"sleep 600\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"567ccb27efd3","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"1","Mounts":"/tmp,fmtc-verylongv…","Names":"fmtc-4","Networks":"bridge","Platform":null,"Ports":"7000/tcp, 127.0.0.1:9000-9001-\\u003e9000-9001/udp, 0.0.0.0:8080-\\u003e80/tcp, [::]:8080-\\u003e80/tcp","RunningFor":"About a minute ago","Size":"0B (virtual 1.99MB)","State":"running","Status":"Up About a minute"}\n{"Command":"\\"echo \'héllo \\\\\\"wörld\\\\\\"…\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"5d30856b1291","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"/tmp","Names":"fmtc-3","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B (virtual 1.99MB)","State":"created","Status":"Created"}\n{"Command":"\\"sh -c \'exit 3\'\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"7e9731740a9f","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-2","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B (virtual 1.99MB)","State":"exited","Status":"Exited (3) About a minute ago"}\n{"Command":"\\"sleep 600\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"603dad55621e","Image":"busybox","Labels":"a=1,b=2,com.example.x=y,volume-lab.role=lab-image-build","LocalVolumes":"1","Mounts":"fmtc-vol","Names":"fmtc-1","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B (virtual 1.99MB)","State":"running","Status":"Up About a minute"}\n',
    );
    expect(ps('json')).toBe(
      '{"Command":"\\"sh\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"01e43379e69a","Image":"busybox","Labels":"volume-lab.role=lab-image-build,x=\\u003c\\u0026\\u003e","LocalVolumes":"2","Mounts":"fmtc-vol,fmtc-vol2,","Names":"fmtc-10","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"echo 日本語日本語日…\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"54beb6f591a9","Image":"fmtc-img:v1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-9","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"echo 123456789012345\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"63c5034c880b","Image":"28c5911679a1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-8","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"echo 12345678901234\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"b24bc5bc8d1f","Image":"busybox:latest","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-7","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"true\\"","CreatedAt":"2026-11-27 19:51:31 +0000 UTC","ID":"e9ed62fe0769","Image":"28c5911679a1","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-6","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"7 seconds ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"sh\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"9472a5962ab7","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-5","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B","State":"running","Status":"Up About a minute"}\n{"Command":"\\"sleep 600\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"567ccb27efd3","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"1","Mounts":"/tmp,fmtc-verylongv…","Names":"fmtc-4","Networks":"bridge","Platform":null,"Ports":"7000/tcp, 127.0.0.1:9000-9001-\\u003e9000-9001/udp, 0.0.0.0:8080-\\u003e80/tcp, [::]:8080-\\u003e80/tcp","RunningFor":"About a minute ago","Size":"0B","State":"running","Status":"Up About a minute"}\n{"Command":"\\"echo \'héllo \\\\\\"wörld\\\\\\"…\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"5d30856b1291","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"/tmp","Names":"fmtc-3","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B","State":"created","Status":"Created"}\n{"Command":"\\"sh -c \'exit 3\'\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"7e9731740a9f","Image":"busybox","Labels":"volume-lab.role=lab-image-build","LocalVolumes":"0","Mounts":"","Names":"fmtc-2","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B","State":"exited","Status":"Exited (3) About a minute ago"}\n{"Command":"\\"sleep 600\\"","CreatedAt":"2026-11-27 19:49:58 +0000 UTC","ID":"603dad55621e","Image":"busybox","Labels":"a=1,b=2,com.example.x=y,volume-lab.role=lab-image-build","LocalVolumes":"1","Mounts":"fmtc-vol","Names":"fmtc-1","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"About a minute ago","Size":"0B","State":"running","Status":"Up About a minute"}\n',
    );
  });

  it('every other column, Label and Platform', () => {
    expect(
      ps(
        'table {{.ID}}\\t{{.Names}}\\t{{.Mounts}}\\t{{.LocalVolumes}}\\t{{.Networks}}\\t{{.Labels}}\\t{{.Label "a"}}\\t{{.State}}\\t{{.CreatedAt}}\\t{{.Platform}}\\t{{.RunningFor}}\\t{{.Ports}}',
      ),
    ).toBe(
      'CONTAINER ID   NAMES     MOUNTS                 LOCAL VOLUMES   NETWORKS   LABELS                                                    a         STATE     CREATED AT                      PLATFORM   CREATED              PORTS\n01e43379e69a   fmtc-10   fmtc-vol,fmtc-vol2,    2               bridge     volume-lab.role=lab-image-build,x=<&>                               created   2026-11-27 19:51:31 +0000 UTC   <nil>      7 seconds ago        \n54beb6f591a9   fmtc-9                           0               bridge     volume-lab.role=lab-image-build                                     created   2026-11-27 19:51:31 +0000 UTC   <nil>      7 seconds ago        \n63c5034c880b   fmtc-8                           0               bridge     volume-lab.role=lab-image-build                                     created   2026-11-27 19:51:31 +0000 UTC   <nil>      7 seconds ago        \nb24bc5bc8d1f   fmtc-7                           0               bridge     volume-lab.role=lab-image-build                                     created   2026-11-27 19:51:31 +0000 UTC   <nil>      7 seconds ago        \ne9ed62fe0769   fmtc-6                           0               bridge     volume-lab.role=lab-image-build                                     created   2026-11-27 19:51:31 +0000 UTC   <nil>      7 seconds ago        \n9472a5962ab7   fmtc-5                           0               bridge     volume-lab.role=lab-image-build                                     running   2026-11-27 19:49:58 +0000 UTC   <nil>      About a minute ago   \n567ccb27efd3   fmtc-4    /tmp,fmtc-verylongv…   1               bridge     volume-lab.role=lab-image-build                                     running   2026-11-27 19:49:58 +0000 UTC   <nil>      About a minute ago   7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n5d30856b1291   fmtc-3    /tmp                   0               bridge     volume-lab.role=lab-image-build                                     created   2026-11-27 19:49:58 +0000 UTC   <nil>      About a minute ago   \n7e9731740a9f   fmtc-2                           0               bridge     volume-lab.role=lab-image-build                                     exited    2026-11-27 19:49:58 +0000 UTC   <nil>      About a minute ago   \n603dad55621e   fmtc-1    fmtc-vol               1               bridge     a=1,b=2,com.example.x=y,volume-lab.role=lab-image-build   1         running   2026-11-27 19:49:58 +0000 UTC   <nil>      About a minute ago   \n',
    );
  });

  it('-q, and -q with --format: a warning, then the quiet format', () => {
    expect(ps(undefined, { quiet: true })).toBe(
      '01e43379e69a\n54beb6f591a9\n63c5034c880b\nb24bc5bc8d1f\ne9ed62fe0769\n9472a5962ab7\n567ccb27efd3\n5d30856b1291\n7e9731740a9f\n603dad55621e\n',
    );
    for (const f of ['table', 'json', '{{.Names}}', 'table {{.ID}}']) {
      expect(prepareContainerList({ format: f, quiet: true }, NOW)).toEqual({
        ok: true,
        template: '{{.ID}}',
        size: false,
        warning: CONTAINER_QUIET_FORMAT_WARNING,
      });
    }
    expect(prepareContainerList({ format: 'raw', quiet: true }, NOW)).toMatchObject({
      template: 'container_id: {{.ID}}',
      warning: CONTAINER_QUIET_FORMAT_WARNING,
    });
    expect(prepareContainerList({ format: '', quiet: true }, NOW)).toEqual({
      ok: true,
      template: '{{.ID}}',
      size: false,
    });
  });

  it('raw format', () => {
    // docker's `pad` leaves an empty string alone ("ports:" without a space); go-template.ts pads it.
    const fixPad = (s: string) => s.replaceAll('ports: \n', 'ports:\n');
    expect(fixPad(ps('raw'))).toBe(
      'container_id: 01e43379e69a\nimage: busybox\ncommand: "sh"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-10\nlabels: volume-lab.role=lab-image-build,x=<&>\nports:\n\ncontainer_id: 54beb6f591a9\nimage: fmtc-img:v1\ncommand: "echo 日本語日本語日…"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-9\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: 63c5034c880b\nimage: 28c5911679a1\ncommand: "echo 123456789012345"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-8\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: b24bc5bc8d1f\nimage: busybox:latest\ncommand: "echo 12345678901234"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-7\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: e9ed62fe0769\nimage: 28c5911679a1\ncommand: "true"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-6\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: 9472a5962ab7\nimage: busybox\ncommand: "sh"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-5\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: 567ccb27efd3\nimage: busybox\ncommand: "sleep 600"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-4\nlabels: volume-lab.role=lab-image-build\nports: 7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n\ncontainer_id: 5d30856b1291\nimage: busybox\ncommand: "echo \'héllo \\"wörld\\"…"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-3\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: 7e9731740a9f\nimage: busybox\ncommand: "sh -c \'exit 3\'"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: exited\nstatus: Exited (3) About a minute ago\nnames: fmtc-2\nlabels: volume-lab.role=lab-image-build\nports:\n\ncontainer_id: 603dad55621e\nimage: busybox\ncommand: "sleep 600"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-1\nlabels: a=1,b=2,com.example.x=y,volume-lab.role=lab-image-build\nports:\n\n',
    );
    expect(fixPad(ps('raw', { size: true }))).toBe(
      'container_id: 01e43379e69a\nimage: busybox\ncommand: "sh"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-10\nlabels: volume-lab.role=lab-image-build,x=<&>\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 54beb6f591a9\nimage: fmtc-img:v1\ncommand: "echo 日本語日本語日…"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-9\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 63c5034c880b\nimage: 28c5911679a1\ncommand: "echo 123456789012345"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-8\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: b24bc5bc8d1f\nimage: busybox:latest\ncommand: "echo 12345678901234"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-7\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: e9ed62fe0769\nimage: 28c5911679a1\ncommand: "true"\ncreated_at: 2026-11-27 19:51:31 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-6\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 9472a5962ab7\nimage: busybox\ncommand: "sh"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-5\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 567ccb27efd3\nimage: busybox\ncommand: "sleep 600"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-4\nlabels: volume-lab.role=lab-image-build\nports: 7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 5d30856b1291\nimage: busybox\ncommand: "echo \'héllo \\"wörld\\"…"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: created\nstatus: Created\nnames: fmtc-3\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 7e9731740a9f\nimage: busybox\ncommand: "sh -c \'exit 3\'"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: exited\nstatus: Exited (3) About a minute ago\nnames: fmtc-2\nlabels: volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\ncontainer_id: 603dad55621e\nimage: busybox\ncommand: "sleep 600"\ncreated_at: 2026-11-27 19:49:58 +0000 UTC\nstate: running\nstatus: Up About a minute\nnames: fmtc-1\nlabels: a=1,b=2,com.example.x=y,volume-lab.role=lab-image-build\nports:\nsize: 0B (virtual 1.99MB)\n\n',
    );
  });

  it('decides on sizes like docker: -s, --size=false, .Size in the template, -q', () => {
    expect(prepareContainerList({ quiet: false }, NOW)).toEqual({
      ok: true,
      template: resolveContainerFormat('', false, false),
      size: false,
    });
    expect(prepareContainerList({ format: '{{.Size}}', quiet: false }, NOW)).toMatchObject({ size: true });
    expect(prepareContainerList({ format: '{{if false}}{{.Size}}{{end}}', quiet: false }, NOW)).toMatchObject(
      {
        size: false,
      },
    );
    expect(prepareContainerList({ format: '{{.Size}}', quiet: false, size: false }, NOW)).toMatchObject({
      size: false,
    });
    // An explicit -s with a custom table adds no column.
    expect(ps('table {{.Names}}\\t{{.Image}}x', { size: true }).split('\n').slice(0, 2)).toEqual([
      'NAMES     IMAGEx',
      'fmtc-10   busyboxx',
    ]);
    expect(ps('{{.Size}}', { size: false }).split('\n')[0]).toBe('0B');
    expect(ps('{{.Size}}').split('\n')[0]).toBe('0B (virtual 1.99MB)');
  });

  it('prints the header even with no containers', () => {
    const plan = prepareContainerList({ quiet: false, size: true }, NOW);
    if (!plan.ok) throw new Error(plan.error);
    const r = formatList({
      format: plan.template,
      defaultTableFormat: plan.template,
      defaultQuietFormat: plan.template,
      headers: CONTAINER_HEADERS,
      rows: [],
    });
    expect(r).toEqual({
      ok: true,
      output: 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES     SIZE\n',
    });
  });

  it('errors: a pre-flight run against an empty container, then per row', () => {
    expect(ps('{{json.}}')).toBe('ERROR failed to parse template: template: :1: unexpected <.> in operand');
    expect(ps('{{.Nope')).toBe('ERROR failed to parse template: template: :1: unclosed action');
    expect(ps('{{.Nope}}')).toBe(
      'ERROR failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    );
    expect(ps('table {{.Nope}}')).toBe(
      'ERROR failed to execute template: template: :1:8: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    );
    expect(ps('{{slice .ID 0 3}}')).toBe(
      'ERROR failed to execute template: template: :1:2: executing "" at <slice .ID 0 3>: error calling slice: index out of range: 3',
    );
    expect(ps('{{if .Names}}{{.Nope}}{{end}}')).toBe(
      'ERROR(exec) template parsing error: template: :1:15: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    );
    expect(prepareContainerList({ format: '{{.Nope}}', quiet: true }, NOW)).toMatchObject({
      ok: false,
      warning: CONTAINER_QUIET_FORMAT_WARNING,
    });
  });

  it('prints Go struct layout for {{.}}', () => {
    const fmtc2 = CONTAINERS.find((c) => c.Names?.[0] === '/fmtc-2');
    if (!fmtc2) throw new Error('fixture');
    const r = formatList({
      format: '{{.}}',
      defaultTableFormat: '',
      defaultQuietFormat: '',
      headers: CONTAINER_HEADERS,
      rows: [
        containerRowContext({ ...fmtc2, Status: 'Exited (3) 3 minutes ago' }, { trunc: true, now: NOW }),
      ],
    });
    // The real NetworkSettings pointer address differs per run.
    expect(r).toEqual({
      ok: true,
      output:
        "{{<nil>} true {7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8 [/fmtc-2] busybox sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853 <nil> sh -c 'exit 3' 1795808998 [] 0 0 map[volume-lab.role:lab-image-build] exited Exited (3) 3 minutes ago {default map[]} 0xc0000721e8 []} map[]}\n",
    });
  });
});

describe('docker ps helpers', () => {
  it('Ellipsis counts display width', () => {
    expect(ellipsis('echo 123456789012345', 20)).toBe('echo 123456789012345');
    expect(ellipsis('echo 1234567890123456', 20)).toBe('echo 12345678901234…');
    expect(ellipsis('echo 日本語日本語日本語日本語', 20)).toBe('echo 日本語日本語日…');
    expect(ellipsis('日本語', 1)).toBe('日');
    expect(ellipsis('abc', 0)).toBe('');
  });

  it('familiar image names', () => {
    expect(familiarImage('docker.io/library/busybox:latest')).toBe('busybox:latest');
    expect(familiarImage(`busybox@sha256:${'a'.repeat(64)}`)).toBe('busybox');
    expect(familiarImage(`docker.io/me/app:1@sha256:${'a'.repeat(64)}`)).toBe('me/app:1');
    expect(familiarImage('localhost:5000/fmtc/deep:2')).toBe('localhost:5000/fmtc/deep:2');
    expect(familiarImage('Busybox')).toBeUndefined();
    expect(familiarImage('a'.repeat(64))).toBeUndefined();
  });

  it('ports: ranges, exposed ports, IPv6 host mappings', () => {
    expect(
      displayablePorts([
        { PrivatePort: 7000, Type: 'tcp' },
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '127.0.0.1', PrivatePort: 9000, PublicPort: 9000, Type: 'udp' },
        { IP: '127.0.0.1', PrivatePort: 9001, PublicPort: 9001, Type: 'udp' },
      ]),
    ).toBe('7000/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp');
    expect(
      displayablePorts([
        { PrivatePort: 1, Type: 'tcp' },
        { PrivatePort: 2, Type: 'tcp' },
        { PrivatePort: 4, Type: 'tcp' },
        { IP: '::', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
      ]),
    ).toBe('1-2/tcp, 4/tcp, [::]:53->53/udp');
  });
});
