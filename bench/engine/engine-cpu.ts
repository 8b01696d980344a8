/**
 * What the engine costs in CPU, read from /proc: dockerd, its containerd, the shims and the runtime they
 * run (runc or crun), not the containers' own work. Where the engine runs in a cgroup of its own
 * (scripts/engine.sh puts each engine it starts in one), the cgroup's CPU counter charges everything the
 * engine forked, the short-lived shims and runtimes included. Elsewhere the processes are sampled, which
 * misses what a shim used after the last sample before it exited: a lower bound.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';

/** Clock ticks per second, the unit of /proc/<pid>/stat's times; 100 on every Linux the lab runs on. */
const TICKS_PER_SECOND = 100;
const ENGINE_COMMANDS = /^(dockerd|containerd|containerd-shim.*|runc|crun|docker-proxy|docker-init|exe)$/;

export interface CpuMeter {
  /** How the engine's CPU is read: its own cgroup, sampled processes, or not at all (a remote engine). */
  method: 'cgroup' | 'sampled' | 'none';
  /** The dockerd serving the bench's socket, when found. */
  pid: number | undefined;
  /** CPU seconds the engine has used since the meter was made. */
  read(): number;
  stop(): void;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string[] {
  return (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter((arg) => arg !== '');
}

function command(pid: number): string {
  return (readText(`/proc/${pid}/comm`) ?? '').trim();
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The value of `--flag=value` or `--flag value` in a command line. */
function flagValue(args: readonly string[], flag: string): string[] {
  const found: string[] = [];
  args.forEach((arg, index) => {
    if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
    else if (arg === flag && args[index + 1] !== undefined) found.push(args[index + 1] ?? '');
  });
  return found;
}

function samePath(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return `${realpathSync(dirname(path))}/${path.slice(path.lastIndexOf('/') + 1)}`;
    } catch {
      return path;
    }
  };
  return real(a) === real(b);
}

/** The dockerd whose command line serves this socket, or names none (dockerd's default socket). */
export function findDockerd(socketPath: string): number | undefined {
  const daemons = pids().filter((pid) => command(pid) === 'dockerd');
  const named = daemons.find((pid) =>
    flagValue(commandLine(pid), '--host')
      .concat(flagValue(commandLine(pid), '-H'))
      .some((host) => host.startsWith('unix://') && samePath(host.slice('unix://'.length), socketPath)),
  );
  if (named !== undefined) return named;
  if (!samePath(socketPath, '/var/run/docker.sock')) return undefined;
  return daemons.find((pid) => !commandLine(pid).some((arg) => arg.startsWith('--host') || arg === '-H'));
}

/** This process's cgroup path in the cpuacct hierarchy (v1) or the unified one (v2). */
function accountingCgroup(pid: number): string | undefined {
  const lines = (readText(`/proc/${pid}/cgroup`) ?? '').split('\n');
  for (const line of lines) {
    const [, controllers = '', path = ''] = line.split(':');
    if (controllers.split(',').includes('cpuacct')) {
      for (const root of ['/sys/fs/cgroup/cpuacct', '/sys/fs/cgroup/cpu,cpuacct']) {
        if (readText(`${root}${path}/cpuacct.usage`) !== undefined)
          return path === '/' ? undefined : `${root}${path}`;
      }
    }
  }
  const unified = lines.find((line) => line.startsWith('0::'))?.slice(3);
  if (unified && unified !== '/' && readText(`/sys/fs/cgroup${unified}/cpu.stat`) !== undefined) {
    return `/sys/fs/cgroup${unified}`;
  }
  return undefined;
}

/** CPU seconds a cgroup has used: cpuacct.usage (ns) on v1, cpu.stat's usage_usec on v2. */
function cgroupSeconds(dir: string): number {
  const v1 = readText(`${dir}/cpuacct.usage`);
  if (v1 !== undefined) return Number(v1) / 1e9;
  const usec = /^usage_usec (\d+)$/m.exec(readText(`${dir}/cpu.stat`) ?? '')?.[1];
  return Number(usec ?? 0) / 1e6;
}

/** True when everything in the cgroup is the engine's own (not, say, a login session with the engine in it). */
function engineOnly(dir: string): boolean {
  const members = (readText(`${dir}/cgroup.procs`) ?? '').split('\n').filter((line) => line !== '');
  return members.length > 0 && members.every((pid) => ENGINE_COMMANDS.test(command(Number(pid))));
}

/** utime + stime + the waited-for children's cutime + cstime, in ticks. */
function processTicks(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of the line (utime, stime, cutime, cstime) are 12-15 after the command name.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
}

/** dockerd, its children (containerd), and the shims serving that containerd's socket. */
function engineProcesses(dockerd: number): number[] {
  const all = pids();
  const parentOf = (pid: number) =>
    Number((readText(`/proc/${pid}/stat`) ?? '').split(') ')[1]?.split(' ')[1]);
  const children = all.filter((pid) => parentOf(pid) === dockerd);
  const execRoot = flagValue(commandLine(dockerd), '--exec-root')[0] ?? '/var/run/docker';
  const address = `${execRoot}/containerd/containerd.sock`;
  const shims = all.filter(
    (pid) =>
      command(pid).startsWith('containerd-shim') &&
      flagValue(commandLine(pid), '-address').some((value) => samePath(value, address)),
  );
  return [dockerd, ...children, ...shims];
}

/** Every 200 ms, the last CPU time seen of each engine process; exited ones keep their last value. */
function sampledMeter(dockerd: number): CpuMeter {
  const baseline = new Map<number, number>();
  const latest = new Map<number, number>();
  const sample = (into: Map<number, number>) => {
    for (const pid of engineProcesses(dockerd)) {
      const ticks = processTicks(pid);
      if (ticks !== undefined) into.set(pid, ticks);
    }
  };
  sample(baseline);
  const timer = setInterval(() => sample(latest), 200);
  return {
    method: 'sampled',
    pid: dockerd,
    read() {
      sample(latest);
      let ticks = 0;
      for (const [pid, value] of latest) ticks += value - (baseline.get(pid) ?? 0);
      return ticks / TICKS_PER_SECOND;
    },
    stop: () => clearInterval(timer),
  };
}

/** A meter for the engine serving `socketPath` (undefined for an engine on another machine). */
export function engineCpuMeter(socketPath: string | undefined): CpuMeter {
  const pid = socketPath === undefined ? undefined : findDockerd(socketPath);
  if (pid === undefined) return { method: 'none', pid, read: () => Number.NaN, stop: () => {} };
  const cgroup = accountingCgroup(pid);
  if (cgroup !== undefined && engineOnly(cgroup)) {
    const start = cgroupSeconds(cgroup);
    return { method: 'cgroup', pid, read: () => cgroupSeconds(cgroup) - start, stop: () => {} };
  }
  return sampledMeter(pid);
}

/** Busy and total time of all CPUs, in ticks, from the first line of /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const values =
    (readText('/proc/stat') ?? '').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = values.reduce((sum, n) => sum + n, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Waits until the whole machine is nearly idle, measured over `windowMs` from /proc/stat (the load
 * average lags a minute behind, and counts this bench's own last level), or until `maxWaitMs` passed.
 * Returns the machine's busy share in the last window, 100 being every core.
 */
export async function waitForQuiet(busyPercent: number, maxWaitMs: number, windowMs = 3000): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = machineTicks();
    const total = after.total - before.total;
    const busy = total > 0 ? ((after.busy - before.busy) / total) * 100 : 0;
    if (busy < busyPercent || Date.now() >= deadline) return Math.round(busy * 10) / 10;
  }
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = (readText('/proc/loadavg') ?? '').split(' ').map(Number);
  return [one, five, fifteen];
}
