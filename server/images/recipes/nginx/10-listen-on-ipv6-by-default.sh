#!/bin/sh
# As the official image does: adds an IPv6 listener to the default server when the container has
# IPv6 and the file is still the image's own.
set -e

ME=$(basename "$0")
DEFAULT_CONF_FILE="etc/nginx/conf.d/default.conf"

if [ ! -f "/proc/net/if_inet6" ]; then
    echo >&3 "$ME: info: ipv6 not available"
    exit 0
fi

if [ ! -f "/$DEFAULT_CONF_FILE" ]; then
    echo >&3 "$ME: info: /$DEFAULT_CONF_FILE is not a file or does not exist"
    exit 0
fi

touch "/$DEFAULT_CONF_FILE" 2>/dev/null || { echo >&3 "$ME: info: can not modify /$DEFAULT_CONF_FILE (read-only file system?)"; exit 0; }

echo >&3 "$ME: info: Getting the checksum of /$DEFAULT_CONF_FILE"
if ! grep -q '^    listen       80;$' "/$DEFAULT_CONF_FILE" || grep -q 'listen  \[::\]:80;' "/$DEFAULT_CONF_FILE"; then
    echo >&3 "$ME: info: /$DEFAULT_CONF_FILE differs from the packaged version"
    exit 0
fi

sed -i -E 's,listen       80;,listen       80;\n    listen  [::]:80;,' "/$DEFAULT_CONF_FILE"
echo >&3 "$ME: info: Enabled listen on IPv6 in /$DEFAULT_CONF_FILE"

exit 0
