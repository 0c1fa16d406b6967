import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** CPU ticks read off /proc at one instant: the machine's busy and total, and each live process's own. */
export interface CpuReading {
  busy: number;
  total: number;
  byPid: Map<number, { comm: string; ticks: number }>;
}

/** Where the machine's cores went over a span, in cores (CPU seconds per wall second). */
export interface CpuSplit {
  /** Busy cores of the whole machine (all processes, kernel included). */
  machine: number;
  /** Cores available. */
  cores: number;
  /** Cores by group: named pids first, then every other process by its command name. */
  groups: Record<string, number>;
}

/** Reads /proc/stat and every /proc/<pid>/stat; null where /proc is missing (not Linux). */
export function readCpu(): CpuReading | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = stat.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((sum, v) => sum + (v || 0), 0);
  const byPid = new Map<number, { comm: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const line = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // the command name is in parentheses and may hold spaces: utime and stime are the 12th and 13th after it
      const close = line.lastIndexOf(')');
      const comm = line.slice(line.indexOf('(') + 1, close);
      const rest = line.slice(close + 2).split(' ');
      byPid.set(pid, { comm, ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return { busy: total - idle, total, byPid };
}

/**
 * The cores each group used between two readings. `named` maps a label to pids (the apps, the bench itself); every
 * other process counts under its command name (postgres, mosquitto, nats-server, ...). Processes that started within
 * the span count from zero; ones that ended within it are missed (their time shows only in `machine`).
 */
export function cpuSplit(
  before: CpuReading | null,
  after: CpuReading | null,
  wallMs: number,
  named: Record<string, (number | undefined)[]>,
  cores: number,
): CpuSplit | null {
  if (!before || !after || wallMs <= 0) return null;
  const seconds = wallMs / 1000;
  const toCores = (ticks: number) => ticks / TICKS_PER_S / seconds;
  const label = new Map<number, string>();
  for (const [name, pids] of Object.entries(named)) for (const pid of pids) if (pid) label.set(pid, name);
  const ticks: Record<string, number> = {};
  for (const [pid, now] of after.byPid) {
    const spent = now.ticks - (before.byPid.get(pid)?.ticks ?? 0);
    if (spent <= 0) continue;
    const group = label.get(pid) ?? now.comm;
    ticks[group] = (ticks[group] ?? 0) + spent;
  }
  const groups = Object.fromEntries(
    Object.entries(ticks)
      .sort((a, b) => b[1] - a[1])
      .filter(([, t]) => toCores(t) >= 0.01)
      .map(([group, t]) => [group, Math.round(toCores(t) * 100) / 100] as const),
  );
  // /proc/stat counts every core's ticks: the share busy times the cores is the busy cores
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  return { machine: Math.round(share * cores * 100) / 100, cores, groups };
}

/** "1.95/2 (api 0.56, ingestion 0.52, postgres 0.4)"; "–" without a split. */
export function cpuSplitRow(split: CpuSplit | null): string {
  if (!split) return '–';
  const groups = Object.entries(split.groups).map(([name, cores]) => `${name} ${cores}`);
  return `${split.machine}/${split.cores} (${groups.join(', ')})`;
}
