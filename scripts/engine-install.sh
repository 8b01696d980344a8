#!/usr/bin/env bash
# Installs the Docker engine versions and container runtimes this host's engines may run
# (scripts/engine.sh picks among them):
#   - crun from the host's own apt (Debian 12 ships 1.8.1), beside Debian's runc, and the wrapper
#     scripts/crun-compat.sh as $ENGINES_DIR/crun-compat (where and why: in that file);
#   - Debian 13's docker.io (Engine 26.1, API 1.45) with Debian 13's containerd 1.7, unpacked into
#     $ENGINES_DIR/docker-26.1 when the host's own dockerd is another version. The host's installed
#     packages are never replaced: apt reads a Debian 13 source list from a private state directory
#     ($APT_DIR), never the host's sources or its dpkg database, and only downloads; dpkg -x unpacks.
#
# Why containerd 1.7 too: Engine 26.1 is built and tested against containerd 1.7 (Debian 13 pairs them)
# and it runs here; Debian 13's runc 1.1.15 needs glibc 2.38 and does not, so both engines use Debian
# 12's runc 1.1.5 (or crun). Debian 13's crun 1.21 does not install here either.
#
# Usage: engine-install.sh [ensure|status]
#   ensure  installs what is missing; a no-op (no apt call at all) when everything is there
#   status  lists the engine versions and runtimes this host has; exit 3 when one is missing
#
# Environment: LAB_ENGINES_DIR (default /opt/volume-lab-engines; not /opt/volume-lab, where
# docs/deploy.md puts the lab's own checkout), LAB_ENGINES_APT_DIR (default /var/cache/volume-lab/apt-trixie).
set -euo pipefail

readonly ENGINES_DIR=${LAB_ENGINES_DIR:-/opt/volume-lab-engines}
readonly APT_DIR=${LAB_ENGINES_APT_DIR:-/var/cache/volume-lab/apt-trixie}
readonly SUITE=trixie
readonly SUITE_VERSION=26.1
readonly TARGET=$ENGINES_DIR/docker-$SUITE_VERSION
# What the engine needs of the two packages; the rest (docs, the v1 shims, ctr) is left out.
readonly KEEP=(usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/containerd usr/bin/containerd-shim-runc-v2)

say() { printf 'engines: %s\n' "$*"; }
die() {
  printf 'engines: %s\n' "$*" >&2
  exit 1
}

# "20.10" for Docker 20.10.24+dfsg1, nothing when the binary is missing or says something else.
engine_version() {
  "$1" --version 2>/dev/null | sed -n 's/^Docker version \([0-9]*\.[0-9]*\)\..*/\1/p'
}

apt_private() {
  apt-get -o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts="$APT_DIR/sources.list.d" \
    -o Dir::Etc::Preferences="$APT_DIR/preferences" -o Dir::Etc::PreferencesParts="$APT_DIR/preferences.d" \
    -o Dir::State="$APT_DIR/state" -o Dir::State::status="$APT_DIR/state/status" -o Dir::Cache="$APT_DIR/cache" \
    -o APT::Sandbox::User=root -qq "$@"
}

# crun, and the wrapper scripts/engine.sh puts in front of it where this crun cannot run as it is.
ensure_crun() {
  if [ ! -x /usr/bin/crun ]; then
    say "installing crun"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends crun >/dev/null
  fi
  if ! cmp -s "$(dirname "$0")/crun-compat.sh" "$ENGINES_DIR/crun-compat"; then
    install -D -m 0755 "$(dirname "$0")/crun-compat.sh" "$ENGINES_DIR/crun-compat"
  fi
}

# Debian 13's docker.io and containerd, downloaded through a private apt and unpacked without dpkg -i.
ensure_trixie_engine() {
  if [ "$(engine_version /usr/sbin/dockerd)" = "$SUITE_VERSION" ]; then return 0; fi
  if [ "$(engine_version "$TARGET/bin/dockerd")" = "$SUITE_VERSION" ]; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "Engine $SUITE_VERSION needs apt (Debian or Ubuntu); install Docker $SUITE_VERSION yourself"
  [ -s /usr/share/keyrings/debian-archive-keyring.gpg ] || die "debian-archive-keyring is missing (apt-get install debian-archive-keyring)"
  say "fetching Engine $SUITE_VERSION and containerd 1.7 from Debian 13 into $TARGET"
  install -d -m 0755 "$APT_DIR/sources.list.d" "$APT_DIR/preferences.d" "$APT_DIR/state/lists/partial" \
    "$APT_DIR/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" \
    >"$APT_DIR/sources.list"
  # An empty dpkg database: apt resolves nothing against the host's installed packages.
  : >"$APT_DIR/state/status"
  apt_private update
  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" RETURN
  (cd "$work" && apt_private download docker.io containerd)
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  # Built beside the target and swapped in whole, so an interrupted run never leaves half an engine.
  rm -rf "$TARGET.new"
  install -d -m 0755 "$TARGET.new/bin"
  for file in "${KEEP[@]}"; do install -m 0755 "$work/root/$file" "$TARGET.new/bin/"; done
  # The package's docker-init is a relative link to tini-static, which is the host's (tini).
  ln -s /usr/bin/tini-static "$TARGET.new/bin/docker-init"
  dpkg-deb -f "$work/docker.io_"*.deb Version >"$TARGET.new/docker.io.version"
  dpkg-deb -f "$work/containerd_"*.deb Version >"$TARGET.new/containerd.version"
  [ "$(engine_version "$TARGET.new/bin/dockerd")" = "$SUITE_VERSION" ] ||
    die "the unpacked dockerd does not run here: $("$TARGET.new/bin/dockerd" --version 2>&1 | head -n 1)"
  rm -rf "$TARGET"
  mv "$TARGET.new" "$TARGET"
  # The package lists are only needed to download; the next fetch updates them anyway.
  rm -rf "$APT_DIR/state/lists"
  say "Engine $(cat "$TARGET/docker.io.version") with containerd $(cat "$TARGET/containerd.version") in $TARGET ($(du -sh "$TARGET" | cut -f1))"
}

do_status() {
  local missing=0 version
  for dockerd in /usr/sbin/dockerd "$TARGET/bin/dockerd"; do
    version=$(engine_version "$dockerd")
    if [ -n "$version" ]; then say "Engine $version: $dockerd"; fi
  done
  if [ "$(engine_version /usr/sbin/dockerd)" != "$SUITE_VERSION" ] && [ "$(engine_version "$TARGET/bin/dockerd")" != "$SUITE_VERSION" ]; then
    say "Engine $SUITE_VERSION: missing"
    missing=1
  fi
  for runtime in /usr/sbin/runc /usr/bin/crun; do
    if [ -x "$runtime" ]; then say "$("$runtime" --version | head -n 1): $runtime"; else
      say "$runtime: missing"
      missing=1
    fi
  done
  return $((missing * 3))
}

case "${1:-ensure}" in
  ensure)
    [ "$(id -u)" -eq 0 ] || die "must run as root"
    ensure_crun
    ensure_trixie_engine
    ;;
  status) do_status ;;
  *)
    echo "usage: $0 [ensure|status]" >&2
    exit 2
    ;;
esac
