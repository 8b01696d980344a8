/**
 * The fidelity table: command lines whose output and exit code in the lab must equal the real docker
 * CLI's. Cases run in order, so each sees the state the ones before it left, on both sides.
 * Volumes shown by `ls` carry at most one label: the CLI joins labels in Go's random map order.
 */
export interface FidelityCase {
  line: string;
  /**
   * The lab adds exactly one `volume-lab:` line saying what it supports after the CLI's own error
   * (typos and unsupported commands); everything before that line must still match.
   */
  labHint?: boolean;
}

export const volumeCases: FidelityCase[] = [
  { line: 'docker volume create data' },
  { line: 'docker volume create --label tier=db db-data' },
  { line: 'docker volume create --label keep logs' },
  { line: 'docker volume create data' },
  { line: 'docker volume create --label vlfid=1 scratch' },
  { line: 'docker volume ls' },
  { line: 'docker volume ls -q' },
  { line: 'docker volume list --quiet' },
  { line: "docker volume ls --format '{{.Name}}'" },
  { line: "docker volume ls --format 'table {{.Name}}\\t{{.Driver}}\\t{{.Scope}}'" },
  { line: "docker volume ls --format '{{json .}}'" },
  { line: 'docker volume ls --format json' },
  { line: 'docker volume ls -f label=tier=db' },
  { line: 'docker volume ls --filter label=keep -q' },
  { line: 'docker volume ls -f name=db' },
  { line: 'docker volume ls -f dangling=true -q' },
  { line: 'docker volume ls -f driver=local -q' },
  { line: 'docker volume ls -f bogus=1' },
  { line: "docker volume ls --format '{{json.}}'" },
  { line: 'docker volume inspect data' },
  { line: 'docker volume inspect data db-data' },
  { line: "docker volume inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' data" },
  { line: "docker volume inspect --format '{{json .Labels}}' db-data" },
  { line: 'docker volume inspect -f \'{{index .Labels "tier"}}\' db-data' },
  { line: "docker volume inspect -f '{{.Labels}} {{.Options}}' data db-data logs" },
  { line: "docker volume inspect -f '{{ .Mountpoint }}' data" },
  { line: 'docker volume inspect missing' },
  { line: 'docker volume inspect data missing' },
  { line: 'docker volume inspect' },
  { line: 'docker volume create _bad' },
  { line: 'docker volume create x' },
  { line: 'docker volume create a b' },
  { line: 'docker volume ls extra' },
  { line: 'docker volume ls --bogus' },
  { line: 'docker volume ls -z' },
  { line: 'docker volume ls --format' },
  { line: 'docker volume rm missing' },
  { line: 'docker volume rm -f missing' },
  { line: 'docker volume rm' },
  { line: 'docker volume' },
  { line: 'docker volume --help' },
  { line: 'docker volume create --help' },
  { line: 'docker volume ls --help' },
  { line: 'docker volume inspect -h' },
  { line: 'docker volume rm --help' },
  { line: 'docker volume prune --help' },
  // Swarm-only: hidden from help, refused before API 1.42, and on 1.42+ answered by a daemon that is
  // no swarm manager.
  { line: 'docker volume update' },
  { line: 'docker volume update missing' },
  { line: 'docker volume create --scope multi cv' },
  { line: 'docker volume update data' },
  { line: 'docker volume create --secret a=b --topology-required zone=a sec' },
  { line: 'docker volume ls --cluster' },
  { line: 'docker volume ls --cluster -q' },
  { line: "docker volume ls --cluster --format '{{.Name}}'" },
  { line: 'docker volume foo', labHint: true },
  { line: 'docker volum ls', labHint: true },
  { line: 'docker volume prune -a -f' },
  { line: 'docker volume prune -f --filter label=vlfid=1' },
  { line: 'docker volume prune -f --filter name=x' },
  { line: 'docker volume rm data missing db-data logs' },
  { line: 'docker volume ls' },
  // The CLI's Go structs, on the engine the lab runs on.
  {
    line: "docker version --format '{{.Server.APIVersion}} {{.Client.APIVersion}} {{.Server.MinAPIVersion}}'",
  },
  {
    line: "docker version --format '{{.Server.Version}} {{.Server.Os}}/{{.Server.Arch}} {{.Server.Platform.Name}}.'",
  },
  { line: "docker version --format '{{.Server.ApiVersion}}'" },
  { line: "docker version --format 'a{{.Server.Os}}{{.Client.Nope}}b'" },
  { line: "docker version --format '{{.Server'" },
  {
    line: 'docker version --format \'{{(index .Server.Components 0).Name}} {{index (index .Server.Components 0).Details "ApiVersion"}}\'',
  },
];
