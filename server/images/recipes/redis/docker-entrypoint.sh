#!/bin/sh
# Behaves as the official redis image's entrypoint: redis-server started as root takes ownership of
# its working directory (/data), then runs as the redis user; any other command runs as given.
set -e

# `docker run redis --appendonly yes` or `docker run redis my.conf` mean redis-server with those.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

# Started with --user, the container is already who it should be.
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec gosu redis "$0" "$@"
fi

# Redis's data is nobody else's business, unless the container was given a umask of its own.
um="$(umask)"
if [ "$um" = '0022' ]; then
    umask 0077
fi

exec "$@"
