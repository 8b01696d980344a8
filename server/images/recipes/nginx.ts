import { type DebianRecipe, recipeFile } from '../recipe.ts';
import { DEBIAN_PATH } from './debian.ts';

/** The official image's nginx user; workers run as it, and files it writes show this uid. */
const NGINX_UID = 101;

/** nginx's own error page, which the official image ships beside index.html (Debian ships only the latter). */
const ERROR_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** Where Debian's nginx keeps request bodies and proxy buffers (its compiled-in temp paths). */
const TEMP_DIRS = ['body', 'fastcgi', 'proxy', 'scgi', 'uwsgi'];

/**
 * `nginx:1.22` as the official image behaves, from Debian's nginx 1.22: the official configuration
 * (user nginx, /usr/share/nginx/html, logs to the container's output), its entrypoint, curl.
 */
export const nginx: DebianRecipe = {
  kind: 'debian-packages',
  name: 'nginx',
  repository: 'nginx',
  tags: ['latest', '1.22'],
  suite: 'bookworm',
  variant: 'minbase',
  packages: ['nginx', 'curl'],
  users: [
    {
      name: 'nginx',
      uid: NGINX_UID,
      gid: NGINX_UID,
      gecos: 'nginx user',
      home: '/nonexistent',
      shell: '/bin/false',
    },
  ],
  // Debian's own site, its sites-* layout and its log files give way to the official image's layout.
  remove: [
    '/etc/nginx/sites-available',
    '/etc/nginx/sites-enabled',
    '/var/www',
    '/var/log/nginx/access.log',
    '/var/log/nginx/error.log',
  ],
  entries: [
    { type: 'file', path: '/etc/nginx/nginx.conf', mode: 0o644, content: recipeFile('nginx/nginx.conf') },
    {
      type: 'file',
      path: '/etc/nginx/conf.d/default.conf',
      mode: 0o644,
      content: recipeFile('nginx/default.conf'),
    },
    // Debian's nginx-common already ships the "Welcome to nginx!" index.html beside it.
    {
      type: 'file',
      path: '/usr/share/nginx/html/50x.html',
      mode: 0o644,
      content: ERROR_PAGE,
    },
    {
      type: 'file',
      path: '/docker-entrypoint.sh',
      mode: 0o755,
      content: recipeFile('nginx/docker-entrypoint.sh'),
    },
    { type: 'directory', path: '/docker-entrypoint.d', mode: 0o755 },
    {
      type: 'file',
      path: '/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      mode: 0o755,
      content: recipeFile('nginx/10-listen-on-ipv6-by-default.sh'),
    },
    { type: 'symlink', path: '/var/log/nginx/access.log', target: '/dev/stdout' },
    { type: 'symlink', path: '/var/log/nginx/error.log', target: '/dev/stderr' },
    // Owned by the worker user already, so the master never has to chown them at start.
    ...TEMP_DIRS.map((dir) => ({
      type: 'directory' as const,
      path: `/var/lib/nginx/${dir}`,
      mode: 0o700,
      uid: NGINX_UID,
      gid: 0,
    })),
  ],
  config: {
    Entrypoint: ['/docker-entrypoint.sh'],
    Cmd: ['nginx', '-g', 'daemon off;'],
    Env: [DEBIAN_PATH],
    ExposedPorts: ['80/tcp'],
    StopSignal: 'SIGQUIT',
  },
  // Binding port 80 needs no NET_BIND_SERVICE: Docker 20.10 and later set the container network
  // namespace's ip_unprivileged_port_start to 0.
  capabilities: [
    { name: 'SETGID', reason: 'the master switches each worker to group nginx (setgid, initgroups)' },
    { name: 'SETUID', reason: 'the master switches each worker to user nginx (setuid)' },
  ],
};
