import type { DebianRecipe } from '../recipe.ts';

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
  capabilities: [
    {
      name: 'CHOWN',
      reason: 'root gives files to another user (`chown redis file`), as the ownership lesson does',
    },
    {
      name: 'DAC_OVERRIDE',
      reason:
        "root reads and writes files other users keep private (a backup of redis's 0600 dump.rdb with tar)",
    },
    {
      name: 'FOWNER',
      reason:
        "root changes the mode of another user's file (`chmod`, and `tar x` restoring modes after owners)",
    },
  ],
};
