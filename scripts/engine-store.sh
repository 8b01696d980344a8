#!/usr/bin/env bash
# SECURITY-RELEVANT: the filesystem the lab's engines keep their data on. Learners' volumes and
# container layers live here, never on the host's root filesystem, and the lab holds each session to
# its data quota with btrfs (simple) quota groups (server/storage/), which the kernel enforces on every write.
#
# For development and CI the store is a btrfs filesystem in a preallocated file, loop-mounted: it
# takes its full size from the host's disk once, at creation, so nothing a learner writes can move the
# host's free space. In production give the engines a real disk or partition formatted as btrfs and
# mount it at $STORE_DIR (docs/deploy.md); this script then only checks it and turns quotas on.
#
# Usage: engine-store.sh [ensure|status]
#   ensure  creates (first time), mounts and enables quotas; a no-op when all of that is done
#   status  says where the store is and whether quotas are on; exit 3 when it is not ready
#
# Environment: LAB_STORE_DIR (default /var/lib/volume-lab/store), LAB_STORE_FILE (default
# /var/lib/volume-lab/store.btrfs), LAB_STORE_SIZE (default 8G; only read when the file is created).
set -euo pipefail

readonly STORE_DIR=${LAB_STORE_DIR:-/var/lib/volume-lab/store}
readonly STORE_FILE=${LAB_STORE_FILE:-/var/lib/volume-lab/store.btrfs}
readonly STORE_SIZE=${LAB_STORE_SIZE:-8G}

say() { printf 'store: %s\n' "$*"; }
die() {
  printf 'store: %s\n' "$*" >&2
  exit 1
}

is_btrfs() { [ "$(stat -f -c %T "$1" 2>/dev/null)" = btrfs ]; }

# "squota", "qgroup" or "disabled". The lab needs simple quotas: they charge each extent to the
# subvolume that wrote it, so a container's layer (a snapshot of its image) can join its session's
# quota group at once. Full qgroups would need a rescan of the whole filesystem for every container,
# and without one the session's group underflows when the container is removed (verified on 6.18).
quota_mode() {
  local uuid
  uuid=$(findmnt -no UUID --target "$1" 2>/dev/null) || true
  cat "/sys/fs/btrfs/$uuid/qgroups/mode" 2>/dev/null || echo disabled
}

# btrfs-progs before 6.7 cannot turn simple quotas on, so ask the kernel directly (Linux >= 6.7):
# BTRFS_IOC_QUOTA_CTL with BTRFS_QUOTA_CTL_ENABLE_SIMPLE_QUOTA.
enable_simple_quotas() {
  perl -e 'open(my $fh, "<", $ARGV[0]) or die "$ARGV[0]: $!\n";
    my $args = pack("QQ", 4, 0);
    ioctl($fh, 0xC0109428, $args) or die "the kernel refused simple quotas ($!): Linux 6.7 or later is needed\n";' "$1"
}

do_ensure() {
  command -v btrfs >/dev/null 2>&1 || die "btrfs-progs is missing (apt-get install btrfs-progs)"
  # The remapped root of the engines must be able to pass through every directory above their data.
  install -d -m 0711 "$(dirname "$STORE_DIR")" "$STORE_DIR"
  if ! mountpoint -q "$STORE_DIR"; then
    if [ ! -f "$STORE_FILE" ]; then
      say "creating a $STORE_SIZE btrfs filesystem in $STORE_FILE"
      install -d -m 0711 "$(dirname "$STORE_FILE")"
      # Preallocated, not sparse: the host gives up this space now, and only now.
      fallocate -l "$STORE_SIZE" "$STORE_FILE" || die "cannot allocate $STORE_SIZE for $STORE_FILE (set LAB_STORE_SIZE)"
      chmod 0600 "$STORE_FILE"
      mkfs.btrfs -q -L volume-lab-store "$STORE_FILE" >/dev/null
    fi
    # Holes punched before (a mount that still discarded) are taken back from the host first.
    fallocate -l "$(stat -c %s "$STORE_FILE")" "$STORE_FILE"
    # nodiscard: btrfs would otherwise hand freed blocks back to the host by punching holes in the
    # file, and the next learner's write would take host space again.
    mount -o loop,nodiscard "$STORE_FILE" "$STORE_DIR"
  fi
  is_btrfs "$STORE_DIR" || die "$STORE_DIR is mounted but is not btrfs; the lab's quotas need btrfs"
  case "$(quota_mode "$STORE_DIR")" in
    squota) ;;
    qgroup)
      say "switching $STORE_DIR from full to simple quotas"
      btrfs quota disable "$STORE_DIR"
      enable_simple_quotas "$STORE_DIR"
      ;;
    *) enable_simple_quotas "$STORE_DIR" ;;
  esac
  say "btrfs at $STORE_DIR ($(df -h --output=size "$STORE_DIR" | tail -n 1 | tr -d ' ')), simple quotas on"
}

do_status() {
  if is_btrfs "$STORE_DIR" && [ "$(quota_mode "$STORE_DIR")" = squota ]; then
    say "btrfs at $STORE_DIR, simple quotas on"
    return 0
  fi
  say "not ready: $STORE_DIR is not a btrfs filesystem with simple quotas on"
  return 3
}

case "${1:-ensure}" in
  ensure) do_ensure ;;
  status) do_status ;;
  *)
    echo "usage: $0 [ensure|status]" >&2
    exit 2
    ;;
esac
