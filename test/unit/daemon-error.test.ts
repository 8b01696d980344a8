/**
 * How the lab prints a daemon's answer, as the docker CLI 28 does: the one wrapper every command
 * shares, `docker run`'s help hint, and the exit codes the CLI reads from the answer's words. The
 * runc messages are the engine's own answers to `docker run busybox nosuch` and `docker run busybox /etc`.
 */
import { describe, expect, it } from 'vitest';
import { daemonFailure, daemonMessage, printDaemonError } from '../../server/docker/daemon-error.ts';

const NOT_FOUND =
  'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown';
const NOT_EXECUTABLE =
  'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/etc": permission denied: unknown';
const CONFLICT = 'Conflict. The container name "/web" is already in use by container "3f1c".';

describe('daemonMessage', () => {
  it('wraps the answer as Go’s client does, without a newline', () => {
    expect(daemonMessage('get x: no such volume')).toBe('Error response from daemon: get x: no such volume');
  });
});

describe('daemonFailure', () => {
  it('gives docker run its help hint', () => {
    expect(daemonFailure(CONFLICT, 'run').stderr).toBe(
      `docker: Error response from daemon: ${CONFLICT}\n\nRun 'docker run --help' for more information\n`,
    );
  });

  it.each([
    [NOT_FOUND, 127],
    ['exec: "/x": stat /x: no such file or directory: unknown', 127],
    ['exec: "x": The system cannot find the file specified.', 127],
    [NOT_EXECUTABLE, 126],
    ['exec: "/etc": is a directory: unknown', 126],
    ['invalid mode: permission denied', 126],
    [CONFLICT, 125],
    ['No such container: nope', 125],
  ])('docker run exits for %j with %i', (message, code) => {
    expect(daemonFailure(message, 'run').exitCode).toBe(code);
  });

  it.each([
    [NOT_FOUND, 127],
    [NOT_EXECUTABLE, 126],
    ['Container 3f1c is not running', 1],
  ])('docker exec exits for %j with %i', (message, code) => {
    expect(daemonFailure(message, 'exec')).toEqual({
      stderr: `Error response from daemon: ${message}\n`,
      exitCode: code,
    });
  });

  it('prints one line and exits 1 for every other command, whatever the words', () => {
    expect(daemonFailure(NOT_FOUND)).toEqual({
      stderr: `Error response from daemon: ${NOT_FOUND}\n`,
      exitCode: 1,
    });
  });
});

describe('printDaemonError', () => {
  it('writes the failure to stderr and returns its exit code', () => {
    const written: string[] = [];
    const code = printDaemonError({ stderr: (text) => written.push(text) }, NOT_FOUND, 'run');
    expect(code).toBe(127);
    expect(written).toEqual([daemonFailure(NOT_FOUND, 'run').stderr]);
  });
});
