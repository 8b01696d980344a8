#!/usr/bin/env bash
# SECURITY-RELEVANT: runs a second Docker engine as root and mints the TLS certificates that guard its
# TCP API. Anyone holding the client key in $TLS_DIR/client, or able to open the unix socket, is root on
# this host, exactly as with the first engine's socket.
#
# A second, real dockerd on this host for the engine-pool tests ("engine 2"), hardened like the first
# (scripts/setup-host.sh): remapped user namespaces, no inter-container traffic on the default bridge,
# capped container logs. It listens on
#   unix:///run/volume-lab-engine2.sock                           (root and the docker group, like the first)
#   tcp://127.0.0.1:2376 with TLS and client-certificate checks   (DOCKER_CERT_PATH=$TLS_DIR/client)
#
# Usage: second-engine.sh {start|stop|restart|status}
#   start    starts it unless it already runs (and creates the TLS material on first use)
#   stop     stops it the way the first engine stops: containers are stopped, volumes stay
#   restart  stops and starts the daemon for real (what an engine restart does to sessions)
#   status   says whether it runs; exit status 0 when it answers, 3 when it does not
#
# How it coexists with the first engine:
# - It runs in its own network namespace. Both daemons manage iptables, and dockerd 20.10 flushes and
#   rebuilds the shared DOCKER* chains whenever it starts, which would silently drop the first engine's
#   rules. `--iptables=false` would avoid that but dockerd refuses it together with `--icc=false`. In its
#   own namespace it keeps the same flags, its own iptables and its own docker0, like a separate host.
#   Learner containers run with `--network none` anyway (server/policy/run-policy.ts), so they need no
#   reachable network; the namespace has no route out, so pulls fail and ensureLabImage builds the lab
#   image from the host's static busybox, as on an offline host.
# - The TCP port must still be on the host's loopback. A small Perl launcher binds it in the host's
#   namespace and hands it to dockerd by systemd socket activation (`-H fd://`, LISTEN_FDS), which
#   dockerd serves with its own TLS; nsenter then moves only the network namespace, not the mounts.
# - Its own data root (on the btrfs store of scripts/engine-store.sh), exec root and pidfile, its own daemon config file (so /etc/docker/daemon.json,
#   which belongs to the first engine, is never read) and its own containerd: dockerd starts a managed
#   containerd under its exec root. Where a system containerd runs (docker-ce hosts) both daemons share
#   it, so the containerd namespaces differ from the first engine's `moby`.
set -euo pipefail

readonly SOCK=/run/volume-lab-engine2.sock
readonly TCP_HOST=127.0.0.1
readonly TCP_PORT=2376
readonly DATA_ROOT=${LAB_STORE_DIR:-/var/lib/volume-lab/store}/engine2
readonly EXEC_ROOT=/run/volume-lab-engine2
readonly PIDFILE=/run/volume-lab-engine2.pid
readonly LOG=/var/log/volume-lab-engine2.log
readonly CONFIG_FILE=/etc/volume-lab/engine2-daemon.json
readonly TLS_DIR=/etc/volume-lab/engine2-tls
readonly NETNS=volume-lab-engine2
readonly LOCK=/run/volume-lab-engine2.lock
# Seconds to wait for the API after launching, and for a clean shutdown. dockerd gives each running
# container 10 s to stop (a shell as PID 1 ignores SIGTERM), in parallel.
readonly START_WAIT=60
readonly STOP_WAIT=60

say() { printf 'engine2: %s\n' "$*"; }
die() {
  printf 'engine2: %s\n' "$*" >&2
  exit 1
}

# The CLI must talk to engine 2 whatever the caller's environment points it at.
engine2_cli() { env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH docker -H "unix://$SOCK" "$@"; }

# The pid of our dockerd, or nothing: a stale pidfile may name a pid reused by another program.
daemon_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 0
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then echo "$pid"; fi
}

api_up() { engine2_cli version --format '{{.Server.Version}}' >/dev/null 2>&1; }

