/** The `--format` usage texts of docker CLI 28's `flagsHelper` (cli/flags), shared by many commands. */

/** flagsHelper.FormatHelp (list commands). */
export const FORMAT_HELP =
  'Format output using a custom template:\n' +
  "'table':            Print output in table format with column headers (default)\n" +
  "'table TEMPLATE':   Print output in table format using the given Go template\n" +
  "'json':             Print in JSON format\n" +
  "'TEMPLATE':         Print output using the given Go template.\n" +
  'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates';

/** flagsHelper.InspectFormatHelp (inspect and version). */
export const INSPECT_FORMAT_HELP =
  'Format output using a custom template:\n' +
  "'json':             Print in JSON format\n" +
  "'TEMPLATE':         Print output using the given Go template.\n" +
  'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates';
