import { type BusyboxRecipe, ROOT_SHELL_CAPABILITIES } from '../recipe.ts';

/** busybox from the host's static binary, exactly as the lab has always built it. */
export const busybox: BusyboxRecipe = {
  kind: 'static-busybox',
  name: 'busybox',
  repository: 'busybox',
  tags: ['latest'],
  capabilities: ROOT_SHELL_CAPABILITIES,
};
