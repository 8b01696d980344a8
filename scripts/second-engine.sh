#!/usr/bin/env bash
# SECURITY-RELEVANT (as scripts/engine.sh): engine 2, the second real dockerd the engine-pool tests
# place sessions on, on unix:///run/volume-lab-engine2.sock and tcp://127.0.0.1:2376 with TLS and client
# certificates (DOCKER_CERT_PATH=/etc/volume-lab/engine2-tls/client), in a network namespace of its own.
# It runs the version and runtime it last ran (scripts/engines.conf via `npm run setup`).
#
# Usage: second-engine.sh {start|stop|restart|status}
#   start    starts it unless it already runs (and creates the TLS material on first use)
#   stop     stops it the way the first engine stops: containers are stopped, volumes stay
#   restart  stops and starts the daemon for real (what an engine restart does to sessions)
#   status   says whether it runs; exit status 0 when it answers, 3 when it does not
set -euo pipefail

case "${1:-}" in
  start | stop | restart | status) exec bash "$(dirname "$0")/engine.sh" "$1" engine2 ;;
  *)
    echo "usage: $0 {start|stop|restart|status}" >&2
    exit 2
    ;;
esac
