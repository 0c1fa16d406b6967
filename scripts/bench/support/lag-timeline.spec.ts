import { describeWindow, lagWindows, worstWindows, type TimelinePoll } from './lag-timeline';

/** A /metrics text whose lag histogram holds `n1` observations under 1 s and `n5` between 1 and 5 s (cumulative). */
function lagText(n1: number, n5: number): string {
  return [
    `bsc_ingest_lag_seconds_bucket{le="1"} ${n1}`,
    `bsc_ingest_lag_seconds_bucket{le="5"} ${n1 + n5}`,
    `bsc_ingest_lag_seconds_bucket{le="+Inf"} ${n1 + n5}`,
  ].join('\n');
}

const poll = (atS: number, n1: number, n5: number, foldedUpTo: number, checkpointAt: number): TimelinePoll => ({
  atS,
  metrics: lagText(n1, n5),
  foldedUpTo,
  checkpointAt,
});

// 0-2 s: 100 under 1 s; 2-4 s: 100 more under 1 s, a fold committed; 4-6 s: 100 between 1 and 5 s, a checkpoint
const POLLS = [
  poll(0, 0, 0, 60_000, 1),
  poll(2, 100, 0, 60_000, 1),
  poll(4, 200, 0, 120_000, 1),
  poll(6, 200, 100, 120_000, 2),
];

describe(lagWindows.name, () => {
  it('gives each interval the p99 of the lag observed in it and the work that finished in it', () => {
    const windows = lagWindows(POLLS);

    // under 1 s: rank 99 of 100 in the bucket (0, 1]: 0.99 s; between 1 and 5: 1 + 4 * 0.99 = 4.96 s
    expect(windows.map(({ writeLoop: _loop, ...w }) => w)).toEqual([
      { fromS: 0, toS: 2, lagP99Ms: 990, fold: false, checkpoint: false },
      { fromS: 2, toS: 4, lagP99Ms: 990, fold: true, checkpoint: false },
      { fromS: 4, toS: 6, lagP99Ms: 4960, fold: false, checkpoint: true },
    ]);
  });

  it("gives each interval the write loop's figures in it", () => {
    const loop = (writes: number, writeS: number, kpiS: number) =>
      [
        `bsc_sample_write_seconds_sum ${writeS}`,
        `bsc_sample_write_seconds_count ${writes}`,
        `bsc_kpi_batch_seconds_sum ${kpiS}`,
        `bsc_kpi_batch_seconds_count ${writes}`,
      ].join('\n');
    const polls = [
      { ...poll(0, 0, 0, 0, 0), metrics: `${lagText(0, 0)}\n${loop(0, 0, 0)}` },
      // 40 writes in 2 s: 1.2 s writing (30 ms each), 0.4 s in the KPI engine (10 ms each), busy 1.6 / 2 = 0.8
      { ...poll(2, 100, 0, 0, 0), metrics: `${lagText(100, 0)}\n${loop(40, 1.2, 0.4)}` },
    ];

    const [window] = lagWindows(polls);

    expect(window.writeLoop).toMatchObject({ writes: 40, meanWriteMs: 30, meanKpiMs: 10, busy: 0.8 });
    expect(describeWindow(window)).toBe('0-2 s 990 ms (writes 30 + 10 ms, busy 0.8)');
  });
});

describe(worstWindows.name, () => {
  it('orders by lag, worst first, and marks the work of the window and the ones just before it', () => {
    const worst = worstWindows(lagWindows(POLLS), 2, 1);

    expect(worst.map(describeWindow)).toEqual(['4-6 s 4960 ms fold+checkpoint', '0-2 s 990 ms']);
  });

  it('leaves out windows without observations', () => {
    const quiet = [poll(0, 0, 0, 0, 0), poll(2, 0, 0, 0, 0)];

    expect(worstWindows(lagWindows(quiet), 3)).toEqual([]);
  });
});
