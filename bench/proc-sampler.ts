// Samples processes and the machine from the outside (Linux /proc): resident
// memory and CPU time, so measuring costs the measured process nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One sample of every child, the Temporal dev server and the whole machine. */
export interface Sample {
  /** Wall clock, ms since epoch. */
  at: number;
  /** Per child pid: RSS (MB) and CPU time (user + system) so far (ms). */
  procs: Record<number, { rssMb?: number; cpuMs?: number }>;
  serverCpuMs?: number;
  /** CPU time of this (orchestrator) process so far, ms: offline model, receiver, sampling. */
  selfCpuMs: number;
  /** Busy CPU time of all cores so far (from /proc/stat), ms. */
  machineBusyMs: number;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is [0], ppid [1], utime [11], stime [12].
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time of a process so far, ms; undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const f = statFields(pid);
    return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

/** CPU time so far of each thread of a process, ms, with the thread's name (`comm`). */
export function threadCpuMs(pid: number): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { comm, ms: ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks() });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** Resident memory of a process (VmRSS, or VmHWM for the lifetime peak), MB. */
export function processMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Busy time of all cores so far, ms (total minus idle and iowait). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return ((total - v[3] - v[4]) * 1000) / clockTicks();
}

/** The child process of `parent` whose command name is `comm` (e.g. the dev server). */
export function findChildProcess(parent: number, comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name === comm && statFields(Number(entry))[1] === String(parent)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Samples the children, the dev server and the machine every `intervalMs` until stopped. */
export class Sampler {
  readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: number[],
    private readonly serverPid: number | undefined,
    intervalMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const procs: Sample['procs'] = {};
    for (const pid of this.pids) procs[pid] = { rssMb: processMemoryMb(pid), cpuMs: processCpuMs(pid) };
    this.samples.push({
      at: Date.now(),
      procs,
      serverCpuMs: this.serverPid === undefined ? undefined : processCpuMs(this.serverPid),
      selfCpuMs: selfCpuMs(),
      machineBusyMs: machineBusyMs(),
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Samples taken between `from` and `to` (wall clock ms), inclusive. */
  between(from: number, to: number): Sample[] {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }

  /** The first sample at or after `at` (or the last one). */
  at(at: number): Sample | undefined {
    return this.samples.find((s) => s.at >= at) ?? this.samples[this.samples.length - 1];
  }
}
