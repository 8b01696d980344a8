/** The lab's terminal colours, read from the page's CSS variables so xterm follows the site's theme. */
import type { ITheme } from '@xterm/xterm';

type ColourKey = Exclude<keyof ITheme, 'extendedAnsi'>;
const THEME_VARIABLES: ReadonlyArray<readonly [ColourKey, string]> = [
  ['background', '--term-bg'],
  ['foreground', '--term-fg'],
  ['cursor', '--term-cursor'],
  ['cursorAccent', '--term-bg'],
  ['selectionBackground', '--term-selection'],
  ['black', '--ansi-black'],
  ['red', '--ansi-red'],
  ['green', '--ansi-green'],
  ['yellow', '--ansi-yellow'],
  ['blue', '--ansi-blue'],
  ['magenta', '--ansi-magenta'],
  ['cyan', '--ansi-cyan'],
  ['white', '--ansi-white'],
  ['brightBlack', '--ansi-bright-black'],
  ['brightRed', '--ansi-bright-red'],
  ['brightGreen', '--ansi-bright-green'],
  ['brightYellow', '--ansi-bright-yellow'],
  ['brightBlue', '--ansi-bright-blue'],
  ['brightMagenta', '--ansi-bright-magenta'],
  ['brightCyan', '--ansi-bright-cyan'],
  ['brightWhite', '--ansi-bright-white'],
];

export function readTheme(style: CSSStyleDeclaration): ITheme {
  const theme: ITheme = {};
  for (const [key, variable] of THEME_VARIABLES) {
    const value = style.getPropertyValue(variable).trim();
    // A missing variable keeps xterm's default rather than an empty, invalid colour.
    if (value) theme[key] = value;
  }
  return theme;
}
