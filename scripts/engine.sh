#!/usr/bin/env bash
# SECURITY-RELEVANT: starts and stops the Docker engines this host runs for the lab, as root. Whoever can
# open an engine's socket (root and the docker group), or holds the client key of its TLS listener, is
# root on this host.
#
# The one launcher for every engine here: the primary (/var/run/docker.sock), engine 2 for the
# engine-pool tests, and any experiment (bench/engine.ts). Every engine gets the same hardening:
# remapped user namespaces (root in a container is an unprivileged user on the host), no traffic
# between containers, container logs capped daemon-wide, overlay2 by name (on btrfs dockerd would pick
# its btrfs driver, which turns quotas off for the whole store whenever a daemon stops), and its data
# on the btrfs store (scripts/engine-store.sh).
#
# Usage: engine.sh COMMAND NAME [VERSION [RUNTIME]]
#   start    starts NAME unless it runs: VERSION (20.10, 26.1) and RUNTIME (runc, crun) default to what
#            NAME ran last, else the host's own dockerd with runc
#   ensure   makes NAME run VERSION with RUNTIME: starts it, or, when it runs another version or
#            runtime, stops it and starts the new one on the same data root (containers stop, images and
#            volumes stay). This is how `npm run setup` moves a host to another engine.
#   stop     stops it: containers are stopped, volumes stay
#   restart  stops and starts it for real (what an engine restart does to sessions)
#   status   says whether it runs and what; exit status 0 when it answers, 3 when it does not
#   args     prints the dockerd flags for NAME, VERSION and RUNTIME, one a line (deploy-files test)
#
# NAME decides where everything lives:
#   primary  unix:///var/run/docker.sock, data root $STORE/engine, in the host's network namespace,
#            dockerd's own defaults for exec root, pidfile and daemon.json (what Debian's engine uses)
#   engine2  unix:///run/volume-lab-engine2.sock and tcp://127.0.0.1:2376 with TLS and client
#            certificates (DOCKER_CERT_PATH=/etc/volume-lab/engine2-tls/client)
#   other    unix:///run/volume-lab-NAME.sock (experiments; LAB_ENGINE_TCP=127.0.0.1:PORT adds TLS)
# Every engine but the primary has, under its NAME, its own data root ($STORE/NAME), exec root, pidfile,
# log, daemon config file (so /etc/docker/daemon.json, the primary's, is never read), containerd
# namespace, and network namespace. The network namespace is what lets several engines share a host:
# - dockerd 20.10 flushes and rebuilds the shared DOCKER* iptables chains when it starts, which would
#   silently drop another engine's rules; `--iptables=false` is refused together with `--icc=false`.
# - A dockerd started with `--bridge none` deletes the host's docker0, which another engine may use.
#   In a namespace of its own each engine keeps the same flags, its own iptables and its own docker0,
#   like a separate host. Learner containers run with `--network none` anyway; the namespace has no
#   route out, so pulls fail and the lab builds its images offline (docs/images.md).
# A TCP listener must still be on the host's loopback: a small Perl launcher binds it in the host's
# namespace and hands it to dockerd by systemd socket activation (`-H fd://`, LISTEN_FDS), which dockerd
# serves with its own TLS; nsenter then moves only the network namespace, not the mounts.
#
# RUNTIME crun is /usr/bin/crun, or scripts/crun-compat.sh in front of it where this host's crun cannot
# run the engine's containers as it is (said when the engine starts; why: in that file).
#
# Each engine runs in a cpuacct cgroup of its own (volume-lab-engine-NAME), so `npm run bench:engine`
# can charge dockerd, containerd, the shims and the runtime, short-lived ones included, to the engine.
#
# Environment: LAB_STORE_DIR (default /var/lib/volume-lab/store), LAB_ENGINES_DIR (default
# /opt/volume-lab-engines, where scripts/engine-install.sh unpacks versions the host's apt lacks),
# LAB_ENGINE_TCP (address:port of a TLS listener for an experiment).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
readonly HERE
readonly STORE_DIR=${LAB_STORE_DIR:-/var/lib/volume-lab/store}
readonly ENGINES_DIR=${LAB_ENGINES_DIR:-/opt/volume-lab-engines}
readonly STATE_DIR=/etc/volume-lab/engines
# Seconds to wait for the API after launching, and for a clean shutdown. dockerd gives each running
# container 10 s to stop (a shell as PID 1 ignores SIGTERM), in parallel.
readonly START_WAIT=60
readonly STOP_WAIT=60

