import { cpuSplit, cpuSplitRow, readCpu, type CpuReading } from './machine-cpu';

const reading = (busy: number, total: number, pids: [number, string, number][]): CpuReading => ({
  busy,
  total,
  byPid: new Map(pids.map(([pid, comm, ticks]) => [pid, { comm, ticks }])),
});

describe('cpuSplit', () => {
  // 2 s of wall time on 2 cores: 400 ticks in all, 300 of them busy (1.5 cores)
  const before = reading(1_000, 5_000, [
    [10, 'node', 100],
    [11, 'node', 50],
    [20, 'postgres', 10],
    [21, 'postgres', 0],
    [30, 'mosquitto', 5],
  ]);
  const after = reading(1_300, 5_400, [
    [10, 'node', 220], // the ingestion: 120 ticks = 1.2 s of CPU in 2 s = 0.6 core
    [11, 'node', 70], // the bench: 20 ticks = 0.1 core
    [20, 'postgres', 40], // 30 ticks
    [21, 'postgres', 0],
    [22, 'postgres', 30], // a backend started within the span: counts from zero, with pid 20 60 ticks = 0.3 core
    [30, 'mosquitto', 5], // idle: left out
    [40, 'sh', 1], // 0.005 core: below the 0.01 shown
  ]);

  it('splits the busy cores by named pids and by command name, largest first', () => {
    const split = cpuSplit(before, after, 2_000, { ingestion: [10], bench: [11, undefined] }, 2);
    expect(split).toEqual({ machine: 1.5, cores: 2, groups: { ingestion: 0.6, postgres: 0.3, bench: 0.1 } });
    expect(Object.keys(split!.groups)).toEqual(['ingestion', 'postgres', 'bench']);
    expect(cpuSplitRow(split)).toBe('1.5/2 (ingestion 0.6, postgres 0.3, bench 0.1)');
    expect(cpuSplitRow(null)).toBe('–');
  });

  it('is null without two readings or a span', () => {
    expect(cpuSplit(null, after, 2_000, {}, 2)).toBeNull();
    expect(cpuSplit(before, after, 0, {}, 2)).toBeNull();
  });

  it('reads this machine (Linux) with this process among the pids', () => {
    const now = readCpu();
    if (!now) return expect(process.platform).not.toBe('linux');
    expect(now.total).toBeGreaterThan(now.busy);
    expect(now.byPid.get(process.pid)?.ticks).toBeGreaterThanOrEqual(0);
  });
});
