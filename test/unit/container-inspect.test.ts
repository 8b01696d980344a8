// What the real docker CLI 28.2.2 printed (engine 20.10, API 1.41) for `docker inspect [-f ...]` over the
// fmtc-N containers described in container-context.test.ts. container-inspect-engine.json is the engine's
// `GET /v1.41/containers/fmtc-N/json` for each of them, from the same moment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  containerInspectStruct,
  type EngineContainerInspect,
} from '../../server/format/container-inspect.ts';
import { formatInspect, type InspectItem } from '../../server/format/inspect-format.ts';

const CONTAINERS = ['fmtc-1', 'fmtc-2', 'fmtc-3', 'fmtc-4', 'fmtc-5', 'fmtc-10'] as const;
type Container = (typeof CONTAINERS)[number];

// The engine's own JSON, kept as it came: its key order is what `docker inspect` without -f prints.
const ENGINE = JSON.parse(
  readFileSync(join(import.meta.dirname, 'container-inspect-engine.json'), 'utf8'),
) as Record<Container, EngineContainerInspect>;

function item(name: Container): InspectItem {
  const raw = ENGINE[name];
  return { value: containerInspectStruct(raw), raw };
}

interface TemplateCase {
  /** The `-f` template. */
  format: string;
  /** What the terminal showed (stdout, then stderr) for each container it ran on; one text for all six. */
  shows: string | Partial<Record<Container, string>>;
  /** The CLI's exit code; 0 when absent. */
  exitCode?: number;
}

/** `{{.Id}}` and `{{.ID}}` (its Go name) both print the full id. */
const IDS: Record<Container, string> = {
  'fmtc-1': '603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8\n',
  'fmtc-2': '7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8\n',
  'fmtc-3': '5d30856b129152df1dba7cf75a96766e66826c8a1a898a91d6e1b55957b73e01\n',
  'fmtc-4': '567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e\n',
  'fmtc-5': '9472a5962ab77e57fff9cf77c86ba10722969e795fd208746f8913fb6aa44c97\n',
  'fmtc-10': '01e43379e69aba8e0d12fff202ab96e92347eafd00d5a7a0bcb2285466a10aee\n',
};

