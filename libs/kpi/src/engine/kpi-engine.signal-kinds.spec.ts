import type { SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import { testSample as sample } from '@bsc/common';

const T0 = Date.UTC(2026, 10, 22); // 2026-11-22T00:00Z, a day period
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const engineFor = (builder: TwinModelBuilder) => new KpiEngine(builder.build(), { clock: () => 0 });
/** A sample of a signal only `clock_kpi` reads: moves the watermark (closes periods) without touching the others. */
const tick = (ts: number) => sample('clock', ts, 1);
const valueOf = (sut: KpiEngine, kpiId: string, day = '2026-11-22') => sut.valueOf(kpiId, day)?.value;

function inBatches(sut: KpiEngine, samples: SignalSample[], size = 500): void {
  for (let i = 0; i < samples.length; i += size) sut.ingest(samples.slice(i, i + size));
}

describe(`${KpiEngine.name} signal kinds`, () => {
  describe('sparse history next to dense live data (a gauge)', () => {
    const model = () =>
      TwinModelBuilder.model()
        .signal('availability', 'clock')
        .declare({ maxHold: '20m' }, 'availability')
        .declare({ kind: 'amount' }, 'clock')
        .kpi('by_time', 'avg(availability, period)')
        .kpi('by_sample', 'avg_samples(availability, period)')
        .kpi('clock_kpi', 'sum(clock, period)');
    // History every 10 minutes at 90 % from 00:00 to 11:50 (72 samples); live data every second at 30 % from
    // 12:00:00 to 13:00:00 (3601 samples); then nothing until the next day.
    const history = Array.from({ length: 72 }, (_, i) => sample('availability', T0 + i * 10 * MIN, 90));
    const live = Array.from({ length: 3_601 }, (_, i) => sample('availability', T0 + 12 * HOUR + i * SEC, 30));
    // By time: 90 % held 12 h (each history sample 10 min, within the 20 min hold) = 720 min; 30 % from 12:00 to
    // 13:00 plus the last sample's 20 min hold = 80 min; the rest of the day is missing, not averaged:
    // (90·720 + 30·80) / (720 + 80) = (64 800 + 2 400) / 800 = 84.
    const BY_TIME = 84;
    // By sample: (72·90 + 3601·30) / 3673 = (6 480 + 108 030) / 3673 ≈ 31.18 — the live seconds outweigh the history hours.
    const BY_SAMPLE = (72 * 90 + 3_601 * 30) / 3_673;

    it('averages time, not samples, when history arrives first', () => {
      const sut = engineFor(model());
      inBatches(sut, [...history, ...live, tick(T0 + DAY + HOUR)]);
      expect(valueOf(sut, 'by_time')).toBeCloseTo(BY_TIME, 9);
      expect(valueOf(sut, 'by_sample')).toBeCloseTo(BY_SAMPLE, 9);
    });

    it('gives the same when the history is backfilled after the live data (older than the fine horizon)', () => {
      const sut = engineFor(model());
      inBatches(sut, live);
      // Backfilled in time order while live data already arrived: 00:00-06:50 is more than 6 h behind 13:00.
      inBatches(sut, history, 7);
      sut.ingest([tick(T0 + DAY + HOUR)]);
      expect(valueOf(sut, 'by_time')).toBeCloseTo(BY_TIME, 9);
      expect(valueOf(sut, 'by_sample')).toBeCloseTo(BY_SAMPLE, 9);
      const replayed = engineFor(model());
      replayed.replay([...live, ...history, tick(T0 + DAY + HOUR)]);
      expect(valueOf(sut, 'by_time')).toBe(valueOf(replayed, 'by_time'));
    });

    it('gives the same when a restart replays part of the history and the gap is filled after live data', () => {
      const sut = engineFor(model());
      sut.replay(history.slice(0, 24)); // stored up to 03:50
      inBatches(sut, live); // the platform is back at 12:00
      inBatches(sut, history.slice(24), 5); // the gap 04:00-11:50, in time order
      sut.ingest([tick(T0 + DAY + HOUR)]);
      expect(valueOf(sut, 'by_time')).toBeCloseTo(BY_TIME, 9);
      expect(sut.stats().unjoined).toBe(0);
    });
  });

  it('holds a gauge at most maxHold; undeclared, as long as its most frequent KPI calls it fresh', () => {
    const sut = engineFor(
      TwinModelBuilder.model()
        .signal('short', 'long', 'derived', 'clock')
        .declare({ maxHold: '1h' }, 'short')
        .declare({ maxHold: '1d' }, 'long')
        .declare({ kind: 'amount' }, 'clock')
        .kpi('short_avg', 'avg(short, period)')
        .kpi('long_avg', 'avg(long, period)')
        // Undeclared: 3 update intervals of the most frequent reader (1 h) = 3 h; the daily reader does not lengthen it.
        .kpi('derived_avg', 'avg(derived, period)', { updateFrequency: '1h' })
        .kpi('derived_daily', 'max(derived, period)', { updateFrequency: '1d' })
        .kpi('clock_kpi', 'sum(clock, period)'),
    );
    sut.ingest(['short', 'long', 'derived'].flatMap((id) => [sample(id, T0, 50), sample(id, T0 + 5 * HOUR, 100)]));
    sut.ingest([tick(T0 + DAY + HOUR)]);
    // 50 held 1 h, 100 held 1 h: (50 + 100) / 2 = 75.
    expect(valueOf(sut, 'short_avg')).toBe(75);
    // 50 held 5 h, 100 held to the day end, 19 h: (50·5 + 100·19) / 24 = 2150 / 24.
    expect(valueOf(sut, 'long_avg')).toBeCloseTo(2_150 / 24, 12);
    // 50 held 3 h, 100 held 3 h: 75.
    expect(valueOf(sut, 'derived_avg')).toBe(75);
  });

  it('holds the last level of the open period up to the watermark', () => {
    const sut = engineFor(
      TwinModelBuilder.model()
        .signal('x', 'clock')
        .declare({ maxHold: '2h' }, 'x')
        .declare({ kind: 'amount' }, 'clock')
        .kpi('level', 'avg(x, period)')
        .kpi('clock_kpi', 'sum(clock, period)'),
    );
    sut.ingest([sample('x', T0, 10), sample('x', T0 + HOUR, 20)]);
    // The open period is read up to the watermark + 1 ms: (10·3 600 000 + 20·1) / 3 600 001.
    expect(valueOf(sut, 'level')).toBeCloseTo((10 * HOUR + 20) / (HOUR + 1), 12);
    // Another signal moves the watermark to 02:00: 20 now held 1 h + 1 ms.
    sut.ingest([tick(T0 + 2 * HOUR)]);
    expect(valueOf(sut, 'level')).toBeCloseTo((10 * HOUR + 20 * (HOUR + 1)) / (2 * HOUR + 1), 12);
  });

  it('gives a counter its increase across resets, from the previous reading, and takes a late reading', () => {
    const sut = engineFor(
      TwinModelBuilder.model()
        .signal('meter')
        .declare({ kind: 'counter' }, 'meter')
        .kpi('energy', 'sum(meter, period)'),
    );
    sut.ingest([
      sample('meter', T0, 100),
      sample('meter', T0 + 6 * HOUR, 150),
      sample('meter', T0 + 12 * HOUR, 30),
      sample('meter', T0 + 18 * HOUR, 80),
    ]);
    // Day 1: no earlier reading; 150 - 100 = 50, 30 is a reset (+30), 80 - 30 = 50: 130.
    expect(valueOf(sut, 'energy')).toBe(130);
    // A late reading 10 at 15:00 (within the fine horizon): 30 → 10 is a reset (+10), 10 → 80 = +70:
    // 50 + 30 + 10 + 70 = 160.
    sut.ingest([sample('meter', T0 + 15 * HOUR, 10)]);
    expect(valueOf(sut, 'energy')).toBe(160);
    // Day 2 counts from day 1's last reading: 120 - 80 = 40.
    sut.ingest([sample('meter', T0 + DAY + 6 * HOUR, 120)]);
    expect([valueOf(sut, 'energy'), valueOf(sut, 'energy', '2026-11-23')]).toEqual([160, 40]);
  });

  it('counts a late sample between two readings older than the fine horizon as unjoined', () => {
    const sut = engineFor(
      TwinModelBuilder.model()
        .signal('meter')
        .declare({ kind: 'counter' }, 'meter')
        .kpi('energy', 'sum(meter, period)'),
    );
    sut.ingest([sample('meter', T0, 100), sample('meter', T0 + 12 * HOUR, 130)]);
    sut.ingest([sample('meter', T0 + DAY, 160)]); // day 1's readings are now more than 6 h behind
    // 06:00 lands between 00:00 and 12:00, both out of the fine buckets and not the end of a run in time order:
    // counted per sample (count 3), but day 1 keeps its one step 130 - 100 = 30 until a replay.
    sut.ingest([sample('meter', T0 + 6 * HOUR, 110)]);
    expect([valueOf(sut, 'energy'), sut.stats().unjoined]).toEqual([30, 1]);
  });

  it('adds amounts and averages them per sample', () => {
    const sut = engineFor(
      TwinModelBuilder.model()
        .signal('good')
        .declare({ kind: 'amount' }, 'good')
        .kpi('made', 'sum(good, period)')
        .kpi('per_batch', 'avg(good, period)'),
    );
    sut.ingest([sample('good', T0 + HOUR, 5), sample('good', T0 + 2 * HOUR, 7), sample('good', T0 + 9 * HOUR, 3)]);
    // 5 + 7 + 3 = 15; (5 + 7 + 3) / 3 = 5, whatever the spacing.
    expect([valueOf(sut, 'made'), valueOf(sut, 'per_batch')]).toEqual([15, 5]);
  });
});