wait_up() {
  local pid=$1 deadline=$((SECONDS + START_WAIT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if api_up; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "dockerd did not come up; its log since this start follows" >&2
  # Only this attempt's lines: everything after the last start marker, at most 30 of them.
  awk '/^==== .* engine2 start ====$/ { n = 0; next } { lines[++n] = $0 } END { for (i = (n > 30 ? n - 29 : 1); i <= n; i++) print lines[i] }' "$LOG" >&2 || true
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
        -subj '/CN=volume-lab engine2 CA' -keyout "$TLS_DIR/ca-key.pem" -out "$TLS_DIR/ca.pem" \
        -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    )
    chmod 0644 "$TLS_DIR/ca.pem"
    rm -f "$TLS_DIR/server-cert.pem" "$TLS_DIR/client/cert.pem"
  fi
  if ! cert_fresh "$TLS_DIR/server-cert.pem" || [ ! -f "$TLS_DIR/server-key.pem" ]; then
    say "issuing the server certificate (127.0.0.1, ::1, localhost)"
    issue_cert "$TLS_DIR/server" 'volume-lab engine2' \
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

# Engine 2's own daemon.json, so the first engine's /etc/docker/daemon.json is never read. Before 23.0
# dockerd derives its engine ID from /etc/docker/key.json, which both daemons would share: `docker info`
# would show the same ID for both. Later versions keep the ID in the data root and no longer know the key.
write_daemon_config() {
  local major
  major=$(dockerd --version | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
  install -d -m 0755 "$(dirname "$CONFIG_FILE")"
  if [ -n "$major" ] && [ "$major" -lt 23 ]; then
    printf '{ "deprecated-key-path": "%s" }\n' "$(dirname "$CONFIG_FILE")/engine2-key.json" >"$CONFIG_FILE"
  else
    echo '{}' >"$CONFIG_FILE"
  fi
}

ensure_netns() {
  if [ ! -e "/run/netns/$NETNS" ]; then ip netns add "$NETNS"; fi
  # dockerd's own API is on the host's loopback (socket activation), but containerd and the bridge
  # driver expect a loopback in their namespace too.
  ip -n "$NETNS" link set lo up
}

# Binds the TCP listener in the host's network namespace and execs the rest of the command line with it
# as fd 3 (LISTEN_FDS=1, LISTEN_PID = this pid, which exec keeps). Every other inherited descriptor
# beyond stdio is closed so the daemon never holds a caller's pipe open.
# shellcheck disable=SC2016 # Perl source, expanded by Perl
readonly LAUNCHER='
use strict; use warnings; use Socket; use POSIX ();
my ($host, $port, @cmd) = @ARGV;
opendir(my $dir, "/proc/self/fd") or die "engine2 launcher: /proc/self/fd: $!\n";
my @fds = grep { /^\d+$/ && $_ > 2 } readdir($dir);
closedir($dir);
POSIX::close($_) for @fds;
$^F = 1023; # descriptors Perl opens from here on stay open across exec
socket(my $listener, PF_INET, SOCK_STREAM, 0) or die "engine2 launcher: socket: $!\n";
setsockopt($listener, SOL_SOCKET, SO_REUSEADDR, 1) or die "engine2 launcher: setsockopt: $!\n";
bind($listener, pack_sockaddr_in($port, inet_aton($host)))
  or die "engine2 launcher: cannot listen on $host:$port: $!\n";
listen($listener, SOMAXCONN) or die "engine2 launcher: listen: $!\n";
if (fileno($listener) != 3) { POSIX::dup2(fileno($listener), 3) // die "engine2 launcher: dup2: $!\n"; }
$ENV{LISTEN_FDS} = 1; $ENV{LISTEN_PID} = $$; $ENV{LISTEN_FDNAMES} = "engine2-tcp";
exec { $cmd[0] } @cmd or die "engine2 launcher: exec $cmd[0]: $!\n";
'

do_start() {
  local pid
  pid=$(daemon_pid)
  if [ -n "$pid" ]; then
    if api_up; then
      say "already running (pid $pid)"
      return 0
    fi
    # Launched but not answering yet, e.g. a start that was interrupted while waiting.
    wait_up "$pid"
    say "running (pid $pid)"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed (apt-get install docker.io)"
  command -v nsenter >/dev/null 2>&1 || die "nsenter is missing (apt-get install util-linux)"
  command -v ip >/dev/null 2>&1 || die "ip is missing (apt-get install iproute2)"
  # Its data lives on the lab's btrfs store, beside the first engine's, under the same quotas.
  bash "$(dirname "$0")/engine-store.sh" ensure >/dev/null
  ensure_tls
  ensure_netns
  write_daemon_config
  # The daemon's own log keeps one previous generation; container logs are capped by --log-opt.
  if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 5000000 ]; then mv -f "$LOG" "$LOG.1"; fi
  local dockerd_args=(
    --host=fd:// --host="unix://$SOCK"
    --tlsverify --tlscacert="$TLS_DIR/ca.pem" --tlscert="$TLS_DIR/server-cert.pem" --tlskey="$TLS_DIR/server-key.pem"
    --config-file="$CONFIG_FILE" --data-root="$DATA_ROOT" --exec-root="$EXEC_ROOT" --pidfile="$PIDFILE"
    --containerd-namespace=volume-lab-engine2 --containerd-plugins-namespace=volume-lab-engine2-plugins
    --storage-driver=overlay2 --userns-remap=default --icc=false --log-opt max-size=1m --log-opt max-file=2
  )
  printf '\n==== %s engine2 start ====\n' "$(date -u +%FT%TZ)" >>"$LOG"
  # setsid: the daemon outlives the shell or test run that started it; -w keeps $! alive as long as the
  # daemon even where setsid has to fork. 9>&-: a waiting setsid must not hold the lock for the daemon's life.
  setsid -w perl -e "$LAUNCHER" "$TCP_HOST" "$TCP_PORT" \
    nsenter --net="/run/netns/$NETNS" -- dockerd "${dockerd_args[@]}" </dev/null >>"$LOG" 2>&1 9>&- &
  local launched=$!
  wait_up "$launched" || die "engine 2 failed to start"
  say "running (pid $(daemon_pid)): unix://$SOCK and tcp://$TCP_HOST:$TCP_PORT (TLS, client certs in $TLS_DIR/client)"
}

do_stop() {
  local pid containerd_pid deadline
  pid=$(daemon_pid)
  if [ -z "$pid" ]; then
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
  if [ -e "/run/netns/$NETNS" ]; then ip netns del "$NETNS" 2>/dev/null || true; fi
}

do_status() {
  local pid version
  pid=$(daemon_pid)
  if [ -n "$pid" ] && version=$(engine2_cli version --format '{{.Server.Version}}' 2>/dev/null); then
    say "running (pid $pid, engine $version): unix://$SOCK and tcp://$TCP_HOST:$TCP_PORT (TLS, client certs in $TLS_DIR/client)"
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
  # One start or stop at a time: parallel test setups may all call start.
  exec 9>"$LOCK"
  flock 9
}

case "${1:-}" in
  start)
    as_root "$@"
    do_start
    ;;
  stop)
    as_root "$@"
    do_stop
    ;;
  restart)
    as_root "$@"
    do_stop
    do_start
    ;;
  status) do_status ;;
  *)
    echo "usage: $0 {start|stop|restart|status}" >&2
    exit 2
    ;;
esac
