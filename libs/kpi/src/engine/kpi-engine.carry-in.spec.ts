import { testSample as sample, type SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import type { ReplayHorizon } from './replay-horizon';

const D = Date.UTC(2026, 10, 22); // a day period, 00:00Z
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// A gauge held a day and a counter, both read over the last hour, and `ticks`, the only reader of `clock`, whose
// samples move the watermark. 1-minute buckets over the default 6 h fine horizon.
const model = () =>
  TwinModelBuilder.model()
    .signal('g', 'c', 'clock')
    .declare({ maxHold: '1d' }, 'g')
    .declare({ kind: 'counter' }, 'c')
    .declare({ kind: 'amount' }, 'clock')
    .kpi('g_avg', 'avg(g, 1h)', { updateFrequency: '1h' })
    .kpi('g_min', 'min(g, 1h)', { updateFrequency: '1h' })
    .kpi('g_max', 'max(g, 1h)', { updateFrequency: '1h' })
    .kpi('c_sum', 'sum(c, 1h)', { updateFrequency: '1h' })
    .kpi('c_delta', 'delta(c, 1h)', { updateFrequency: '1h' })
    .kpi('c_rate', 'rate(c, 1h)', { updateFrequency: '1h' })
    .kpi('ticks', 'sum(clock, period)', { updateFrequency: '1h' })
    .build();
const engine = () => new KpiEngine(model(), { clock: () => 0, checkpointReplayMs: 10 * MIN });

// The readings before the window, at 10:00, are 13.5 h older than the ones inside it, at 23:30: far behind the
// fine horizon, in the same day.
const early = [sample('g', D + 10 * HOUR, 100), sample('c', D + 10 * HOUR, 100)];
const late = [sample('g', D + 23 * HOUR + 30 * MIN, 40), sample('c', D + 23 * HOUR + 30 * MIN, 150)];
const closeDay = sample('clock', D + DAY + 10 * MIN, 1);
const atWatermark = sample('clock', D + 23 * HOUR + 45 * MIN, 1);

const COUNTER = { c_sum: 150 - 100, c_delta: 150 - 100, c_rate: 50 / (13.5 * 3_600) }; // 50 since 10:00, 48,600 s
// The closed day's window [23:00, 24:00): 100 held from 23:00 to 23:30, then 40 to the day's end.
const CLOSED = { g_avg: (100 * 30 + 40 * 30) / 60, g_min: 40, g_max: 100, ...COUNTER };
// The open day at the watermark 23:45: [22:45:00.001, 23:45:00.001) starts on the bucket edge 22:45, so 100 is held
// 45 min (2,700,000 ms) and 40 from 23:30 to the window's end (900,001 ms).
const OPEN = { ...CLOSED, g_avg: (100 * 2_700_000 + 40 * 900_001) / 3_600_001 };

/** Newest usable sample per signal before the horizon, then everything from it: what storage gives a restore. */
function stored(samples: readonly SignalSample[], horizon: ReplayHorizon): SignalSample[] {
  const before = [...horizon.signals.keys()].map(
    (id) => samples.filter((s) => s.signalId === id && s.ts < horizon.from).sort((x, y) => y.ts - x.ts)[0],
  );
  return [...before.filter((s) => s !== undefined), ...samples.filter((s) => s.ts >= horizon.from)];
}

function restored(samples: readonly SignalSample[], rest: readonly SignalSample[]): KpiEngine {
  const source = engine();
  source.ingest(samples);
  const sut = engine();
  const horizon = sut.restore({ data: source.checkpoint()!.data });
  sut.replay(stored(samples, horizon));
  sut.finishRestore();
  sut.ingest(rest);
  return sut;
}

function live(...batches: SignalSample[][]): KpiEngine {
  const sut = engine();
  for (const batch of batches) sut.ingest(batch);
  return sut;
}

function replayed(samples: SignalSample[]): KpiEngine {
  const sut = engine();
  sut.replay(samples);
  return sut;
}

describe(`${KpiEngine.name} carries the reading before a window in, at any age`, () => {
  it.each([
    ['live, the day closed by a later sample', () => live([...early, ...late], [closeDay]), CLOSED],
    ['replayed', () => replayed([...early, ...late, closeDay]), CLOSED],
    ['one sample at a time', () => live(...[...early, ...late, closeDay].map((s) => [s])), CLOSED],
    ['the open day at a watermark', () => live([...early, ...late], [atWatermark]), OPEN],
    ['the reading before arriving late, after the day closed', () => live([...late, closeDay], early), CLOSED],
    [
      'an older late reading that does not displace it',
      () => live([...early, ...late, closeDay], [sample('g', D + 8 * HOUR, 0), sample('c', D + 8 * HOUR, 70)]),
      CLOSED,
    ],
    [
      'restored from a checkpoint of the open day, closed after',
      () => restored([...early, ...late, atWatermark], [closeDay]),
      CLOSED,
    ],
  ])('%s', (_name, run, expected) => {
    const sut = run();
    const values = Object.fromEntries(Object.keys(expected).map((id) => [id, sut.valueOf(id, '2026-11-22')?.value]));
    expect(values).toEqual(
      Object.fromEntries(Object.entries(expected).map(([id, v]) => [id, expect.closeTo(v, 12) as unknown])),
    );
  });
});

describe(`${KpiEngine.name} carries the reading before a window longer than the fine horizon in`, () => {
  // Windows of 7 days (hour buckets over the window and 6 h of lateness) in a month KPI.
  const weekly = () =>
    new KpiEngine(
      TwinModelBuilder.model()
        .signal('g', 'c', 'clock')
        .declare({ maxHold: '30d' }, 'g')
        .declare({ kind: 'counter' }, 'c')
        .declare({ kind: 'amount' }, 'clock')
        .kpi('g_avg', 'avg(g, 7d)', { period: 'month' })
        .kpi('g_max', 'max(g, 7d)', { period: 'month' })
        .kpi('c_sum', 'sum(c, 7d)', { period: 'month' })
        .kpi('c_rate', 'rate(c, 7d)', { period: 'month' })
        .kpi('ticks', 'sum(clock, period)', { period: 'month' })
        .build(),
      { clock: () => 0 },
    );
  const nov = (day: number): number => Date.UTC(2026, 10, day);
  // Readings on 2, 25 and 28 November; the month closed on 1 December. Its window [24 Nov, 1 Dec) holds the two
  // later ones, the one of the 25th also behind the fine buckets: the reading carried in, of the 2nd, is behind
  // the hour buckets too.
  const readings = [
    ...[100, 40, 70].map((v, i) => sample('g', nov([2, 25, 28][i]), v)),
    ...[100, 120, 150].map((v, i) => sample('c', nov([2, 25, 28][i]), v)),
    sample('clock', Date.UTC(2026, 11, 1, 0, 10), 1),
  ];
  // gauge: 100 held 1 day, 40 for 3, 70 for 3; counter: 100 → 120 → 150 over 26 days (2,246,400 s)
  const expected = { g_avg: (100 + 40 * 3 + 70 * 3) / 7, g_max: 100, c_sum: 50, c_rate: 50 / 2_246_400 };

  it.each([
    ['live', (sut: KpiEngine) => sut.ingest(readings)],
    ['one sample at a time', (sut: KpiEngine) => readings.forEach((s) => sut.ingest([s]))],
    ['replayed', (sut: KpiEngine) => sut.replay(readings)],
  ])('%s', (_name, feed) => {
    const sut = weekly();
    feed(sut);
    const values = Object.fromEntries(Object.keys(expected).map((id) => [id, sut.valueOf(id, '2026-11')?.value]));
    expect(values).toEqual({ ...expected, g_avg: expect.closeTo(expected.g_avg, 12) as unknown });
  });
});