const TEMPLATES: TemplateCase[] = [
  {
    format: '{{.State.Status}}',
    shows: {
      'fmtc-1': 'running\n',
      'fmtc-2': 'exited\n',
      'fmtc-3': 'created\n',
      'fmtc-4': 'running\n',
      'fmtc-5': 'running\n',
      'fmtc-10': 'created\n',
    },
  },
  {
    format: '{{.State.ExitCode}}',
    shows: {
      'fmtc-1': '0\n',
      'fmtc-2': '3\n',
      'fmtc-3': '0\n',
      'fmtc-4': '0\n',
      'fmtc-5': '0\n',
      'fmtc-10': '0\n',
    },
  },
  {
    format: '{{.Name}}',
    shows: {
      'fmtc-1': '/fmtc-1\n',
      'fmtc-2': '/fmtc-2\n',
      'fmtc-3': '/fmtc-3\n',
      'fmtc-4': '/fmtc-4\n',
      'fmtc-5': '/fmtc-5\n',
      'fmtc-10': '/fmtc-10\n',
    },
  },
  {
    format: '{{.Mounts}}',
    shows: {
      'fmtc-1':
        '[{volume fmtc-vol /var/lib/docker/100000.100000/volumes/fmtc-vol/_data /data local z true }]\n',
      'fmtc-2': '[]\n',
      'fmtc-3': '[{bind  /tmp /host  ro false rprivate}]\n',
      'fmtc-4':
        '[{volume fmtc-verylongvolumename-abcdef /var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data /v local z true } {bind  /tmp /t   true rprivate}]\n',
      'fmtc-5': '[]\n',
    },
  },
  {
    format: '{{json .Mounts}}',
    shows: {
      'fmtc-1':
        '[{"Type":"volume","Name":"fmtc-vol","Source":"/var/lib/docker/100000.100000/volumes/fmtc-vol/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}]\n',
      'fmtc-2': '[]\n',
      'fmtc-3':
        '[{"Type":"bind","Source":"/tmp","Destination":"/host","Mode":"ro","RW":false,"Propagation":"rprivate"}]\n',
      'fmtc-4':
        '[{"Type":"volume","Name":"fmtc-verylongvolumename-abcdef","Source":"/var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data","Destination":"/v","Driver":"local","Mode":"z","RW":true,"Propagation":""},{"Type":"bind","Source":"/tmp","Destination":"/t","Mode":"","RW":true,"Propagation":"rprivate"}]\n',
      'fmtc-5': '[]\n',
    },
  },
  {
    format: '{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}',
    shows: {
      'fmtc-1': 'fmtc-vol /data\n',
      'fmtc-2': '\n',
      'fmtc-3': ' /host\n',
      'fmtc-4': 'fmtc-verylongvolumename-abcdef /v /t\n',
      'fmtc-5': '\n',
    },
  },
  { format: '{{.Config.Image}}', shows: 'busybox\n' },
  {
    format: '{{.HostConfig.Binds}}',
    shows: {
      'fmtc-1': '[fmtc-vol:/data]\n',
      'fmtc-2': '[]\n',
      'fmtc-3': '[/tmp:/host:ro]\n',
      'fmtc-4': '[fmtc-verylongvolumename-abcdef:/v /tmp:/t]\n',
      'fmtc-5': '[]\n',
      'fmtc-10': '[fmtc-vol:/a:ro fmtc-vol2:/b]\n',
    },
  },
  {
    format: '{{.Config.Labels}}',
    shows: {
      'fmtc-1': 'map[a:1 b:2 com.example.x:y volume-lab.role:lab-image-build]\n',
      'fmtc-2': 'map[volume-lab.role:lab-image-build]\n',
      'fmtc-3': 'map[volume-lab.role:lab-image-build]\n',
      'fmtc-4': 'map[volume-lab.role:lab-image-build]\n',
      'fmtc-5': 'map[volume-lab.role:lab-image-build]\n',
      'fmtc-10': 'map[volume-lab.role:lab-image-build x:<&>]\n',
    },
  },
  {
    format: '{{.State}}',
    shows: {
      'fmtc-1':
        '{running true false false false false 32255 0  2026-11-27T19:49:58.194774519Z 0001-01-01T00:00:00Z <nil>}\n',
      'fmtc-2':
        '{exited false false false false false 0 3  2026-11-27T19:49:58.39144743Z 2026-11-27T19:49:58.392925379Z <nil>}\n',
      'fmtc-3':
        '{created false false false false false 0 0  0001-01-01T00:00:00Z 0001-01-01T00:00:00Z <nil>}\n',
      'fmtc-4':
        '{running true false false false false 32456 0  2026-11-27T19:49:58.679870151Z 0001-01-01T00:00:00Z <nil>}\n',
      'fmtc-5':
        '{running true false false false false 32520 0  2026-11-27T19:49:58.850326977Z 0001-01-01T00:00:00Z <nil>}\n',
      'fmtc-10':
        '{created false false false false false 0 0  0001-01-01T00:00:00Z 0001-01-01T00:00:00Z <nil>}\n',
    },
  },
  {
    format: '{{json .State}}',
    shows: {
      'fmtc-1':
        '{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":32255,"ExitCode":0,"Error":"","StartedAt":"2026-11-27T19:49:58.194774519Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
      'fmtc-2':
        '{"Status":"exited","Running":false,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":0,"ExitCode":3,"Error":"","StartedAt":"2026-11-27T19:49:58.39144743Z","FinishedAt":"2026-11-27T19:49:58.392925379Z"}\n',
      'fmtc-3':
        '{"Status":"created","Running":false,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":0,"ExitCode":0,"Error":"","StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
      'fmtc-4':
        '{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":32456,"ExitCode":0,"Error":"","StartedAt":"2026-11-27T19:49:58.679870151Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
      'fmtc-5':
        '{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":32520,"ExitCode":0,"Error":"","StartedAt":"2026-11-27T19:49:58.850326977Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
      'fmtc-10':
        '{"Status":"created","Running":false,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":0,"ExitCode":0,"Error":"","StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
    },
  },
  {
    format: '{{.Config.Env}}',
    shows: {
      'fmtc-1': '[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
      'fmtc-2': '[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
      'fmtc-3': '[FOO=bar PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
      'fmtc-4': '[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
      'fmtc-5': '[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
      'fmtc-10': '[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]\n',
    },
  },
  {
    format: '{{.Config.Cmd}}',
    shows: {
      'fmtc-1': '[sleep 600]\n',
      'fmtc-2': '[sh -c exit 3]\n',
      'fmtc-3': '[echo héllo "wörld" 日本語 tab\tx]\n',
      'fmtc-4': '[sleep 600]\n',
      'fmtc-5': '[sh]\n',
      'fmtc-10': '[sh]\n',
    },
  },
  { format: '{{.Config.Entrypoint}}', shows: '[]\n' },
  { format: '{{.Config.Volumes}}', shows: 'map[]\n' },
  {
    format:
      '{{.Config.WorkingDir}}|{{.Config.Tty}}|{{.Config.OpenStdin}}|{{.Config.Hostname}}|{{.Config.User}}',
    shows: {
      'fmtc-1': '|false|false|603dad55621e|\n',
      'fmtc-2': '|false|false|7e9731740a9f|\n',
      'fmtc-3': '/data|false|false|myhost|1000\n',
      'fmtc-4': '|false|false|567ccb27efd3|\n',
      'fmtc-5': '|true|true|9472a5962ab7|\n',
      'fmtc-10': '|false|false|01e43379e69a|\n',
    },
  },
  {
    format: '{{.Config.ExposedPorts}}',
    shows: {
      'fmtc-1': 'map[]\n',
      'fmtc-2': 'map[]\n',
      'fmtc-3': 'map[]\n',
      'fmtc-4': 'map[7000/tcp:{} 80/tcp:{} 9000/udp:{} 9001/udp:{}]\n',
      'fmtc-5': 'map[]\n',
      'fmtc-10': 'map[]\n',
    },
  },
  {
    format: '{{.HostConfig.Mounts}}',
    shows: {
      'fmtc-1': '[]\n',
      'fmtc-2': '[]\n',
      'fmtc-3': '[]\n',
      'fmtc-4': '[]\n',
      'fmtc-5': '[]\n',
      'fmtc-10': '[{tmpfs  /tmpfs false  <nil> <nil> <nil> <nil> <nil>}]\n',
    },
  },
  {
    format: '{{json .HostConfig.Mounts}}',
    shows: {
      'fmtc-1': 'null\n',
      'fmtc-2': 'null\n',
      'fmtc-3': 'null\n',
      'fmtc-4': 'null\n',
      'fmtc-5': 'null\n',
      'fmtc-10': '[{"Type":"tmpfs","Target":"/tmpfs"}]\n',
    },
  },
  {
    format:
      '{{.HostConfig.AutoRemove}}|{{.HostConfig.ReadonlyRootfs}}|{{.HostConfig.Tmpfs}}|{{.HostConfig.NetworkMode}}',
    shows: {
      'fmtc-1': 'false|false|map[]|default\n',
      'fmtc-2': 'false|false|map[]|default\n',
      'fmtc-3': 'false|false|map[/run:]|default\n',
      'fmtc-4': 'false|false|map[]|default\n',
      'fmtc-5': 'true|true|map[]|default\n',
      'fmtc-10': 'false|false|map[]|default\n',
    },
  },
  { format: '{{.HostConfig.RestartPolicy}}', shows: '{no 0}\n' },
  {
    format: '{{.HostConfig.PortBindings}}',
    shows: {
      'fmtc-1': 'map[]\n',
      'fmtc-2': 'map[]\n',
      'fmtc-3': 'map[]\n',
      'fmtc-4': 'map[80/tcp:[{ 8080}] 9000/udp:[{127.0.0.1 9000}] 9001/udp:[{127.0.0.1 9001}]]\n',
      'fmtc-5': 'map[]\n',
      'fmtc-10': 'map[]\n',
    },
  },
  { format: '{{.HostConfig.LogConfig}}', shows: '{json-file map[max-file:2 max-size:1m]}\n' },
  {
    format: '{{.HostConfig.Links}}|{{.HostConfig.VolumesFrom}}',
    shows: {
      'fmtc-1': '[]|[]\n',
      'fmtc-2': '[]|[]\n',
      'fmtc-3': '[]|[]\n',
      'fmtc-4': '[]|[]\n',
      'fmtc-5': '[/fmtc-1:/fmtc-5/db]|[]\n',
      'fmtc-10': '[]|[]\n',
    },
  },
  {
    format: '{{.NetworkSettings.IPAddress}}|{{.NetworkSettings.Gateway}}|{{.NetworkSettings.MacAddress}}',
    shows: {
      'fmtc-1': '172.17.0.2|172.17.0.1|02:42:ac:11:00:02\n',
      'fmtc-2': '||\n',
      'fmtc-3': '||\n',
      'fmtc-4': '172.17.0.3|172.17.0.1|02:42:ac:11:00:03\n',
      'fmtc-5': '172.17.0.4|172.17.0.1|02:42:ac:11:00:04\n',
      'fmtc-10': '||\n',
    },
  },
  {
    format: '{{.NetworkSettings.Ports}}',
    shows: {
      'fmtc-1': 'map[]\n',
      'fmtc-2': 'map[]\n',
      'fmtc-3': 'map[]\n',
      'fmtc-4':
        'map[7000/tcp:[] 80/tcp:[{0.0.0.0 8080} {:: 8080}] 9000/udp:[{127.0.0.1 9000}] 9001/udp:[{127.0.0.1 9001}]]\n',
      'fmtc-5': 'map[]\n',
      'fmtc-10': 'map[]\n',
    },
  },
  {
    format:
      '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{$v.Aliases}} {{$v.Links}};{{end}}',
    shows: {
      'fmtc-1': 'bridge=172.17.0.2 [] [];\n',
      'fmtc-2': 'bridge= [] [];\n',
      'fmtc-3': 'bridge= [] [];\n',
      'fmtc-4': 'bridge=172.17.0.3 [] [];\n',
      'fmtc-5': 'bridge=172.17.0.4 [] [];\n',
      'fmtc-10': 'bridge= [] [];\n',
    },
  },
  {
    format: '{{.Id}}',
    shows: IDS,
  },
  {
    format: '{{.ID}}',
    shows: IDS,
  },
  {
    format: '{{.Created}}',
    shows: {
      'fmtc-1': '2026-11-27T19:49:58.000969777Z\n',
      'fmtc-2': '2026-11-27T19:49:58.208768462Z\n',
      'fmtc-3': '2026-11-27T19:49:58.458953173Z\n',
      'fmtc-4': '2026-11-27T19:49:58.478789957Z\n',
      'fmtc-5': '2026-11-27T19:49:58.694952037Z\n',
      'fmtc-10': '2026-11-27T19:51:31.788834168Z\n',
    },
  },
  {
    format: '{{.Path}} {{.Args}}',
    shows: {
      'fmtc-1': 'sleep [600]\n',
      'fmtc-2': 'sh [-c exit 3]\n',
      'fmtc-3': 'echo [héllo "wörld" 日本語 tab\tx]\n',
      'fmtc-4': 'sleep [600]\n',
      'fmtc-5': 'sh []\n',
      'fmtc-10': 'sh []\n',
    },
  },
  {
    format: '{{.Image}}|{{.Platform}}|{{.Driver}}|{{.RestartCount}}|{{.ExecIDs}}|{{.SizeRw}}|{{.SizeRootFs}}',
    shows:
      'sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853|linux|overlay2|0|[]|<nil>|<nil>\n',
  },
  { format: '{{.GraphDriver.Name}}', shows: 'overlay2\n' },
  {
    format: '{{.Nope}}',
    shows:
      '\ntemplate parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n',
    exitCode: 1,
  },
  {
    format: '{{.Config.Nope}}',
    shows:
      '\ntemplate parsing error: template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope"\n',
    exitCode: 1,
  },
  { format: '{{.State.Health}}', shows: '<nil>\n' },
  {
    format: '{{json .Config}}',
    shows: {
      'fmtc-1':
        '{"Hostname":"603dad55621e","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sleep","600"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"a":"1","b":"2","com.example.x":"y","volume-lab.role":"lab-image-build"}}\n',
      'fmtc-2':
        '{"Hostname":"7e9731740a9f","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh","-c","exit 3"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build"}}\n',
      'fmtc-3':
        '{"Hostname":"myhost","Domainname":"","User":"1000","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["FOO=bar","PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["echo","héllo \\"wörld\\" 日本語 tab\\tx"],"Image":"busybox","Volumes":null,"WorkingDir":"/data","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build"}}\n',
      'fmtc-4':
        '{"Hostname":"567ccb27efd3","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"7000/tcp":{},"80/tcp":{},"9000/udp":{},"9001/udp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sleep","600"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build"}}\n',
      'fmtc-5':
        '{"Hostname":"9472a5962ab7","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":true,"OpenStdin":true,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build"}}\n',
      'fmtc-10':
        '{"Hostname":"01e43379e69a","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build","x":"<&>"}}\n',
    },
  },
  {
    format: '{{json .NetworkSettings.Networks}}',
    shows: {
      'fmtc-1':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:02","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"b0d9ff2fec620facd088c3f96d7d55661aa61c98d5cdec4302b96a58b17a440b","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
      'fmtc-2':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
      'fmtc-3':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
      'fmtc-4':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:03","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe","Gateway":"172.17.0.1","IPAddress":"172.17.0.3","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
      'fmtc-5':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:04","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"af9c106e2e69be5da58b38b570cf0d64200b8f94a0ed32ab15ec1392da5b067e","Gateway":"172.17.0.1","IPAddress":"172.17.0.4","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
      'fmtc-10':
        '{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}\n',
    },
  },
  {
    format: '{{.Config.Labels.a}}|{{index .Config.Labels "a"}}',
    shows: {
      'fmtc-1': '1|1\n',
      'fmtc-2': '<no value>|\n',
      'fmtc-3': '<no value>|\n',
      'fmtc-4': '<no value>|\n',
      'fmtc-5': '<no value>|\n',
      'fmtc-10': '<no value>|\n',
    },
  },
  {
    format: '{{json .Config.Labels}}',
    shows: {
      'fmtc-1': '{"a":"1","b":"2","com.example.x":"y","volume-lab.role":"lab-image-build"}\n',
      'fmtc-2': '{"volume-lab.role":"lab-image-build"}\n',
      'fmtc-3': '{"volume-lab.role":"lab-image-build"}\n',
      'fmtc-4': '{"volume-lab.role":"lab-image-build"}\n',
      'fmtc-5': '{"volume-lab.role":"lab-image-build"}\n',
      'fmtc-10': '{"volume-lab.role":"lab-image-build","x":"<&>"}\n',
    },
  },
  {
    format: '{{len .Mounts}}',
    shows: {
      'fmtc-1': '1\n',
      'fmtc-2': '0\n',
      'fmtc-3': '1\n',
      'fmtc-4': '2\n',
      'fmtc-5': '0\n',
      'fmtc-10': '3\n',
    },
  },
  {
    format: '{{.State.Pid}}|{{.State.StartedAt}}|{{.State.FinishedAt}}|{{.State.OOMKilled}}|{{.State.Error}}',
    shows: {
      'fmtc-1': '32255|2026-11-27T19:49:58.194774519Z|0001-01-01T00:00:00Z|false|\n',
      'fmtc-2': '0|2026-11-27T19:49:58.39144743Z|2026-11-27T19:49:58.392925379Z|false|\n',
      'fmtc-3': '0|0001-01-01T00:00:00Z|0001-01-01T00:00:00Z|false|\n',
      'fmtc-4': '32456|2026-11-27T19:49:58.679870151Z|0001-01-01T00:00:00Z|false|\n',
      'fmtc-5': '32520|2026-11-27T19:49:58.850326977Z|0001-01-01T00:00:00Z|false|\n',
      'fmtc-10': '0|0001-01-01T00:00:00Z|0001-01-01T00:00:00Z|false|\n',
    },
  },
  {
    format: '{{.AppArmorProfile}}|{{.MountLabel}}|{{.HostnamePath}}',
    shows: {
      'fmtc-1':
        '||/var/lib/docker/100000.100000/containers/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8/hostname\n',
      'fmtc-2':
        '||/var/lib/docker/100000.100000/containers/7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8/hostname\n',
      'fmtc-3': '||\n',
      'fmtc-4':
        '||/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hostname\n',
      'fmtc-5':
        '||/var/lib/docker/100000.100000/containers/9472a5962ab77e57fff9cf77c86ba10722969e795fd208746f8913fb6aa44c97/hostname\n',
      'fmtc-10': '||\n',
    },
  },
  {
    format: '{{.Config}}',
    shows: {
      'fmtc-1':
        '{603dad55621e   false false false map[] false false false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sleep 600] <nil> false busybox map[]  [] false  [] map[a:1 b:2 com.example.x:y volume-lab.role:lab-image-build]  <nil> []}\n',
      'fmtc-2':
        '{7e9731740a9f   false true true map[] false false false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sh -c exit 3] <nil> false busybox map[]  [] false  [] map[volume-lab.role:lab-image-build]  <nil> []}\n',
      'fmtc-3':
        '{myhost  1000 false true true map[] false false false [FOO=bar PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [echo héllo "wörld" 日本語 tab\tx] <nil> false busybox map[] /data [] false  [] map[volume-lab.role:lab-image-build]  <nil> []}\n',
      'fmtc-4':
        '{567ccb27efd3   false false false map[7000/tcp:{} 80/tcp:{} 9000/udp:{} 9001/udp:{}] false false false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sleep 600] <nil> false busybox map[]  [] false  [] map[volume-lab.role:lab-image-build]  <nil> []}\n',
      'fmtc-5':
        '{9472a5962ab7   false false false map[] true true false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sh] <nil> false busybox map[]  [] false  [] map[volume-lab.role:lab-image-build]  <nil> []}\n',
      'fmtc-10':
        '{01e43379e69a   false true true map[] false false false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sh] <nil> false busybox map[]  [] false  [] map[volume-lab.role:lab-image-build x:<&>]  <nil> []}\n',
    },
  },
  // Typed JSON uses CLI 28 struct order, tags and omitempty, not the engine JSON.
  {
    format: '{{json .}}',
    shows: {
      'fmtc-4':
        '{"Id":"567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e","Created":"2026-11-27T19:49:58.478789957Z","Path":"sleep","Args":["600"],"State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":32456,"ExitCode":0,"Error":"","StartedAt":"2026-11-27T19:49:58.679870151Z","FinishedAt":"0001-01-01T00:00:00Z"},"Image":"sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853","ResolvConfPath":"/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/resolv.conf","HostnamePath":"/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hostname","HostsPath":"/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hosts","LogPath":"/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e-json.log","Name":"/fmtc-4","RestartCount":0,"Driver":"overlay2","Platform":"linux","MountLabel":"","ProcessLabel":"","AppArmorProfile":"","ExecIDs":null,"HostConfig":{"Binds":["fmtc-verylongvolumename-abcdef:/v","/tmp:/t"],"ContainerIDFile":"","LogConfig":{"Type":"json-file","Config":{"max-file":"2","max-size":"1m"}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],"9000/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"9001/udp":[{"HostIp":"127.0.0.1","HostPort":"9001"}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"host","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"private","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":67108864,"Runtime":"runc","Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":null,"OomKillDisable":false,"PidsLimit":null,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":["/proc/asound","/proc/acpi","/proc/kcore","/proc/keys","/proc/latency_stats","/proc/timer_list","/proc/timer_stats","/proc/sched_debug","/proc/scsi","/sys/firmware"],"ReadonlyPaths":["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]},"GraphDriver":{"Data":{"LowerDir":"/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb-init/diff:/var/lib/docker/100000.100000/overlay2/7bcf4a3f1c2cc2c9a5526fd3acb688c9e9ee3d83f16196a8f5ec7c94572619d9/diff:/var/lib/docker/100000.100000/overlay2/761b79cd80def7d01cb6e0004146178ae401ed3bd01062a2feca30bf26cc076e/diff","MergedDir":"/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/merged","UpperDir":"/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/diff","WorkDir":"/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/work"},"Name":"overlay2"},"Mounts":[{"Type":"volume","Name":"fmtc-verylongvolumename-abcdef","Source":"/var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data","Destination":"/v","Driver":"local","Mode":"z","RW":true,"Propagation":""},{"Type":"bind","Source":"/tmp","Destination":"/t","Mode":"","RW":true,"Propagation":"rprivate"}],"Config":{"Hostname":"567ccb27efd3","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"7000/tcp":{},"80/tcp":{},"9000/udp":{},"9001/udp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sleep","600"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"volume-lab.role":"lab-image-build"}},"NetworkSettings":{"Bridge":"","SandboxID":"6474b101a058159b3c98a8a39a8fd4c0aabef2e3ff66cd0bfd53bbdd8fb011af","SandboxKey":"/var/run/docker/netns/6474b101a058","Ports":{"7000/tcp":null,"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"9000/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"9001/udp":[{"HostIp":"127.0.0.1","HostPort":"9001"}]},"HairpinMode":false,"LinkLocalIPv6Address":"","LinkLocalIPv6PrefixLen":0,"SecondaryIPAddresses":null,"SecondaryIPv6Addresses":null,"EndpointID":"41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe","Gateway":"172.17.0.1","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"172.17.0.3","IPPrefixLen":16,"IPv6Gateway":"","MacAddress":"02:42:ac:11:00:03","Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:03","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe","Gateway":"172.17.0.1","IPAddress":"172.17.0.3","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}\n',
    },
  },
  {
    format: '{{json .HostConfig}}',
    shows: {
      'fmtc-4':
        '{"Binds":["fmtc-verylongvolumename-abcdef:/v","/tmp:/t"],"ContainerIDFile":"","LogConfig":{"Type":"json-file","Config":{"max-file":"2","max-size":"1m"}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],"9000/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"9001/udp":[{"HostIp":"127.0.0.1","HostPort":"9001"}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"host","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"private","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":67108864,"Runtime":"runc","Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":null,"OomKillDisable":false,"PidsLimit":null,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":["/proc/asound","/proc/acpi","/proc/kcore","/proc/keys","/proc/latency_stats","/proc/timer_list","/proc/timer_stats","/proc/sched_debug","/proc/scsi","/sys/firmware"],"ReadonlyPaths":["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]}\n',
    },
  },
  {
    format: '{{json .NetworkSettings}}',
    shows: {
      'fmtc-4':
        '{"Bridge":"","SandboxID":"6474b101a058159b3c98a8a39a8fd4c0aabef2e3ff66cd0bfd53bbdd8fb011af","SandboxKey":"/var/run/docker/netns/6474b101a058","Ports":{"7000/tcp":null,"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"9000/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"9001/udp":[{"HostIp":"127.0.0.1","HostPort":"9001"}]},"HairpinMode":false,"LinkLocalIPv6Address":"","LinkLocalIPv6PrefixLen":0,"SecondaryIPAddresses":null,"SecondaryIPv6Addresses":null,"EndpointID":"41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe","Gateway":"172.17.0.1","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"172.17.0.3","IPPrefixLen":16,"IPv6Gateway":"","MacAddress":"02:42:ac:11:00:03","Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:03","DriverOpts":null,"GwPriority":0,"NetworkID":"6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02","EndpointID":"41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe","Gateway":"172.17.0.1","IPAddress":"172.17.0.3","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}\n',
    },
  },
  {
    format: '{{.GraphDriver}}',
    shows: {
      'fmtc-4':
        '{map[LowerDir:/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb-init/diff:/var/lib/docker/100000.100000/overlay2/7bcf4a3f1c2cc2c9a5526fd3acb688c9e9ee3d83f16196a8f5ec7c94572619d9/diff:/var/lib/docker/100000.100000/overlay2/761b79cd80def7d01cb6e0004146178ae401ed3bd01062a2feca30bf26cc076e/diff MergedDir:/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/merged UpperDir:/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/diff WorkDir:/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/work] overlay2}\n',
    },
  },
  // Renamed fields answer to the Go and the JSON name.
  {
    format: '{{.ID}} {{.Id}} {{.HostConfig.Dns}} {{.HostConfig.DNS}} {{.HostConfig.CpuShares}}',
    shows: {
      'fmtc-2':
        '7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8 7e9731740a9f3789b75b069ef6e6d121f60334b0110e47d1e0f57fc558fabbc8 [] [] 0\n',
    },
  },
];

