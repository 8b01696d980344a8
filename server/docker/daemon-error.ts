/**
 * How the docker CLI shows an error the daemon answered with. Go's client wraps every daemon answer in
 * one place ("Error response from daemon: …") and each command prints what it gets; `docker run`
 * adds its help hint and picks its exit code from the text (the CLI's `toStatusError`). The lab words
 * these here, once: for the daemon's own answers (EngineError) and for the mistakes the lab catches
 * before the daemon would (a bad volume name, a container that is not the session's), which it words
 * as the daemon does.
 */

/** What a failed command writes to stderr and exits with. */
export interface CliFailure {
  readonly stderr: string;
  readonly exitCode: number;
}

/** The daemon's answer as the CLI's error line, without its newline (lists and inspect gather these). */
export function daemonMessage(message: string): string {
  return `Error response from daemon: ${message}`;
}

/** `docker run`'s way of reporting what stopped it: `docker: ` before, a pointer to its help after. */
export function withRunHelp(text: string): string {
  return `docker: ${text}\n\nRun 'docker run --help' for more information\n`;
}

/**
 * The exit code the CLI gives a daemon answer about a container's process: 127 when its command was
 * not found, 126 when it could not be run (`toStatusError` of docker/cli's run.go, which looks for
 * these words in the whole message); undefined for any other answer.
 */
export function processExitCode(message: string): 127 | 126 | undefined {
  if (
    /executable file not found|no such file or directory|system cannot find the file specified/.test(message)
  ) {
    return 127;
  }
  if (/permission denied|is a directory/.test(message)) return 126;
  return undefined;
}

/**
 * What `command` prints and exits with when the daemon answers `message`. `docker run` wraps it in its
 * help hint and exits 125 unless the container's process could not start; `docker exec` exits as the
 * process would, else 1; every other command prints the line and exits 1.
 */
export function daemonFailure(message: string, command?: 'run' | 'exec'): CliFailure {
  const line = daemonMessage(message);
  if (command === 'run') return { stderr: withRunHelp(line), exitCode: processExitCode(message) ?? 125 };
  return {
    stderr: `${line}\n`,
    exitCode: (command === 'exec' ? processExitCode(message) : undefined) ?? 1,
  };
}

/** Prints `daemonFailure` on the terminal and returns the exit code, for a command to return. */
export function printDaemonError(
  terminal: { stderr(text: string): void },
  message: string,
  command?: 'run' | 'exec',
): number {
  const failure = daemonFailure(message, command);
  terminal.stderr(failure.stderr);
  return failure.exitCode;
}
