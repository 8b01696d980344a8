#!/usr/bin/env bash
# Measures every engine version and runtime this host can run, side by side: starts one experiment
# engine per combination with scripts/engine.sh (own socket, data root on the store, network namespace,
# the primary's hardening), runs `npm run bench:engine` on each, ROUNDS times in a rotating order, each
# run only once the machine is quiet, then prints the comparison and removes the engines and their data.
#
# Usage: engine-matrix.sh [ROUNDS]   (default 2)
# Environment:
#   LAB_MATRIX_ENGINES  the combinations, VERSION/RUNTIME space-separated
#                       (default "20.10/runc 20.10/crun 26.1/runc 26.1/crun")
#   LAB_MATRIX_QUIET    the 1-minute load average to wait for before each run (default 0.5)
#   LAB_MATRIX_WAIT     seconds to wait for it at most, then run anyway and say so (default 900)
#   LAB_MATRIX_KEEP     1 keeps the engines running afterwards (default: stopped, data removed)
#   BENCH_ARGS          more options for bench:engine, e.g. "--levels 1,2,4,8,16 --duration-s 30"
set -euo pipefail

readonly ROUNDS=${1:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
readonly HERE
readonly STORE_DIR=${LAB_STORE_DIR:-/var/lib/volume-lab/store}
readonly QUIET=${LAB_MATRIX_QUIET:-0.5}
readonly WAIT=${LAB_MATRIX_WAIT:-900}
read -r -a COMBINATIONS <<<"${LAB_MATRIX_ENGINES:-20.10/runc 20.10/crun 26.1/runc 26.1/crun}"
read -r -a EXTRA <<<"${BENCH_ARGS:-}"

say() { printf 'matrix: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || {
  echo "matrix: must run as root (it starts engines)" >&2
  exit 1
}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || {
  echo "usage: $0 [ROUNDS]" >&2
  exit 2
}

# m2010runc for 20.10/runc: a name of the experiment engines' kind, never primary or engine2.
name_of() { echo "m${1//[.\/]/}"; }

cleanup() {
  if [ "${LAB_MATRIX_KEEP:-}" = 1 ]; then return; fi
  for combination in "${COMBINATIONS[@]}"; do
    local name
    name=$(name_of "$combination")
    bash "$HERE/engine.sh" stop "$name" >/dev/null || true
    rm -rf "${STORE_DIR:?}/$name" "/etc/volume-lab/$name-daemon.json" "/etc/volume-lab/$name-key.json" \
      "/etc/volume-lab/engines/$name.env" "/var/log/volume-lab-$name.log"
  done
  say "engines stopped, their data removed"
}
trap cleanup EXIT

for combination in "${COMBINATIONS[@]}"; do
  bash "$HERE/engine.sh" start "$(name_of "$combination")" "${combination%/*}" "${combination#*/}"
done

load1() { cut -d ' ' -f 1 /proc/loadavg; }
wait_quiet() {
  local deadline=$((SECONDS + WAIT))
  while awk -v load="$(load1)" -v quiet="$QUIET" 'BEGIN { exit !(load >= quiet) }'; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "the load average stayed at or above $QUIET for ${WAIT}s; measuring anyway at $(load1)"
      return
    fi
    sleep 10
  done
}

cd "$HERE/.."
for round in $(seq 1 "$ROUNDS"); do
  count=${#COMBINATIONS[@]}
  for i in $(seq 0 $((count - 1))); do
    # Each round starts one further along, so no combination always runs first (or last).
    combination=${COMBINATIONS[$(((i + round - 1) % count))]}
    wait_quiet
    say "round $round, Engine ${combination%/*} with ${combination#*/}:$(uptime)"
    node bench/engine.ts --host "unix:///run/volume-lab-$(name_of "$combination").sock" --tag "r$round" \
      "${EXTRA[@]}" || say "bench:engine reported failed runs for $combination"
  done
done
node bench/engine.ts --summary