/** `docker inspect NAME...` without -f: the engine's JSON as the CLI indents it. */
const WITHOUT_FORMAT: { containers: Container[]; shows: string }[] = [
  {
    containers: ['fmtc-4'],
    shows:
      '[\n    {\n        "Id": "567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e",\n        "Created": "2026-11-27T19:49:58.478789957Z",\n        "Path": "sleep",\n        "Args": [\n            "600"\n        ],\n        "State": {\n            "Status": "running",\n            "Running": true,\n            "Paused": false,\n            "Restarting": false,\n            "OOMKilled": false,\n            "Dead": false,\n            "Pid": 32456,\n            "ExitCode": 0,\n            "Error": "",\n            "StartedAt": "2026-11-27T19:49:58.679870151Z",\n            "FinishedAt": "0001-01-01T00:00:00Z"\n        },\n        "Image": "sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853",\n        "ResolvConfPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/resolv.conf",\n        "HostnamePath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hostname",\n        "HostsPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hosts",\n        "LogPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e-json.log",\n        "Name": "/fmtc-4",\n        "RestartCount": 0,\n        "Driver": "overlay2",\n        "Platform": "linux",\n        "MountLabel": "",\n        "ProcessLabel": "",\n        "AppArmorProfile": "",\n        "ExecIDs": null,\n        "HostConfig": {\n            "Binds": [\n                "fmtc-verylongvolumename-abcdef:/v",\n                "/tmp:/t"\n            ],\n            "ContainerIDFile": "",\n            "LogConfig": {\n                "Type": "json-file",\n                "Config": {\n                    "max-file": "2",\n                    "max-size": "1m"\n                }\n            },\n            "NetworkMode": "default",\n            "PortBindings": {\n                "80/tcp": [\n                    {\n                        "HostIp": "",\n                        "HostPort": "8080"\n                    }\n                ],\n                "9000/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9000"\n                    }\n                ],\n                "9001/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9001"\n                    }\n                ]\n            },\n            "RestartPolicy": {\n                "Name": "no",\n                "MaximumRetryCount": 0\n            },\n            "AutoRemove": false,\n            "VolumeDriver": "",\n            "VolumesFrom": null,\n            "CapAdd": null,\n            "CapDrop": null,\n            "CgroupnsMode": "host",\n            "Dns": [],\n            "DnsOptions": [],\n            "DnsSearch": [],\n            "ExtraHosts": null,\n            "GroupAdd": null,\n            "IpcMode": "private",\n            "Cgroup": "",\n            "Links": null,\n            "OomScoreAdj": 0,\n            "PidMode": "",\n            "Privileged": false,\n            "PublishAllPorts": false,\n            "ReadonlyRootfs": false,\n            "SecurityOpt": null,\n            "UTSMode": "",\n            "UsernsMode": "",\n            "ShmSize": 67108864,\n            "Runtime": "runc",\n            "ConsoleSize": [\n                0,\n                0\n            ],\n            "Isolation": "",\n            "CpuShares": 0,\n            "Memory": 0,\n            "NanoCpus": 0,\n            "CgroupParent": "",\n            "BlkioWeight": 0,\n            "BlkioWeightDevice": [],\n            "BlkioDeviceReadBps": [],\n            "BlkioDeviceWriteBps": [],\n            "BlkioDeviceReadIOps": [],\n            "BlkioDeviceWriteIOps": [],\n            "CpuPeriod": 0,\n            "CpuQuota": 0,\n            "CpuRealtimePeriod": 0,\n            "CpuRealtimeRuntime": 0,\n            "CpusetCpus": "",\n            "CpusetMems": "",\n            "Devices": [],\n            "DeviceCgroupRules": null,\n            "DeviceRequests": null,\n            "KernelMemory": 0,\n            "KernelMemoryTCP": 0,\n            "MemoryReservation": 0,\n            "MemorySwap": 0,\n            "MemorySwappiness": null,\n            "OomKillDisable": false,\n            "PidsLimit": null,\n            "Ulimits": [],\n            "CpuCount": 0,\n            "CpuPercent": 0,\n            "IOMaximumIOps": 0,\n            "IOMaximumBandwidth": 0,\n            "MaskedPaths": [\n                "/proc/asound",\n                "/proc/acpi",\n                "/proc/kcore",\n                "/proc/keys",\n                "/proc/latency_stats",\n                "/proc/timer_list",\n                "/proc/timer_stats",\n                "/proc/sched_debug",\n                "/proc/scsi",\n                "/sys/firmware"\n            ],\n            "ReadonlyPaths": [\n                "/proc/bus",\n                "/proc/fs",\n                "/proc/irq",\n                "/proc/sys",\n                "/proc/sysrq-trigger"\n            ]\n        },\n        "GraphDriver": {\n            "Data": {\n                "LowerDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb-init/diff:/var/lib/docker/100000.100000/overlay2/7bcf4a3f1c2cc2c9a5526fd3acb688c9e9ee3d83f16196a8f5ec7c94572619d9/diff:/var/lib/docker/100000.100000/overlay2/761b79cd80def7d01cb6e0004146178ae401ed3bd01062a2feca30bf26cc076e/diff",\n                "MergedDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/merged",\n                "UpperDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/diff",\n                "WorkDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/work"\n            },\n            "Name": "overlay2"\n        },\n        "Mounts": [\n            {\n                "Type": "volume",\n                "Name": "fmtc-verylongvolumename-abcdef",\n                "Source": "/var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data",\n                "Destination": "/v",\n                "Driver": "local",\n                "Mode": "z",\n                "RW": true,\n                "Propagation": ""\n            },\n            {\n                "Type": "bind",\n                "Source": "/tmp",\n                "Destination": "/t",\n                "Mode": "",\n                "RW": true,\n                "Propagation": "rprivate"\n            }\n        ],\n        "Config": {\n            "Hostname": "567ccb27efd3",\n            "Domainname": "",\n            "User": "",\n            "AttachStdin": false,\n            "AttachStdout": false,\n            "AttachStderr": false,\n            "ExposedPorts": {\n                "7000/tcp": {},\n                "80/tcp": {},\n                "9000/udp": {},\n                "9001/udp": {}\n            },\n            "Tty": false,\n            "OpenStdin": false,\n            "StdinOnce": false,\n            "Env": [\n                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n            ],\n            "Cmd": [\n                "sleep",\n                "600"\n            ],\n            "Image": "busybox",\n            "Volumes": null,\n            "WorkingDir": "",\n            "Entrypoint": null,\n            "OnBuild": null,\n            "Labels": {\n                "volume-lab.role": "lab-image-build"\n            }\n        },\n        "NetworkSettings": {\n            "Bridge": "",\n            "SandboxID": "6474b101a058159b3c98a8a39a8fd4c0aabef2e3ff66cd0bfd53bbdd8fb011af",\n            "HairpinMode": false,\n            "LinkLocalIPv6Address": "",\n            "LinkLocalIPv6PrefixLen": 0,\n            "Ports": {\n                "7000/tcp": null,\n                "80/tcp": [\n                    {\n                        "HostIp": "0.0.0.0",\n                        "HostPort": "8080"\n                    },\n                    {\n                        "HostIp": "::",\n                        "HostPort": "8080"\n                    }\n                ],\n                "9000/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9000"\n                    }\n                ],\n                "9001/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9001"\n                    }\n                ]\n            },\n            "SandboxKey": "/var/run/docker/netns/6474b101a058",\n            "SecondaryIPAddresses": null,\n            "SecondaryIPv6Addresses": null,\n            "EndpointID": "41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe",\n            "Gateway": "172.17.0.1",\n            "GlobalIPv6Address": "",\n            "GlobalIPv6PrefixLen": 0,\n            "IPAddress": "172.17.0.3",\n            "IPPrefixLen": 16,\n            "IPv6Gateway": "",\n            "MacAddress": "02:42:ac:11:00:03",\n            "Networks": {\n                "bridge": {\n                    "IPAMConfig": null,\n                    "Links": null,\n                    "Aliases": null,\n                    "NetworkID": "6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02",\n                    "EndpointID": "41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe",\n                    "Gateway": "172.17.0.1",\n                    "IPAddress": "172.17.0.3",\n                    "IPPrefixLen": 16,\n                    "IPv6Gateway": "",\n                    "GlobalIPv6Address": "",\n                    "GlobalIPv6PrefixLen": 0,\n                    "MacAddress": "02:42:ac:11:00:03",\n                    "DriverOpts": null\n                }\n            }\n        }\n    }\n]\n',
  },
  {
    containers: ['fmtc-4', 'fmtc-1'],
    shows:
      '[\n    {\n        "Id": "567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e",\n        "Created": "2026-11-27T19:49:58.478789957Z",\n        "Path": "sleep",\n        "Args": [\n            "600"\n        ],\n        "State": {\n            "Status": "running",\n            "Running": true,\n            "Paused": false,\n            "Restarting": false,\n            "OOMKilled": false,\n            "Dead": false,\n            "Pid": 32456,\n            "ExitCode": 0,\n            "Error": "",\n            "StartedAt": "2026-11-27T19:49:58.679870151Z",\n            "FinishedAt": "0001-01-01T00:00:00Z"\n        },\n        "Image": "sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853",\n        "ResolvConfPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/resolv.conf",\n        "HostnamePath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hostname",\n        "HostsPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/hosts",\n        "LogPath": "/var/lib/docker/100000.100000/containers/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e/567ccb27efd38f8aa9929451d127909a5123ac2955fdc528d5936b764b9d016e-json.log",\n        "Name": "/fmtc-4",\n        "RestartCount": 0,\n        "Driver": "overlay2",\n        "Platform": "linux",\n        "MountLabel": "",\n        "ProcessLabel": "",\n        "AppArmorProfile": "",\n        "ExecIDs": null,\n        "HostConfig": {\n            "Binds": [\n                "fmtc-verylongvolumename-abcdef:/v",\n                "/tmp:/t"\n            ],\n            "ContainerIDFile": "",\n            "LogConfig": {\n                "Type": "json-file",\n                "Config": {\n                    "max-file": "2",\n                    "max-size": "1m"\n                }\n            },\n            "NetworkMode": "default",\n            "PortBindings": {\n                "80/tcp": [\n                    {\n                        "HostIp": "",\n                        "HostPort": "8080"\n                    }\n                ],\n                "9000/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9000"\n                    }\n                ],\n                "9001/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9001"\n                    }\n                ]\n            },\n            "RestartPolicy": {\n                "Name": "no",\n                "MaximumRetryCount": 0\n            },\n            "AutoRemove": false,\n            "VolumeDriver": "",\n            "VolumesFrom": null,\n            "CapAdd": null,\n            "CapDrop": null,\n            "CgroupnsMode": "host",\n            "Dns": [],\n            "DnsOptions": [],\n            "DnsSearch": [],\n            "ExtraHosts": null,\n            "GroupAdd": null,\n            "IpcMode": "private",\n            "Cgroup": "",\n            "Links": null,\n            "OomScoreAdj": 0,\n            "PidMode": "",\n            "Privileged": false,\n            "PublishAllPorts": false,\n            "ReadonlyRootfs": false,\n            "SecurityOpt": null,\n            "UTSMode": "",\n            "UsernsMode": "",\n            "ShmSize": 67108864,\n            "Runtime": "runc",\n            "ConsoleSize": [\n                0,\n                0\n            ],\n            "Isolation": "",\n            "CpuShares": 0,\n            "Memory": 0,\n            "NanoCpus": 0,\n            "CgroupParent": "",\n            "BlkioWeight": 0,\n            "BlkioWeightDevice": [],\n            "BlkioDeviceReadBps": [],\n            "BlkioDeviceWriteBps": [],\n            "BlkioDeviceReadIOps": [],\n            "BlkioDeviceWriteIOps": [],\n            "CpuPeriod": 0,\n            "CpuQuota": 0,\n            "CpuRealtimePeriod": 0,\n            "CpuRealtimeRuntime": 0,\n            "CpusetCpus": "",\n            "CpusetMems": "",\n            "Devices": [],\n            "DeviceCgroupRules": null,\n            "DeviceRequests": null,\n            "KernelMemory": 0,\n            "KernelMemoryTCP": 0,\n            "MemoryReservation": 0,\n            "MemorySwap": 0,\n            "MemorySwappiness": null,\n            "OomKillDisable": false,\n            "PidsLimit": null,\n            "Ulimits": [],\n            "CpuCount": 0,\n            "CpuPercent": 0,\n            "IOMaximumIOps": 0,\n            "IOMaximumBandwidth": 0,\n            "MaskedPaths": [\n                "/proc/asound",\n                "/proc/acpi",\n                "/proc/kcore",\n                "/proc/keys",\n                "/proc/latency_stats",\n                "/proc/timer_list",\n                "/proc/timer_stats",\n                "/proc/sched_debug",\n                "/proc/scsi",\n                "/sys/firmware"\n            ],\n            "ReadonlyPaths": [\n                "/proc/bus",\n                "/proc/fs",\n                "/proc/irq",\n                "/proc/sys",\n                "/proc/sysrq-trigger"\n            ]\n        },\n        "GraphDriver": {\n            "Data": {\n                "LowerDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb-init/diff:/var/lib/docker/100000.100000/overlay2/7bcf4a3f1c2cc2c9a5526fd3acb688c9e9ee3d83f16196a8f5ec7c94572619d9/diff:/var/lib/docker/100000.100000/overlay2/761b79cd80def7d01cb6e0004146178ae401ed3bd01062a2feca30bf26cc076e/diff",\n                "MergedDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/merged",\n                "UpperDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/diff",\n                "WorkDir": "/var/lib/docker/100000.100000/overlay2/2af2ef438b96325f4e5569b38f2e2c6ab782ead2654715e62e2961008eff17bb/work"\n            },\n            "Name": "overlay2"\n        },\n        "Mounts": [\n            {\n                "Type": "volume",\n                "Name": "fmtc-verylongvolumename-abcdef",\n                "Source": "/var/lib/docker/100000.100000/volumes/fmtc-verylongvolumename-abcdef/_data",\n                "Destination": "/v",\n                "Driver": "local",\n                "Mode": "z",\n                "RW": true,\n                "Propagation": ""\n            },\n            {\n                "Type": "bind",\n                "Source": "/tmp",\n                "Destination": "/t",\n                "Mode": "",\n                "RW": true,\n                "Propagation": "rprivate"\n            }\n        ],\n        "Config": {\n            "Hostname": "567ccb27efd3",\n            "Domainname": "",\n            "User": "",\n            "AttachStdin": false,\n            "AttachStdout": false,\n            "AttachStderr": false,\n            "ExposedPorts": {\n                "7000/tcp": {},\n                "80/tcp": {},\n                "9000/udp": {},\n                "9001/udp": {}\n            },\n            "Tty": false,\n            "OpenStdin": false,\n            "StdinOnce": false,\n            "Env": [\n                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n            ],\n            "Cmd": [\n                "sleep",\n                "600"\n            ],\n            "Image": "busybox",\n            "Volumes": null,\n            "WorkingDir": "",\n            "Entrypoint": null,\n            "OnBuild": null,\n            "Labels": {\n                "volume-lab.role": "lab-image-build"\n            }\n        },\n        "NetworkSettings": {\n            "Bridge": "",\n            "SandboxID": "6474b101a058159b3c98a8a39a8fd4c0aabef2e3ff66cd0bfd53bbdd8fb011af",\n            "HairpinMode": false,\n            "LinkLocalIPv6Address": "",\n            "LinkLocalIPv6PrefixLen": 0,\n            "Ports": {\n                "7000/tcp": null,\n                "80/tcp": [\n                    {\n                        "HostIp": "0.0.0.0",\n                        "HostPort": "8080"\n                    },\n                    {\n                        "HostIp": "::",\n                        "HostPort": "8080"\n                    }\n                ],\n                "9000/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9000"\n                    }\n                ],\n                "9001/udp": [\n                    {\n                        "HostIp": "127.0.0.1",\n                        "HostPort": "9001"\n                    }\n                ]\n            },\n            "SandboxKey": "/var/run/docker/netns/6474b101a058",\n            "SecondaryIPAddresses": null,\n            "SecondaryIPv6Addresses": null,\n            "EndpointID": "41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe",\n            "Gateway": "172.17.0.1",\n            "GlobalIPv6Address": "",\n            "GlobalIPv6PrefixLen": 0,\n            "IPAddress": "172.17.0.3",\n            "IPPrefixLen": 16,\n            "IPv6Gateway": "",\n            "MacAddress": "02:42:ac:11:00:03",\n            "Networks": {\n                "bridge": {\n                    "IPAMConfig": null,\n                    "Links": null,\n                    "Aliases": null,\n                    "NetworkID": "6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02",\n                    "EndpointID": "41db8e0824363ec9ba24324e602742777c11b5798dbbfc42fbc43b6823acaffe",\n                    "Gateway": "172.17.0.1",\n                    "IPAddress": "172.17.0.3",\n                    "IPPrefixLen": 16,\n                    "IPv6Gateway": "",\n                    "GlobalIPv6Address": "",\n                    "GlobalIPv6PrefixLen": 0,\n                    "MacAddress": "02:42:ac:11:00:03",\n                    "DriverOpts": null\n                }\n            }\n        }\n    },\n    {\n        "Id": "603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8",\n        "Created": "2026-11-27T19:49:58.000969777Z",\n        "Path": "sleep",\n        "Args": [\n            "600"\n        ],\n        "State": {\n            "Status": "running",\n            "Running": true,\n            "Paused": false,\n            "Restarting": false,\n            "OOMKilled": false,\n            "Dead": false,\n            "Pid": 32255,\n            "ExitCode": 0,\n            "Error": "",\n            "StartedAt": "2026-11-27T19:49:58.194774519Z",\n            "FinishedAt": "0001-01-01T00:00:00Z"\n        },\n        "Image": "sha256:28c5911679a1fdbb9ba898cd1f30a6fd95bc0e65d01af7460f87a4c9d887b853",\n        "ResolvConfPath": "/var/lib/docker/100000.100000/containers/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8/resolv.conf",\n        "HostnamePath": "/var/lib/docker/100000.100000/containers/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8/hostname",\n        "HostsPath": "/var/lib/docker/100000.100000/containers/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8/hosts",\n        "LogPath": "/var/lib/docker/100000.100000/containers/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8/603dad55621e18937b481597b8fd8382b0433be2b0427ada0dbc31bc155074f8-json.log",\n        "Name": "/fmtc-1",\n        "RestartCount": 0,\n        "Driver": "overlay2",\n        "Platform": "linux",\n        "MountLabel": "",\n        "ProcessLabel": "",\n        "AppArmorProfile": "",\n        "ExecIDs": null,\n        "HostConfig": {\n            "Binds": [\n                "fmtc-vol:/data"\n            ],\n            "ContainerIDFile": "",\n            "LogConfig": {\n                "Type": "json-file",\n                "Config": {\n                    "max-file": "2",\n                    "max-size": "1m"\n                }\n            },\n            "NetworkMode": "default",\n            "PortBindings": {},\n            "RestartPolicy": {\n                "Name": "no",\n                "MaximumRetryCount": 0\n            },\n            "AutoRemove": false,\n            "VolumeDriver": "",\n            "VolumesFrom": null,\n            "CapAdd": null,\n            "CapDrop": null,\n            "CgroupnsMode": "host",\n            "Dns": [],\n            "DnsOptions": [],\n            "DnsSearch": [],\n            "ExtraHosts": null,\n            "GroupAdd": null,\n            "IpcMode": "private",\n            "Cgroup": "",\n            "Links": null,\n            "OomScoreAdj": 0,\n            "PidMode": "",\n            "Privileged": false,\n            "PublishAllPorts": false,\n            "ReadonlyRootfs": false,\n            "SecurityOpt": null,\n            "UTSMode": "",\n            "UsernsMode": "",\n            "ShmSize": 67108864,\n            "Runtime": "runc",\n            "ConsoleSize": [\n                0,\n                0\n            ],\n            "Isolation": "",\n            "CpuShares": 0,\n            "Memory": 0,\n            "NanoCpus": 0,\n            "CgroupParent": "",\n            "BlkioWeight": 0,\n            "BlkioWeightDevice": [],\n            "BlkioDeviceReadBps": [],\n            "BlkioDeviceWriteBps": [],\n            "BlkioDeviceReadIOps": [],\n            "BlkioDeviceWriteIOps": [],\n            "CpuPeriod": 0,\n            "CpuQuota": 0,\n            "CpuRealtimePeriod": 0,\n            "CpuRealtimeRuntime": 0,\n            "CpusetCpus": "",\n            "CpusetMems": "",\n            "Devices": [],\n            "DeviceCgroupRules": null,\n            "DeviceRequests": null,\n            "KernelMemory": 0,\n            "KernelMemoryTCP": 0,\n            "MemoryReservation": 0,\n            "MemorySwap": 0,\n            "MemorySwappiness": null,\n            "OomKillDisable": false,\n            "PidsLimit": null,\n            "Ulimits": [],\n            "CpuCount": 0,\n            "CpuPercent": 0,\n            "IOMaximumIOps": 0,\n            "IOMaximumBandwidth": 0,\n            "MaskedPaths": [\n                "/proc/asound",\n                "/proc/acpi",\n                "/proc/kcore",\n                "/proc/keys",\n                "/proc/latency_stats",\n                "/proc/timer_list",\n                "/proc/timer_stats",\n                "/proc/sched_debug",\n                "/proc/scsi",\n                "/sys/firmware"\n            ],\n            "ReadonlyPaths": [\n                "/proc/bus",\n                "/proc/fs",\n                "/proc/irq",\n                "/proc/sys",\n                "/proc/sysrq-trigger"\n            ]\n        },\n        "GraphDriver": {\n            "Data": {\n                "LowerDir": "/var/lib/docker/100000.100000/overlay2/0f0e91ee55d98351ce80308e48537c9daaaaf9371a6cac35d21f9e48c652223b-init/diff:/var/lib/docker/100000.100000/overlay2/7bcf4a3f1c2cc2c9a5526fd3acb688c9e9ee3d83f16196a8f5ec7c94572619d9/diff:/var/lib/docker/100000.100000/overlay2/761b79cd80def7d01cb6e0004146178ae401ed3bd01062a2feca30bf26cc076e/diff",\n                "MergedDir": "/var/lib/docker/100000.100000/overlay2/0f0e91ee55d98351ce80308e48537c9daaaaf9371a6cac35d21f9e48c652223b/merged",\n                "UpperDir": "/var/lib/docker/100000.100000/overlay2/0f0e91ee55d98351ce80308e48537c9daaaaf9371a6cac35d21f9e48c652223b/diff",\n                "WorkDir": "/var/lib/docker/100000.100000/overlay2/0f0e91ee55d98351ce80308e48537c9daaaaf9371a6cac35d21f9e48c652223b/work"\n            },\n            "Name": "overlay2"\n        },\n        "Mounts": [\n            {\n                "Type": "volume",\n                "Name": "fmtc-vol",\n                "Source": "/var/lib/docker/100000.100000/volumes/fmtc-vol/_data",\n                "Destination": "/data",\n                "Driver": "local",\n                "Mode": "z",\n                "RW": true,\n                "Propagation": ""\n            }\n        ],\n        "Config": {\n            "Hostname": "603dad55621e",\n            "Domainname": "",\n            "User": "",\n            "AttachStdin": false,\n            "AttachStdout": false,\n            "AttachStderr": false,\n            "Tty": false,\n            "OpenStdin": false,\n            "StdinOnce": false,\n            "Env": [\n                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n            ],\n            "Cmd": [\n                "sleep",\n                "600"\n            ],\n            "Image": "busybox",\n            "Volumes": null,\n            "WorkingDir": "",\n            "Entrypoint": null,\n            "OnBuild": null,\n            "Labels": {\n                "a": "1",\n                "b": "2",\n                "com.example.x": "y",\n                "volume-lab.role": "lab-image-build"\n            }\n        },\n        "NetworkSettings": {\n            "Bridge": "",\n            "SandboxID": "55da91d383d6da674593ac7dbc2a646e1d877133cf267e2ccb8940e5cd3bb621",\n            "HairpinMode": false,\n            "LinkLocalIPv6Address": "",\n            "LinkLocalIPv6PrefixLen": 0,\n            "Ports": {},\n            "SandboxKey": "/var/run/docker/netns/55da91d383d6",\n            "SecondaryIPAddresses": null,\n            "SecondaryIPv6Addresses": null,\n            "EndpointID": "b0d9ff2fec620facd088c3f96d7d55661aa61c98d5cdec4302b96a58b17a440b",\n            "Gateway": "172.17.0.1",\n            "GlobalIPv6Address": "",\n            "GlobalIPv6PrefixLen": 0,\n            "IPAddress": "172.17.0.2",\n            "IPPrefixLen": 16,\n            "IPv6Gateway": "",\n            "MacAddress": "02:42:ac:11:00:02",\n            "Networks": {\n                "bridge": {\n                    "IPAMConfig": null,\n                    "Links": null,\n                    "Aliases": null,\n                    "NetworkID": "6160faa8d3e59538418b28dfe7e7bee41fbf327f12ba6dca08dd69fe6af99c02",\n                    "EndpointID": "b0d9ff2fec620facd088c3f96d7d55661aa61c98d5cdec4302b96a58b17a440b",\n                    "Gateway": "172.17.0.1",\n                    "IPAddress": "172.17.0.2",\n                    "IPPrefixLen": 16,\n                    "IPv6Gateway": "",\n                    "GlobalIPv6Address": "",\n                    "GlobalIPv6PrefixLen": 0,\n                    "MacAddress": "02:42:ac:11:00:02",\n                    "DriverOpts": null\n                }\n            }\n        }\n    }\n]\n',
  },
];

const templateCases = TEMPLATES.flatMap(({ format, shows, exitCode = 0 }) =>
  CONTAINERS.flatMap((name) => {
    const want = typeof shows === 'string' ? shows : shows[name];
    return want === undefined ? [] : [{ format, name, want, exitCode }];
  }),
);

describe('docker inspect -f on containers', () => {
  it.each(templateCases)('$format on $name', ({ format, name, want, exitCode }) => {
    const r = formatInspect(format, [item(name)]);
    expect(r.stdout + r.stderr).toBe(want);
    expect(r.exitCode).toBe(exitCode);
  });
});

describe('docker inspect without a format prints the engine JSON', () => {
  it.each(WITHOUT_FORMAT)('of $containers', ({ containers, shows }) => {
    const r = formatInspect(undefined, containers.map(item));
    expect(r.stdout + r.stderr).toBe(shows);
    expect(r.exitCode).toBe(0);
  });
});
