/**
 * Periodic samples while a level runs: the server process's memory and CPU from /proc (what the
 * kernel charges it, not what it reports of itself), the whole machine's CPU, and the engine's
 * containers of the bench's sessions.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { CHECKER_LABEL, SESSION_LABEL } from '../../server/labels.ts';

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessSample {
  /** Seconds since the level started. */
  t: number;
  rssMb: number;
  /** CPU over the last interval; 100 is one core busy. */
  cpuPct: number;
  /** The whole machine's CPU over the last interval; 100 is every core busy. */
  machinePct: number;
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime in ticks. The command name in field 2 may hold spaces, so fields count from its ')'. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, n) => sum + n, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function sampleProcess(pid: number, startedAt: number, intervalMs = 500) {
  const samples: ProcessSample[] = [];
  let last = { at: performance.now(), ticks: cpuTicks(pid) ?? 0, machine: machineTicks() };
  const timer = setInterval(() => {
    const rss = rssMb(pid);
    const ticks = cpuTicks(pid);
    if (rss === undefined || ticks === undefined) return;
    const now = { at: performance.now(), ticks, machine: machineTicks() };
    const seconds = (now.at - last.at) / 1000;
    const machineTotal = now.machine.total - last.machine.total;
    samples.push({
      t: round((now.at - startedAt) / 1000),
      rssMb: round(rss),
      cpuPct: round(((now.ticks - last.ticks) / TICKS / seconds) * 100),
      machinePct: round(machineTotal > 0 ? ((now.machine.busy - last.machine.busy) / machineTotal) * 100 : 0),
    });
    last = now;
  }, intervalMs);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
}

export interface ContainerSample {
  t: number;
  /** Containers of the bench's sessions, running or not. */
  total: number;
  running: number;
  /** The checks' helper containers for those sessions (created, never started). */
  checkers: number;
}

/**
 * Lists by label key and keeps the bench's sessions: other people's lab tests may share the engine,
 * and an engine filter with several session values would have to match all of them at once.
 */
export function sampleContainers(
  docker: Docker,
  sessions: ReadonlySet<string>,
  startedAt: number,
  intervalMs = 1000,
) {
  const samples: ContainerSample[] = [];
  let busy = false;
  const timer = setInterval(() => {
    // A slow engine must not pile up list calls: skip a tick instead.
    if (busy) return;
    busy = true;
    const t = round((performance.now() - startedAt) / 1000);
    docker
      .listContainers({ all: true, filters: { label: [SESSION_LABEL] } })
      .then(async (own) => {
        const checkers = await docker.listContainers({ all: true, filters: { label: [CHECKER_LABEL] } });
        const mine = own.filter((c) => sessions.has(c.Labels[SESSION_LABEL] ?? ''));
        samples.push({
          t,
          total: mine.length,
          running: mine.filter((c) => c.State === 'running').length,
          checkers: checkers.filter((c) => sessions.has(c.Labels[CHECKER_LABEL] ?? '')).length,
        });
      })
      .catch(() => {})
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
}
