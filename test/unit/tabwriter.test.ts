// Expected strings come from real `docker volume ls --format 'table ...'` output (CLI 28.2.2).
import { describe, expect, it } from 'vitest';
import { displayWidth, tabwrite } from '../../server/format/tabwriter.ts';

describe('tabwrite (docker: minwidth 10, padding 3, spaces)', () => {
  it('pads empty cells inside a column but never the last cell of a line', () => {
    expect(tabwrite('VOLUME NAME\tLABELS\nprobe1\t\nprobe2\tc=,a=b\n')).toBe(
      'VOLUME NAME   LABELS\nprobe1        \nprobe2        c=,a=b\n',
    );
  });

  it('pads a trailing empty column to its width', () => {
    expect(tabwrite('VOLUME NAME\ta\t\nfmtprobe-1\tb\t\nfmtprobe-2\t\t\n')).toBe(
      'VOLUME NAME   a         \nfmtprobe-1    b         \nfmtprobe-2              \n',
    );
  });

  it('starts a new column block after a line without that column', () => {
    const input =
      'VOLUME NAME\tu\tend\nfmtprobe-1\t\tend\nfmtprobe-2\tmid\n\nsolo\tq\tend\nfmtprobe-3\t\tend\nfmtprobe-4\tümlaut-日本\tend\n';
    expect(tabwrite(input)).toBe(
      'VOLUME NAME   u         end\n' +
        'fmtprobe-1              end\n' +
        'fmtprobe-2    mid\n' +
        '\n' +
        'solo         q             end\n' +
        'fmtprobe-3                 end\n' +
        'fmtprobe-4   ümlaut-日本   end\n',
    );
  });

  it('applies minwidth to leading empty cells', () => {
    expect(tabwrite('VOLUME NAME\nfmtprobe-1\n\t\tfmtprobe-3\nfmtprobe-4\n')).toBe(
      'VOLUME NAME\nfmtprobe-1\n                    fmtprobe-3\nfmtprobe-4\n',
    );
  });

  it('measures wide characters as two columns, as docker/cli does', () => {
    expect(displayWidth('u=ümlaut-日本')).toBe(13);
    expect(tabwrite('LABELS\tSCOPE\na=b,c=\tlocal\nu=ümlaut-日本\tlocal\n')).toBe(
      'LABELS          SCOPE\na=b,c=          local\nu=ümlaut-日本   local\n',
    );
  });

  it('writes unterminated trailing text as is', () => {
    expect(tabwrite('a\tb\nccc')).toBe('a         b\nccc');
  });
});