COMMAND=${1:-}
NAME=${2:-}

say() { printf '%s: %s\n' "${NAME:-engine}" "$*"; }
die() {
  printf '%s: %s\n' "${NAME:-engine}" "$*" >&2
  exit 1
}

usage() {
  echo "usage: $0 {start|ensure|stop|restart|status|args} NAME [VERSION [RUNTIME]]" >&2
  exit 2
}

[[ "$NAME" =~ ^[a-z0-9][a-z0-9-]{0,19}$ ]] || usage

# Where this engine lives; see the header.
if [ "$NAME" = primary ]; then
  SOCK=/var/run/docker.sock
  DATA_ROOT=$STORE_DIR/engine
  EXEC_ROOT=/var/run/docker
  PIDFILE=/var/run/docker.pid
  LOG=/var/log/volume-lab-dockerd.log
  NETNS=
  TCP=
else
  SOCK=/run/volume-lab-$NAME.sock
  DATA_ROOT=$STORE_DIR/$NAME
  EXEC_ROOT=/run/volume-lab-$NAME
  PIDFILE=/run/volume-lab-$NAME.pid
  LOG=/var/log/volume-lab-$NAME.log
  NETNS=volume-lab-$NAME
  if [ "$NAME" = engine2 ]; then TCP=${LAB_ENGINE_TCP:-127.0.0.1:2376}; else TCP=${LAB_ENGINE_TCP:-}; fi
fi
readonly CONFIG_FILE=/etc/volume-lab/$NAME-daemon.json
readonly TLS_DIR=/etc/volume-lab/$NAME-tls
readonly LOCK=/run/volume-lab-$NAME.lock
readonly STATE_FILE=$STATE_DIR/$NAME.env
readonly CGROUP_NAME=volume-lab-engine-$NAME

# The CLI must talk to this engine whatever the caller's environment points it at.
engine_cli() { env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH docker -H "unix://$SOCK" "$@"; }

# "20.10" for Docker 20.10.24+dfsg1; nothing when the binary is missing.
binary_version() { "$1" --version 2>/dev/null | sed -n 's/^Docker version \([0-9]*\.[0-9]*\)\..*/\1/p'; }

# The directory holding dockerd VERSION and the containerd it goes with: the host's own packages, or
# what scripts/engine-install.sh unpacked.
engine_bin_dir() {
  local version=$1
  if [ "$(binary_version /usr/sbin/dockerd)" = "$version" ]; then
    echo /usr/sbin
  elif [ "$(binary_version "$ENGINES_DIR/docker-$version/bin/dockerd")" = "$version" ]; then
    echo "$ENGINES_DIR/docker-$version/bin"
  else
    die "Engine $version is not installed here (npm run setup installs 20.10 and 26.1 on Debian 12)"
  fi
}

# The pid of our dockerd, or nothing: a stale pidfile may name a pid reused by another program.
daemon_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 0
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then echo "$pid"; fi
}

