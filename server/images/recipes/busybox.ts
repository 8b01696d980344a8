import type { BusyboxRecipe } from '../recipe.ts';

/** busybox from the host's static binary, exactly as the lab has always built it. */
export const busybox: BusyboxRecipe = {
  kind: 'static-busybox',
  name: 'busybox',
  repository: 'busybox',
  tags: ['latest'],
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
