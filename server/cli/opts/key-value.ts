/**
 * Validators of docker's `key=value` options (`opts.FilterOpt`, `opts.ValidateLabel`,
 * `opts.ValidateEnv`, `opts.ValidateSysctl`): Go's error text, or undefined when valid.
 */

/** `opts.FilterOpt.Set`: only `name=value` pairs (or an empty string, which is ignored). */
export function validateFilter(value: string): string | undefined {
  return value !== '' && !value.includes('=') ? 'bad format of filter (expected name=value)' : undefined;
}

/** `opts.ValidateLabel`: the key must be non-empty and free of spaces and tabs. */
export function validateLabel(value: string): string | undefined {
  const eq = value.indexOf('=');
  const key = (eq === -1 ? value : value.slice(0, eq)).trim();
  if (key === '') return `invalid label '${value}': empty name`;
  if (/[ \t]/.test(key)) return `label '${key}' contains whitespaces`;
  return undefined;
}

/** `opts.ValidateEnv`: only an empty name is refused (`-e NAME` is later filled from the CLI's env). */
export function validateEnv(value: string): string | undefined {
  const eq = value.indexOf('=');
  const key = eq === -1 ? value : value.slice(0, eq);
  return key === '' ? `invalid environment variable: ${value}` : undefined;
}

const SYSCTLS = [
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
];

/** `opts.ValidateSysctl` (`--sysctl`): namespaced sysctls only. */
export function validateSysctl(value: string): string | undefined {
  const eq = value.indexOf('=');
  const key = eq === -1 ? '' : value.slice(0, eq);
  const ok = key !== '' && (SYSCTLS.includes(key) || key.startsWith('net.') || key.startsWith('fs.mqueue.'));
  return ok ? undefined : `sysctl '${value}' is not allowed`;
}
