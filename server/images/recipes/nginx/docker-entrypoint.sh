#!/bin/sh
# Behaves as the official nginx image's entrypoint: when the command is nginx, it runs the scripts
# in /docker-entrypoint.d/ in order and says so on the container's output, then execs the command.
set -e

if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
    exec 3>&1
else
    exec 3>/dev/null
fi

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read -r _; then
        echo >&3 "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        echo >&3 "$0: Looking for shell scripts in /docker-entrypoint.d/"
        find /docker-entrypoint.d/ -follow -type f -print | sort -V | while read -r script; do
            case "$script" in
                *.sh)
                    if [ -x "$script" ]; then
                        echo >&3 "$0: Launching $script"
                        "$script"
                    else
                        echo >&3 "$0: Ignoring $script, not executable"
                    fi
                    ;;
                *) echo >&3 "$0: Ignoring $script" ;;
            esac
        done
        echo >&3 "$0: Configuration complete; ready for start up"
    else
        echo >&3 "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
