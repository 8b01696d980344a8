import { type DebianRecipe, recipeFile } from '../recipe.ts';
import { DEBIAN_PATH } from './debian.ts';

/** The official image's redis user: files redis writes into a volume show this uid. */
const REDIS_UID = 999;

/**
 * `redis:7.0` as the official image behaves, from Debian's redis-server 7.0: no config file (the
 * built-in defaults, which save to dump.rdb on shutdown), /data as a volume and working directory,
 * and the entrypoint that takes ownership of /data and drops to the redis user with gosu.
 */
export const redis: DebianRecipe = {
  kind: 'debian-packages',
  name: 'redis',
  repository: 'redis',
  tags: ['latest', '7.0'],
  suite: 'bookworm',
  variant: 'minbase',
  packages: ['redis-server', 'gosu'],
  users: [
    { name: 'redis', uid: REDIS_UID, gid: REDIS_UID, gecos: '', home: '/home/redis', shell: '/bin/sh' },
  ],
  // Debian's service layout (a daemonizing config, its own data and log directories) is not the image's.
  remove: ['/etc/redis', '/var/lib/redis', '/var/log/redis'],
  entries: [
    {
      type: 'file',
      path: '/usr/local/bin/docker-entrypoint.sh',
      mode: 0o755,
      content: recipeFile('redis/docker-entrypoint.sh'),
    },
    { type: 'directory', path: '/data', mode: 0o755, uid: REDIS_UID, gid: REDIS_UID },
  ],
  config: {
    Entrypoint: ['docker-entrypoint.sh'],
    Cmd: ['redis-server'],
    Env: [DEBIAN_PATH],
    WorkingDir: '/data',
    Volumes: ['/data'],
    ExposedPorts: ['6379/tcp'],
  },
  capabilities: [
    {
      name: 'CHOWN',
      reason: 'the entrypoint gives redis the files of /data it does not own yet (a volume root prepared)',
    },
    { name: 'SETGID', reason: 'gosu switches to group redis before running redis-server' },
    { name: 'SETUID', reason: 'gosu switches to user redis before running redis-server' },
    {
      name: 'DAC_OVERRIDE',
      reason:
        "the entrypoint's `find` descends into redis's own 0700 appendonlydir when a container restarts with --appendonly yes (DAC_READ_SEARCH would do, but with an engine that does not remap users it opens open_by_handle_at)",
    },
  ],
};
