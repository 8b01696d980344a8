/**
 * The container fidelity table: non-interactive container command lines whose output and exit code in
 * the lab must equal the real docker CLI's. Cases run in order, so each sees the state the ones before
 * it left, on both sides.
 *
 * The lab runs every container with limits the real CLI does not set (`--network none`, a memory and
 * CPU cap, a pids limit, a capped /dev/shm and tmpfs, no-new-privileges, a json-file log size cap).
 * The lines are chosen so that their output does not depend on any of these: no network access, no
 * process or memory hungry commands, no `docker inspect` of HostConfig or NetworkSettings, tmpfs mounts
 * without a size, and no full `docker inspect` dumps (which would show the limits).
 *
 * Every container and named volume the table makes is called `fid-*`, so the real side can tell its
 * own objects from anything else on the shared engine. Containers `--rm` removes carry no name.
 * `%ID:image%` in a line stands for the first 12 hex digits of that catalogue image's ID on the engine.
 */
export interface ContainerCase {
  line: string;
  /**
   * A listing of containers. On the real side, rows that name none of the table's own containers
   * (by name or ID) are dropped: the engine is shared, and other containers may come and go.
   */
  list?: boolean;
  /** The listing's first line is a table header, kept on the real side. */
  header?: boolean;
  /**
   * Table columns are padded to their widest cell, and cells holding durations ("Up 2 seconds",
   * "Less than a second ago") differ in width from run to run: compare the words, not the padding.
   */
  columns?: boolean;
  /**
   * A listing of images. On the real side, rows that show none of the lab's images (by ID) are
   * dropped: the lab lists its catalogue only, and the engine may hold other images.
   */
  images?: boolean;
  /**
   * An image the lab does not have: the lab adds exactly one `volume-lab:` line naming its images after
   * the daemon's answer; everything else must match.
   */
  labHint?: boolean;
}

/** The line that follows the daemon's answer when `docker run` names an image the lab does not have. */
export const LAB_IMAGES_LINE =
  'volume-lab: this lab has the images busybox, debian, nginx and redis (docker images lists them)';

