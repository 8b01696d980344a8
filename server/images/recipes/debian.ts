import { type DebianRecipe, ROOT_SHELL_CAPABILITIES } from '../recipe.ts';

/** The PATH every official Debian-based image sets. */
export const DEBIAN_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** `debian:bookworm` as the official image is made: a minbase root filesystem, `bash` by default. */
export const debian: DebianRecipe = {
  kind: 'debian-packages',
  name: 'debian',
  repository: 'debian',
  tags: ['latest', 'bookworm', '12'],
  suite: 'bookworm',
  variant: 'minbase',
  // minbase already has tar, which the backup lesson uses.
  packages: [],
  users: [],
  entries: [],
  remove: [],
  config: { Cmd: ['bash'], Env: [DEBIAN_PATH] },
  capabilities: ROOT_SHELL_CAPABILITIES,
};
