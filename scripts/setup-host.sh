#!/usr/bin/env bash
# Prepares a Debian/Ubuntu host for Volume Lab: a running Docker engine, a static busybox for the lab
# image, and Node.js >= 22.12. Safe to run again: each step is skipped when its result is already there.
# Needs root (or sudo) for apt and dockerd.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

say() { printf 'setup: %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The engine and the static busybox the server builds its lab image from when no registry is reachable.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

# Start the engine hardened where we start it: remapped user namespaces so root in a container is an
# unprivileged user on the host, no traffic between containers, and capped logs daemon-wide.
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd"
  $SUDO mkdir -p /var/log
  $SUDO sh -c 'nohup dockerd --userns-remap=default --icc=false --log-opt max-size=1m --log-opt max-file=2 >/var/log/volume-lab-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    say "dockerd did not come up; its log follows"
    tail -n 40 /var/log/volume-lab-dockerd.log >&2 || true
    exit 1
  fi
fi
say "docker engine $(docker version --format '{{.Server.Version}}') is running"

# Node.js 24 from the npm registry's `node` package when the local one is older than 22.12.
node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    process.exit(maj > 22 || (maj === 22 && min >= 12) ? 0 : 1);'
}
if ! node_ok; then
  say "installing Node.js 24 into /usr/local"
  $SUDO npm install -g --prefix /usr/local node@24 >/dev/null
  hash -r
fi
say "node $(node --version)"