export const containerCases: ContainerCase[] = [
  // docker run: output, exit codes, volumes.
  { line: 'docker run --rm busybox echo hello' },
  {
    line: "docker run --name fid-a -v fid-data:/data busybox sh -c 'echo saved > /data/f; echo one; echo two'",
  },
  { line: 'docker run --rm -v fid-data:/data busybox cat /data/f' },
  {
    line: "docker run --rm --mount type=volume,src=fid-data,dst=/data,readonly busybox sh -c 'echo x > /data/g'",
  },
  { line: "docker run --rm busybox sh -c 'exit 3'" },
  { line: 'docker run --name fid-bad busybox nosuchcmd' },
  { line: 'docker run --name fid-anon -v /anon busybox true' },
  // Engine 26.1 labels the anonymous volume of a `-v /path`, not that of a `--mount` without a source.
  {
    line: "docker volume ls -f label=com.docker.volume.anonymous --format '{{.Name}} {{.Labels}}'",
    list: true,
  },
  { line: 'docker run --name fid-mnt --mount dst=/m busybox true' },
  {
    line: "docker volume ls -f label=com.docker.volume.anonymous --format '{{.Name}} {{.Labels}}'",
    list: true,
  },
  { line: 'docker rm -v fid-mnt' },
  { line: 'docker run --name fid-lbl -l team=blue busybox true' },
  { line: "docker run --name 'a b' busybox true" },
  // The CLI picks run's exit code from the daemon's words, even in an answer about a name or a mode.
  { line: "docker run --name 'permission denied' busybox true" },
  { line: "docker run -v 'fid-mode:/d:permission denied' busybox true" },
  { line: "docker run -v 'no such file or directory:/d' busybox true" },
  { line: 'docker run -d --name fid-web -v fid-data:/data busybox sleep 300' },
  { line: 'docker run --name fid-web busybox true' },

  // docker ps
  { line: "docker ps --format '{{.Names}} {{.Image}} {{.Command}}'", list: true },
  { line: "docker ps --format '{{.Names}} {{.Mounts}}'", list: true },
  { line: "docker ps -a --format '{{.Names}}\\t{{.Status}}'", list: true },
  { line: 'docker ps -q', list: true },
  { line: "docker ps -a --filter name=fid-a --format '{{.Names}}'", list: true },
  { line: "docker ps -a --filter status=created --format '{{.Names}}'", list: true },
  { line: "docker ps -a --filter exited=0 --format '{{.Names}}'", list: true },
  { line: 'docker ps -a --filter label=team=blue --format \'{{.Names}} {{.Label "team"}}\'', list: true },
  { line: "docker container ls -a --filter volume=fid-data --format '{{.Names}}'", list: true },
  { line: 'docker ps --filter name=fid-web', list: true, header: true, columns: true },

  // docker exec
  { line: 'docker exec fid-web cat /data/f' },
  { line: 'docker exec -w /data fid-web ls' },
  { line: "docker exec -e A=1 fid-web sh -c 'echo $A'" },
  { line: "docker exec fid-web sh -c 'exit 4'" },
  { line: 'docker exec fid-web nosuchcmd' },
  { line: 'docker exec nope ls' },
  { line: 'docker exec fid-a ls' },

  // docker logs
  { line: 'docker logs fid-a' },
  { line: 'docker logs --tail 1 fid-a' },
  { line: 'docker container logs -n 0 fid-a' },
  { line: 'docker logs nope' },

  // docker inspect
  { line: "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' fid-a" },
  { line: "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' fid-bad" },
  { line: "docker inspect -f '{{.State.Status}} {{.State.Running}}' fid-web" },
  {
    line: "docker inspect -f '{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.RW}}{{end}}' fid-web",
  },
  { line: "docker inspect -f '{{json .Mounts}}' fid-web" },
  { line: "docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{len .Name}}{{end}}' fid-anon" },
  { line: "docker inspect -f '{{json .Config.Labels}}' fid-lbl" },
  { line: "docker inspect -f '{{.Config.Cmd}} {{.Config.Image}} {{.Path}} {{.Args}}' fid-a" },
  { line: "docker container inspect --format '{{.Name}}' fid-web" },
  { line: "docker inspect -f '{{.Name}}' fid-a fid-web" },
  { line: "docker inspect --type volume -f '{{.Name}}' fid-data" },
  { line: 'docker inspect nope' },
  { line: "docker inspect -f '{{.Name}}' fid-a nope" },

  // --volumes-from
  { line: 'docker run --volumes-from fid-web --rm busybox cat /data/f' },
  { line: 'docker run --volumes-from nope --rm busybox true' },

  // Lifecycle
  { line: 'docker stop -t 0 fid-web' },
  { line: "docker inspect -f '{{.State.Status}}' fid-web" },
  { line: 'docker start fid-web' },
  { line: 'docker start fid-web' },
  { line: 'docker restart -t 0 fid-web' },
  { line: 'docker kill fid-web' },
  { line: 'docker kill fid-web' },
  { line: 'docker wait fid-web' },
  { line: 'docker wait fid-a fid-lbl' },
  { line: 'docker start fid-bad' },
  { line: 'docker stop nope' },
  { line: 'docker volume rm fid-data' },
  { line: 'docker rm fid-web fid-a nope' },
  { line: 'docker rm -f nope' },
  { line: 'docker rm -v fid-anon' },
  { line: 'docker rm fid-bad fid-lbl' },
  { line: 'docker volume rm fid-data' },
  { line: "docker ps -a --format '{{.Names}}'", list: true },

  // docker run flags
  { line: 'docker run --rm -w /tmp busybox pwd' },
  { line: "docker run --rm -e GREETING=hi busybox sh -c 'echo $GREETING'" },
  { line: 'docker run --rm -h box busybox hostname' },
  { line: 'docker run --rm -u 1000 busybox id' },
  { line: 'docker run --rm --entrypoint echo busybox hi' },
  { line: 'docker run --rm --read-only busybox touch /x' },
  { line: "docker run --rm --tmpfs /scratch busybox sh -c 'echo ok > /scratch/f && cat /scratch/f'" },
  { line: 'docker run --rm -l team=blue busybox true' },
  { line: 'docker run --rm -v fid-tmp:/x busybox ls /x' },
  { line: 'docker volume rm fid-tmp' },

  // The catalogue's images: listed, inspected and run by any reference docker takes.
  { line: 'docker images', images: true, header: true, columns: true },
  { line: 'docker images nginx', images: true, header: true, columns: true },
  { line: 'docker image ls redis:7.0', images: true, header: true, columns: true },
  { line: 'docker image list -q busybox', images: true },
  { line: "docker images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' debian", images: true },
  { line: "docker images --no-trunc --format '{{.Repository}} {{.Tag}} {{.ID}}' 'redis:7*'", images: true },
  { line: 'docker images postgres' },
  { line: "docker inspect -f '{{.Id}} {{.RepoTags}} {{.Config.Cmd}}' nginx" },
  {
    line: "docker image inspect -f '{{.Id}} {{json .Config.Entrypoint}} {{.Config.WorkingDir}}' nginx:1.22 redis:7.0 debian:bookworm debian:12 busybox",
  },
  { line: 'docker inspect docker.io/library/redis:latest' },
  { line: 'docker image inspect library/debian' },
  { line: "docker inspect -f '{{.RepoTags}}' %ID:nginx%" },
  { line: "docker image inspect -f '{{json .Config.Volumes}}' sha256:%ID:redis%" },
  { line: 'docker inspect postgres' },
  { line: "docker inspect -f '{{.Id}}' nginx postgres" },
  { line: 'docker image inspect postgres nginx:1.25' },
  { line: "docker inspect --type image -f '{{.Id}}' nginx:1.25" },
  { line: 'docker image inspect NGINX' },
  { line: 'docker run --rm debian:bookworm cat /etc/debian_version' },
  { line: 'docker run --rm docker.io/library/debian:12 tar --version' },
  { line: 'docker run --rm nginx:1.22 nginx -v' },
  { line: 'docker run --rm library/redis:7.0 redis-server --version' },
  { line: 'docker run --rm %ID:busybox% echo by-id' },
  { line: 'docker run --rm sha256:%ID:debian% id -un' },
  { line: 'docker run --rm postgres true', labHint: true },
  { line: 'docker run --rm nginx:1.25 true', labHint: true },
  { line: 'docker run --rm ghcr.io/acme/app:1 true', labHint: true },
  { line: 'docker run --rm NGINX true' },
  { line: "docker run --rm 'nginx::' true" },
  { line: 'docker run --rm -v /anon:ro busybox true' },
  { line: 'docker run -d --name fid-redis redis' },
  // An image's VOLUME gets the engine's anonymous label on 26.1, as a `-v /path` does.
  {
    line: "docker volume ls -f label=com.docker.volume.anonymous --format '{{.Name}} {{.Labels}}'",
    list: true,
  },
  {
    line: "docker inspect -f '{{json .HostConfig.Mounts}} {{json .Config.Volumes}} {{range .Mounts}}{{.Type}} {{.Destination}} {{.Mode}} {{.RW}} {{len .Name}}{{end}}' fid-redis",
  },
  { line: "docker ps --filter name=fid-redis --format '{{.Names}} {{.Image}} {{.Command}}'", list: true },
  // redis-server listens a moment after its start; on a busy machine the ping could come first.
  {
    line: "docker exec fid-redis sh -c 'for i in $(seq 100); do redis-cli ping >/dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1'",
  },
  { line: 'docker exec fid-redis redis-cli ping' },
  { line: 'docker rm -f -v fid-redis' },
  { line: 'docker run --name fid-byid %ID:nginx% true' },
  { line: "docker ps -a --filter name=fid-byid --format '{{.Names}} {{.Image}}'", list: true },
  { line: "docker inspect -f '{{.Config.Image}} {{.Image}}' fid-byid" },
  { line: 'docker rm fid-byid' },
  { line: 'docker run --name fid-anon2 -v /anon/ busybox true' },
  {
    line: "docker inspect -f '{{json .HostConfig.Mounts}} {{json .Config.Volumes}} {{range .Mounts}}{{.Destination}} {{.Mode}}{{end}}' fid-anon2",
  },
  { line: 'docker rm -v fid-anon2' },

  // Help, 80 columns wide.
  { line: 'docker run --help' },
  { line: 'docker ps --help' },
  { line: 'docker exec --help' },
  { line: 'docker logs --help' },

  // Parse errors.
  { line: 'docker run' },
  { line: 'docker exec fid-web' },
  { line: 'docker run --bogus busybox' },
  { line: 'docker run --mount type=volume busybox true' },
  { line: 'docker ps --bogus' },
  { line: 'docker logs' },
  { line: 'docker wait' },
  { line: 'docker rm' },
];

/**
 * Lines where the lab is different on purpose: its policy refuses them with one `volume-lab:` line
 * and exit code 125. They are not part of the table (the real CLI would run them) and run in the lab
 * only, after the table.
 */
export const labRefusals: string[] = [
  'docker run --rm --network host busybox true',
  'docker run --rm --privileged busybox true',
  'docker run --rm -v /etc:/host busybox true',
  'docker run --rm -p 80:80 busybox true',
  'docker run --rm --memory 1g busybox true',
];
