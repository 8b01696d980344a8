/**
 * docker's quantity values: `opts.MemBytes` (`bytes` in help: `--memory`, `--shm-size`,
 * `--limit-bytes`), `opts.MemSwapBytes` (`--memory-swap`) and `opts.NanoCPUs` (`decimal`:
 * `--cpus`). Parsers return the quantity or Go's error text; validators only the error text.
 */

/** go-units `RAMInBytes` as `opts.MemBytes.Set` uses it: the byte count, or Go's error text. */
export function parseBytes(value: string): number | string {
  const sep = Math.max(...[...'0123456789. '].map((c) => value.lastIndexOf(c)));
  if (sep === -1) return `invalid size: '${value}'`;
  const num = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  let sfx = value.slice(sep + 1);
  // Go's ParseFloat grammar for plain decimals; hex floats and inf/nan are not worth emulating here.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) {
    return `strconv.ParseFloat: parsing "${num}": invalid syntax`;
  }
  const size = Number(num);
  if (size < 0) return `invalid size: '${value}'`;
  if (sfx === '') return Math.trunc(size);
  const bad = `invalid suffix: '${sfx.length > 3 ? sfx : sfx.toLowerCase()}'`;
  if (sfx.length > 3) return bad;
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad : Math.trunc(size);
  const power = 'kmgtp'.indexOf(sfx[0] ?? '');
  if (power === -1) return bad;
  if (sfx.length === 2 && sfx[1] !== 'b') return bad;
  if (sfx.length === 3 && sfx.slice(1) !== 'ib') return bad;
  return Math.trunc(size * 1024 ** (power + 1));
}

/** `opts.MemBytes.Set` validation. */
export function validateBytes(value: string): string | undefined {
  const r = parseBytes(value);
  return typeof r === 'string' ? r : undefined;
}

/** `opts.MemSwapBytes.Set`: `-1` (unlimited) or a go-units size. */
export function validateMemSwap(value: string): string | undefined {
  return value === '-1' ? undefined : validateBytes(value);
}

/**
 * `opts.ParseCPUs` (the `decimal` value of `--cpus`): a `big.Rat` literal scaled to
 * nano-CPUs, or an error. Returns the nano-CPU count or the error text.
 */
export function parseNanoCpus(value: string): bigint | string {
  const bad = `failed to parse ${value} as a rational number`;
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(value);
  let num: bigint;
  let den: bigint;
  if (frac !== null) {
    num = BigInt(frac[1] as string);
    den = BigInt(frac[2] as string);
    if (den === 0n) return bad;
  } else {
    const dec = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
    if (dec === null || `${dec[2]}${dec[3] ?? ''}` === '') return bad;
    const fraction = dec[3] ?? '';
    const exp = Number(dec[4] ?? '0') - fraction.length;
    num = BigInt(`${dec[1]}${dec[2]}${fraction}` || '0');
    den = 1n;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
  }
  const nano = num * 1_000_000_000n;
  return nano % den === 0n ? nano / den : 'value is too precise';
}

/** `opts.NanoCPUs.Set` validation. */
export function validateCpus(value: string): string | undefined {
  const r = parseNanoCpus(value);
  return typeof r === 'string' ? r : undefined;
}
