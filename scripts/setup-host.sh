#!/usr/bin/env bash
# Prepares a Debian/Ubuntu host for Volume Lab: a running Docker engine, a static busybox for the lab
# image, Node.js >= 22.12 and the npm dependencies. Safe to run again: each step is skipped when its
# result is already there.
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

have_apt() { command -v apt-get >/dev/null 2>&1; }

# The static busybox the server builds its lab image from when no registry is reachable.
if [ ! -x /bin/busybox ] && [ ! -x /usr/bin/busybox ] && have_apt; then
  say "installing busybox-static"
  apt_install busybox-static
fi

# Debian's Chromium for the browser tests (playwright-core drives it; no browser is ever downloaded).
if [ ! -x /usr/bin/chromium ] && have_apt; then
  say "installing chromium (browser tests)"
  apt_install chromium
fi

# btrfs-progs for the engines' store (quota groups hold each session to its data quota), caddy for the
# HTTPS deployment test (docs/deploy.md).
for tool in btrfs:btrfs-progs caddy:caddy; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1 && have_apt; then
    say "installing ${tool##*:}"
    apt_install "${tool##*:}"
  fi
done

# Every learner container runs as the engines' remapped user (uid 100000 on the primary) and gets a
# session keyring of its own. The kernel's default quota, 200 keys and 20000 bytes per user, stops the
# 200th running container with "unable to create session key: disk quota exceeded"; a room of 100
# keeps up to ~165 running. Raised for rooms of 1000 and more, and kept across reboots.
KEYS_CONF=/etc/sysctl.d/60-volume-lab-keys.conf
if [ "$(cat /proc/sys/kernel/keys/maxkeys)" -lt 20000 ] || [ "$(cat /proc/sys/kernel/keys/maxbytes)" -lt 2000000 ]; then
  say "raising the kernel's key quota per user to 20000 keys, 2000000 bytes ($KEYS_CONF)"
  printf 'kernel.keys.maxkeys = 20000\nkernel.keys.maxbytes = 2000000\n' | $SUDO tee "$KEYS_CONF" >/dev/null
  $SUDO sysctl -q -p "$KEYS_CONF"
fi

# The engines keep their data on a btrfs filesystem of their own, never on the host's root filesystem.
$SUDO bash "$(dirname "$0")/engine-store.sh" ensure
STORE_DIR=${LAB_STORE_DIR:-/var/lib/volume-lab/store}

# The engines: scripts/engines.conf names the version and runtime of the primary engine and of engine 2
# (the engine-pool tests' second engine), chosen from `npm run bench:engine`; scripts/engine.sh starts
# each hardened, with its data on the store, or moves one that runs something else to what the file
# names (containers stop, images and volumes stay). LAB_PRIMARY_ENGINE / LAB_SECOND_ENGINE override it.
if ! command -v dockerd >/dev/null 2>&1; then
  if have_apt; then
    say "installing docker.io"
    apt_install docker.io
  elif docker info >/dev/null 2>&1; then
    say "using the Docker engine DOCKER_HOST names ($(docker version --format '{{.Server.Version}}')); setup starts no engine of its own here"
  else
    say "no Docker engine is reachable and this is not a Debian/Ubuntu host: start Docker (or set DOCKER_HOST) and run this again"
    exit 1
  fi
fi
if command -v dockerd >/dev/null 2>&1; then
  # Engine 2 lives in a network namespace of its own (ip, nsenter) and serves TLS made by openssl.
  for tool in ip:iproute2 openssl:openssl nsenter:util-linux; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1 && have_apt; then apt_install "${tool##*:}"; fi
  done
  # The other engine version and crun, unpacked beside the host's packages (never replacing them).
  if have_apt; then $SUDO bash "$(dirname "$0")/engine-install.sh" ensure; fi
  # shellcheck source=scripts/engines.conf
  . "$(dirname "$0")/engines.conf"
  host_version=$(dockerd --version | sed -n 's/^Docker version \([0-9]*\.[0-9]*\)\..*/\1/p')
  # VERSION/RUNTIME as asked when that version is here, else the host's own dockerd with that runtime.
  available() {
    if [ "${1%/*}" = "$host_version" ] || [ -x "${LAB_ENGINES_DIR:-/opt/volume-lab-engines}/docker-${1%/*}/bin/dockerd" ]; then
      echo "$1"
    else
      say "Engine ${1%/*} is not available on this host; using its own Engine $host_version" >&2
      echo "$host_version/${1#*/}"
    fi
  }
  primary=$(available "${LAB_PRIMARY_ENGINE:-$PRIMARY_ENGINE}")
  second=$(available "${LAB_SECOND_ENGINE:-$SECOND_ENGINE}")
  $SUDO bash "$(dirname "$0")/engine.sh" ensure primary "${primary%/*}" "${primary#*/}"
  $SUDO bash "$(dirname "$0")/engine.sh" ensure engine2 "${second%/*}" "${second#*/}"
  if [ "$(docker -H unix:///var/run/docker.sock info --format '{{.DockerRootDir}}')" != "$STORE_DIR/engine/100000.100000" ]; then
    say "warning: the engine on /var/run/docker.sock was not started by setup and keeps its data outside the btrfs store, so the lab cannot enforce data quotas on it; stop it and run setup again"
  fi
fi

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

# The project's own dependencies, from the lock file.
cd "$(dirname "$0")/.."
say "installing npm dependencies"
npm install --no-audit --no-fund --loglevel=error

# The lab's images (LAB_IMAGES; by default busybox, debian, nginx and redis) on every engine setup
# runs, so npm start finds them present. Where no registry answers, debian, nginx and redis are built
# from Debian packages through this host's apt sources with mmdebstrap (as root), once: the root
# filesystems are kept in .volume-lab/images and a second engine only imports them (docs/images.md).
if ! command -v mmdebstrap >/dev/null 2>&1 && have_apt; then
  say "installing mmdebstrap (builds the lab's images from Debian packages)"
  apt_install mmdebstrap
fi
image_engines="local=${DOCKER_HOST:-unix:///var/run/docker.sock}"
if [ -S /run/volume-lab-engine2.sock ]; then image_engines="$image_engines,engine2=unix:///run/volume-lab-engine2.sock"; fi
# Made by this user, so the lab's own state beside the cache stays writable when npm start runs as it.
mkdir -p .volume-lab/images
say "providing the lab's images"
$SUDO env "PATH=$PATH" "LAB_ENGINES=$image_engines" ${LAB_IMAGES:+"LAB_IMAGES=$LAB_IMAGES"} \
  ${LAB_IMAGE:+"LAB_IMAGE=$LAB_IMAGE"} ${LAB_IMAGE_CACHE:+"LAB_IMAGE_CACHE=$LAB_IMAGE_CACHE"} \
  node scripts/provide-images.ts
say "ready: npm start opens the lab, npm test runs the suite"
