#!/bin/sh
# SECURITY-RELEVANT: sits between containerd's shim and crun for every container of an engine that
# runs crun where Debian 12's crun 1.8 cannot run as it is (scripts/engine.sh decides, and says so).
# It changes two things, and nothing else, before exec'ing the real crun with the same arguments:
# - Engine 26.1 writes OCI runtime-spec 1.2.0 bundles, and crun before 1.14.3 refuses any ociVersion
#   but 1.0 and 1.1 ("unknown version specified"). crun 1.14.3 dropped that check, which gates nothing
#   (containers/crun#1417); so here the bundle says 1.1.0. The engine's bundles use no field newer than 1.1.
# - On a host with hybrid cgroups whose v2 hierarchy offers a controller (here hugetlb), crun refuses to
#   run ("cgroups in hybrid mode not supported"). crun runs in a mount namespace of its own without the
#   v2 mount, so it sees the v1 hierarchies only, which hold every controller the engine limits with
#   (memory, cpu, pids, devices). The container gets its own mounts from that namespace, as always.
set -eu

bundle=
previous=
for arg in "$@"; do
  case "$previous" in --bundle | -b) bundle=$arg ;; esac
  case "$arg" in --bundle=*) bundle=${arg#--bundle=} ;; esac
  previous=$arg
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's/"ociVersion":"1\.2\.[0-9]*"/"ociVersion":"1.1.0"/' "$bundle/config.json"
fi
# This runs several times for every container: builtins only, but for the sed on create.
controllers=
if [ -r /sys/fs/cgroup/unified/cgroup.controllers ]; then read -r controllers </sys/fs/cgroup/unified/cgroup.controllers || true; fi
if [ -n "$controllers" ]; then
  # shellcheck disable=SC2016 # expanded by the inner shell
  exec unshare --mount sh -c 'umount /sys/fs/cgroup/unified && exec /usr/bin/crun "$@"' crun "$@"
fi
exec /usr/bin/crun "$@"
