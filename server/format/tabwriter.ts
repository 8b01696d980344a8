/**
 * Go's text/tabwriter with no flags, as docker/cli uses it: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`.
 * docker/cli vendors a fork that measures cells in terminal columns (go-runewidth) rather than runes, so
 * East Asian wide characters count 2 and combining marks 0 (verified: `日本` pads as width 4).
 *
 * Cells are tab-terminated; the text after a line's last tab is not part of any column and is never padded.
 * A column block is a run of consecutive lines that have a cell in that column; its width is the widest
 * cell plus padding (at least minwidth). Empty cells inside a block are still padded, which is why
 * `"probe1\t\n"` under a wider header comes out as `probe1` plus trailing spaces.
 */

/** Writer settings (Go's NewWriter arguments); padding is always with spaces. */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** The settings docker/cli passes for every table. */
export const DOCKER_TABWRITER: TabwriterOptions = { minwidth: 10, padding: 3 };

interface Cell {
  text: string;
  /** Width in terminal columns. */
  width: number;
}

// East Asian Wide/Fullwidth blocks (the common part of go-runewidth's table).
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x2614, 0x2615],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** Terminal column width of a string, as go-runewidth's StringWidth (non-East-Asian locale). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || /[\p{Mn}\p{Me}​-‏]/u.test(ch)) continue;
    w += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return w;
}

/** Align tab-separated `text` exactly as Go's tabwriter followed by Flush would. */
export function tabwrite(text: string, options: TabwriterOptions = DOCKER_TABWRITER): string {
  let out = '';
  let lines: Cell[][] = [[]];
  let cell = '';

  const flush = (): void => {
    out += formatBlock(lines, options);
    lines = [[]];
  };

  for (const ch of text) {
    if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') {
      cell += ch;
      continue;
    }
    const line = lines[lines.length - 1] as Cell[];
    line.push({ text: cell, width: displayWidth(cell) });
    cell = '';
    if (ch === '\n' || ch === '\f') {
      const ncells = line.length;
      lines.push([]);
      // A line with a single cell cannot affect later columns, so Go flushes there (and always on \f).
      if (ch === '\f' || ncells === 1) flush();
    }
  }
  if (cell.length > 0) (lines[lines.length - 1] as Cell[]).push({ text: cell, width: displayWidth(cell) });
  flush();
  return out;
}

/** Format buffered lines; the final entry is the unterminated line (possibly empty). */
function formatBlock(lines: Cell[][], o: TabwriterOptions): string {
  let out = '';
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] as Cell[];
      line.forEach((c, j) => {
        out += c.text;
        const w = widths[j];
        if (w !== undefined) out += ' '.repeat(w - c.width);
      });
      // The last buffered line has no newline yet.
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0In: number, line1: number): void => {
    let line0 = line0In;
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t] as Cell[]).length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = o.minwidth;
      for (; t < line1; t++) {
        const line = lines[t] as Cell[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as Cell).width + o.padding);
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
      // Like Go, the increment skips line t: it has no cell in this column, so cannot open a block.
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
