/** go-units' HumanSize: decimal units, four significant digits, as `docker volume prune` reports space. */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

export function humanSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  // %.4g drops trailing zeros, as Number's own string form of a rounded value does.
  return `${Number(size.toPrecision(4))}${UNITS[unit]}`;
}