api_up() { engine_cli version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# "26.1 crun": what the running engine is, asked of its API.
running_flavour() {
  local version runtime
  version=$(engine_cli version --format '{{.Server.Version}}' 2>/dev/null) || return 1
  runtime=$(engine_cli info --format '{{.DefaultRuntime}}' 2>/dev/null) || return 1
  echo "$(sed -n 's/^\([0-9]*\.[0-9]*\)\..*/\1/p' <<<"$version") $runtime"
}

# "Engine 26.1 with crun", for messages.
running_text() {
  local flavour
  flavour=$(running_flavour) || flavour='? ?'
  echo "Engine ${flavour% *} with ${flavour#* }"
}

wait_up() {
  local pid=$1 deadline=$((SECONDS + START_WAIT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if api_up; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "dockerd did not come up; its log since this start follows" >&2
  # Only this attempt's lines: everything after the last start marker, at most 30 of them.
  awk '/^==== .* engine start ====$/ { n = 0; next } { lines[++n] = $0 } END { for (i = (n > 30 ? n - 29 : 1); i <= n; i++) print lines[i] }' "$LOG" >&2 || true
  return 1
}

# Issues a key and certificate signed by our CA. $1 file stem, $2 subject CN, $3 extensions.
issue_cert() {
  local stem=$1 cn=$2 ext=$3 work
  work=$(mktemp -d)
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$cn" \
    -keyout "$work/key.pem" -out "$work/req.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$work/ext.cnf"
  openssl x509 -req -in "$work/req.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca-key.pem" \
    -CAcreateserial -CAserial "$TLS_DIR/ca.srl" -days 825 -sha256 -extfile "$work/ext.cnf" \
    -out "$work/cert.pem" 2>/dev/null
  install -m 0600 "$work/key.pem" "$stem-key.pem"
  install -m 0644 "$work/cert.pem" "$stem-cert.pem"
  rm -rf "$work"
}

# True when the certificate $1 exists and is valid for at least another week.
cert_fresh() { [ -f "$1" ] && openssl x509 -checkend 604800 -noout -in "$1" >/dev/null 2>&1; }

# The CA, server and client material, created on first start and renewed before it expires. The CA key
# stays root-only next to the server's; the client dir is what DOCKER_CERT_PATH and LAB_ENGINES use.
ensure_tls() {
  install -d -m 0755 "$TLS_DIR"
  if ! cert_fresh "$TLS_DIR/ca.pem" || [ ! -f "$TLS_DIR/ca-key.pem" ]; then
    say "creating a TLS CA in $TLS_DIR"
    (
      umask 077
      openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -sha256 \
        -subj "/CN=volume-lab $NAME CA" -keyout "$TLS_DIR/ca-key.pem" -out "$TLS_DIR/ca.pem" \
        -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    )
    chmod 0644 "$TLS_DIR/ca.pem"
    rm -f "$TLS_DIR/server-cert.pem" "$TLS_DIR/client/cert.pem"
  fi
  if ! cert_fresh "$TLS_DIR/server-cert.pem" || [ ! -f "$TLS_DIR/server-key.pem" ]; then
    say "issuing the server certificate (127.0.0.1, ::1, localhost)"
    issue_cert "$TLS_DIR/server" "volume-lab $NAME" \
      "$(printf '%s\n' 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost' \
        'keyUsage=critical,digitalSignature' 'extendedKeyUsage=serverAuth')"
  fi
  if ! cert_fresh "$TLS_DIR/client/cert.pem" || [ ! -f "$TLS_DIR/client/key.pem" ]; then
    say "issuing the client certificate into $TLS_DIR/client"
    install -d -m 0750 "$TLS_DIR/client"
    issue_cert "$TLS_DIR/client/client" 'volume-lab client' \
      "$(printf '%s\n' 'keyUsage=critical,digitalSignature' 'extendedKeyUsage=clientAuth')"
    mv "$TLS_DIR/client/client-cert.pem" "$TLS_DIR/client/cert.pem"
    mv "$TLS_DIR/client/client-key.pem" "$TLS_DIR/client/key.pem"
    install -m 0644 "$TLS_DIR/ca.pem" "$TLS_DIR/client/ca.pem"
    # Whoever may use the engine's unix socket (root and the docker group) may use its TCP API too.
    if getent group docker >/dev/null; then
      chgrp docker "$TLS_DIR/client" "$TLS_DIR/client/key.pem"
      chmod 0640 "$TLS_DIR/client/key.pem"
    fi
  fi
}

# The engine's own daemon.json. Before 23.0 dockerd derives its engine ID from /etc/docker/key.json,
# which two daemons would share (`docker info` would show one ID for both); later versions keep the ID
# in the data root and no longer know the key.
write_daemon_config() {
  local major=${1%%.*}
  install -d -m 0755 "$(dirname "$CONFIG_FILE")"
  if [ "$major" -lt 23 ]; then
    printf '{ "deprecated-key-path": "%s" }\n' "/etc/volume-lab/$NAME-key.json" >"$CONFIG_FILE"
  else
    echo '{}' >"$CONFIG_FILE"
  fi
}

ensure_netns() {
  if [ ! -e "/run/netns/$NETNS" ]; then ip netns add "$NETNS"; fi
  # dockerd's API is on the host (unix socket, or the TCP listener by socket activation), but containerd
  # and the bridge driver expect a loopback in their namespace too.
  ip -n "$NETNS" link set lo up
}

# dockerd's flags, one a line. $1 version, $2 runtime.
dockerd_args() {
  local version=$1 runtime=$2
  if [ "$NAME" != primary ]; then
    echo "--host=unix://$SOCK"
    if [ -n "$TCP" ]; then
      echo --host=fd://
      echo --tlsverify
      echo "--tlscacert=$TLS_DIR/ca.pem"
      echo "--tlscert=$TLS_DIR/server-cert.pem"
      echo "--tlskey=$TLS_DIR/server-key.pem"
    fi
    echo "--config-file=$CONFIG_FILE"
    echo "--exec-root=$EXEC_ROOT"
    echo "--pidfile=$PIDFILE"
    echo "--containerd-namespace=volume-lab-$NAME"
    echo "--containerd-plugins-namespace=volume-lab-$NAME-plugins"
  fi
  echo "--data-root=$DATA_ROOT"
  # The hardening every engine shares (docs/sandbox-policy.md, deploy/volume-lab-engine.service).
  echo --storage-driver=overlay2
  echo --userns-remap=default
  echo --icc=false
  echo --log-opt=max-size=1m
  echo --log-opt=max-file=2
  if [ "$runtime" = crun ]; then
    echo "--add-runtime=crun=$(crun_binary "$version")"
    echo --default-runtime=crun
  fi
}

# Why this host's crun cannot run Engine $1's containers as it is, or nothing (scripts/crun-compat.sh).
crun_compat_reason() {
  local major=${1%%.*} crun_version
  crun_version=$(/usr/bin/crun --version 2>/dev/null | sed -n 's/^crun version \([0-9.]*\).*/\1/p')
  if [ "$major" -ge 26 ] && [ -n "$crun_version" ] &&
    [ "$(printf '%s\n' "$crun_version" 1.14.3 | sort -V | head -n 1)" != 1.14.3 ]; then
    echo "crun $crun_version refuses Engine $1's OCI spec 1.2 bundles"
  elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
    [ -n "$(tr -d ' \n' </sys/fs/cgroup/unified/cgroup.controllers)" ]; then
    echo "crun refuses hybrid cgroups whose v2 hierarchy offers a controller"
  fi
}

crun_binary() {
  if [ -n "$(crun_compat_reason "$1")" ]; then echo "$ENGINES_DIR/crun-compat"; else echo /usr/bin/crun; fi
}

# Binds the TCP listener in the host's network namespace and execs the rest of the command line with it
# as fd 3 (LISTEN_FDS=1, LISTEN_PID = this pid, which exec keeps). Every other inherited descriptor
# beyond stdio is closed so the daemon never holds a caller's pipe open.
# shellcheck disable=SC2016 # Perl source, expanded by Perl
readonly TCP_LAUNCHER='
use strict; use warnings; use Socket; use POSIX ();
my ($host, $port, @cmd) = @ARGV;
opendir(my $dir, "/proc/self/fd") or die "engine launcher: /proc/self/fd: $!\n";
my @fds = grep { /^\d+$/ && $_ > 2 } readdir($dir);
closedir($dir);
POSIX::close($_) for @fds;
$^F = 1023; # descriptors Perl opens from here on stay open across exec
socket(my $listener, PF_INET, SOCK_STREAM, 0) or die "engine launcher: socket: $!\n";
setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, 1) or die "engine launcher: setsockopt: $!\n";
bind($listener, pack_sockaddr_in($port, inet_aton($host)))
  or die "engine launcher: cannot listen on $host:$port: $!\n";
listen($listener, SOMAXCONN) or die "engine launcher: listen: $!\n";
if (fileno($listener) != 3) { POSIX::dup2(fileno($listener), 3) // die "engine launcher: dup2: $!\n"; }
$ENV{LISTEN_FDS} = 1; $ENV{LISTEN_PID} = $$; $ENV{LISTEN_FDNAMES} = "engine-tcp";
exec { $cmd[0] } @cmd or die "engine launcher: exec $cmd[0]: $!\n";
'

# The cgroup.procs file of this engine's own accounting cgroup (cgroup v1 cpuacct, or v2), or nothing.
accounting_cgroup() {
  local dir
  if [ -d /sys/fs/cgroup/cpuacct ]; then
    dir=/sys/fs/cgroup/cpuacct/$CGROUP_NAME
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/$CGROUP_NAME
  else
    return 0
  fi
  if mkdir -p "$dir" 2>/dev/null; then echo "$dir/cgroup.procs"; fi
}

# The recorded "VERSION RUNTIME" NAME last ran, or the host's own dockerd with runc.
recorded_flavour() {
  local VERSION='' RUNTIME=''
  # shellcheck disable=SC1090 # written by record_flavour below
  if [ -f "$STATE_FILE" ]; then . "$STATE_FILE"; fi
  echo "${VERSION:-$(binary_version /usr/sbin/dockerd)} ${RUNTIME:-runc}"
}

record_flavour() {
  install -d -m 0755 "$STATE_DIR"
  printf 'VERSION=%s\nRUNTIME=%s\n' "$1" "$2" >"$STATE_FILE"
}

do_start() {
  local version=$1 runtime=$2 pid bin_dir
  pid=$(daemon_pid)
  if [ -n "$pid" ]; then
    # Launched but perhaps not answering yet, e.g. a start that was interrupted while waiting.
    api_up || wait_up "$pid" || die "dockerd (pid $pid) runs but does not answer on $SOCK"
    say "already running (pid $pid, $(running_text))"
    return 0
  fi
  # A dockerd on the primary's socket that is not ours (Debian's docker.service, Docker Desktop): leave it.
  if [ "$NAME" = primary ] && api_up; then
    say "a Docker engine not started by this script serves $SOCK; leaving it alone"
    return 0
  fi
  bin_dir=$(engine_bin_dir "$version")
  if [ "$runtime" = crun ]; then
    [ -x "$(crun_binary "$version")" ] || die "crun is not installed (npm run setup installs it)"
    local why
    why=$(crun_compat_reason "$version")
    if [ -n "$why" ]; then say "$why: crun runs through $ENGINES_DIR/crun-compat"; fi
  fi
  if [ -n "$NETNS" ]; then
    command -v nsenter >/dev/null 2>&1 || die "nsenter is missing (apt-get install util-linux)"
    command -v ip >/dev/null 2>&1 || die "ip is missing (apt-get install iproute2)"
  fi
  bash "$HERE/engine-store.sh" ensure >/dev/null
  local launch=()
  if [ -n "$TCP" ]; then
    ensure_tls
    launch+=(perl -e "$TCP_LAUNCHER" "${TCP%:*}" "${TCP##*:}")
  fi
  if [ -n "$NETNS" ]; then
    ensure_netns
    launch+=(nsenter --net="/run/netns/$NETNS" --)
  fi
  if [ "$NAME" != primary ]; then write_daemon_config "$version"; fi
  local args
  mapfile -t args < <(dockerd_args "$version" "$runtime")
  # dockerd starts the containerd (and the shims, docker-init, docker-proxy) it finds first on its PATH.
  launch+=(env "PATH=$bin_dir:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$bin_dir/dockerd" "${args[@]}")
  # The daemon's own log keeps one previous generation; container logs are capped by --log-opt.
  if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 5000000 ]; then mv -f "$LOG" "$LOG.1"; fi
  printf '\n==== %s %s engine start ====\n' "$(date -u +%FT%TZ)" "$NAME" >>"$LOG"
  local procs
  procs=$(accounting_cgroup)
  # setsid: the daemon outlives the shell or test run that started it; -w keeps $! alive as long as the
  # daemon even where setsid has to fork. 9>&-: a waiting setsid must not hold the lock for the daemon's
  # life. The subshell joins the accounting cgroup first, so everything the engine forks is charged there.
  (
    if [ -n "$procs" ]; then echo "$BASHPID" >"$procs" 2>/dev/null || true; fi
    exec setsid -w "${launch[@]}"
  ) </dev/null >>"$LOG" 2>&1 9>&- &
  local launched=$!
  wait_up "$launched" || die "the engine failed to start"
  record_flavour "$version" "$runtime"
  local where="unix://$SOCK"
  if [ -n "$TCP" ]; then where+=" and tcp://$TCP (TLS, client certs in $TLS_DIR/client)"; fi
  say "running (pid $(daemon_pid), $(running_text)): $where"
}

do_stop() {
  local pid containerd_pid deadline
  pid=$(daemon_pid)
  if [ -z "$pid" ]; then
    if [ "$NAME" = primary ] && api_up; then die "the engine on $SOCK was not started by this script; stop it the way it was started"; fi
    say "not running"
  else
    # Read before dockerd exits: its managed containerd is what must go too if we have to force it.
    containerd_pid=$(cat "$EXEC_ROOT/containerd/containerd.pid" 2>/dev/null || true)
    kill -TERM "$pid"
    deadline=$((SECONDS + STOP_WAIT))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "dockerd (pid $pid) did not stop within ${STOP_WAIT}s; killing it and its containerd" >&2
      kill -KILL "$pid" 2>/dev/null || true
      if [[ "$containerd_pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$containerd_pid/comm" 2>/dev/null)" = containerd ]; then
        kill -KILL "$containerd_pid" 2>/dev/null || true
      fi
    fi
    say "stopped"
  fi
  if [ -n "$NETNS" ] && [ -e "/run/netns/$NETNS" ]; then ip netns del "$NETNS" 2>/dev/null || true; fi
  # Its accounting cgroup goes once empty; a container still shutting down keeps it for the next start.
  rmdir "/sys/fs/cgroup/cpuacct/$CGROUP_NAME" "/sys/fs/cgroup/$CGROUP_NAME" 2>/dev/null || true
}

do_ensure() {
  local version=$1 runtime=$2 current
  if [ -n "$(daemon_pid)" ] && current=$(running_flavour) && [ "$current" != "$version $runtime" ]; then
    say "runs Engine ${current% *} with ${current#* }; switching to Engine $version with $runtime (containers stop, volumes stay)"
    # Checked before stopping: a host without the new engine keeps the one it has.
    engine_bin_dir "$version" >/dev/null
    do_stop
  fi
  do_start "$version" "$runtime"
}

do_status() {
  local pid
  pid=$(daemon_pid)
  if [ -n "$pid" ] && api_up; then
    say "running (pid $pid, $(running_text)): unix://$SOCK${TCP:+ and tcp://$TCP (TLS)}"
    return 0
  fi
  if [ -n "$pid" ]; then say "dockerd runs (pid $pid) but does not answer on $SOCK"; else say "not running"; fi
  return 3
}

as_root() {
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "must run as root"
    exec sudo -- bash "$0" "$@"
  fi
  # One start or stop of an engine at a time: parallel test setups may all call start.
  exec 9>"$LOCK"
  flock 9
}

# VERSION and RUNTIME from the command line, else what the engine ran last.
read -r DEFAULT_VERSION DEFAULT_RUNTIME < <(recorded_flavour)
VERSION=${3:-$DEFAULT_VERSION}
RUNTIME=${4:-$DEFAULT_RUNTIME}
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+$ ]] || die "a version is MAJOR.MINOR, like 20.10 or 26.1; got '$VERSION'"
[[ "$RUNTIME" =~ ^(runc|crun)$ ]] || die "the runtime is runc or crun; got '$RUNTIME'"

case "$COMMAND" in
  start)
    as_root "$@"
    do_start "$VERSION" "$RUNTIME"
    ;;
  ensure)
    [ $# -eq 4 ] || usage
    as_root "$@"
    do_ensure "$VERSION" "$RUNTIME"
    ;;
  stop)
    as_root "$@"
    do_stop
    ;;
  restart)
    as_root "$@"
    do_stop
    do_start "$VERSION" "$RUNTIME"
    ;;
  status) do_status ;;
  args)
    [ $# -eq 4 ] || usage
    dockerd_args "$VERSION" "$RUNTIME"
    ;;
  *) usage ;;
esac
