import type { KpiValue, SampleQuality, SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import { testSample as sample } from '@bsc/common';

const T0 = Date.UTC(2026, 10, 22); // 2026-11-22T00:00Z
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const brief = (values: KpiValue[]) => values.map((v) => [v.kpiId, v.periodKey, v.value]);
const engineFor = (builder: TwinModelBuilder) => new KpiEngine(builder.build(), { clock: () => 0 });

describe(KpiEngine.name, () => {
  describe('period-to-date values', () => {
    const model = () =>
      TwinModelBuilder.model()
        .signal('erp.order_value', 'line1.speed', 'unused')
        .kpi('revenue', 'sum(erp.order_value, period)')
        .kpi('orders', 'count(erp.order_value, period)', { period: 'month' })
        .kpi('speed', 'avg_samples(line1.speed, 1h)');

    it('emits only the KPIs whose inputs changed', () => {
      const sut = engineFor(model());
      const first = sut.ingest([
        sample('erp.order_value', T0 + HOUR, 100),
        sample('erp.order_value', T0 + 2 * HOUR, 50),
      ]);
      expect(brief(first)).toEqual(
        expect.arrayContaining([
          ['revenue', '2026-11-22', 150],
          ['orders', '2026-11', 2],
        ]),
      );
      expect(brief(sut.ingest([sample('erp.order_value', T0 + 3 * HOUR, 25)]))).toEqual([
        ['revenue', '2026-11-22', 175],
        ['orders', '2026-11', 3],
      ]);
      expect(sut.stats()).toMatchObject({ accepted: 3, ignored: 0 });
    });

    it('does not recompute KPIs that do not read the signal', () => {
      const sut = engineFor(model());
      sut.ingest([sample('erp.order_value', T0, 1), sample('line1.speed', T0, 1)]);
      const before = sut.stats().evaluations;
      sut.ingest([sample('erp.order_value', T0 + 1, 2)]);
      // revenue and orders; speed's window (avg per sample over 1 h) slid by 1 ms but still holds the same sample.
      expect(sut.stats().evaluations - before).toBe(2);
      expect(sut.ingest([sample('unused', T0 + 2, 1)])).toEqual([]);
      expect(sut.stats().ignored).toBe(1);
    });

    it('rolls over to the next period and closes the previous one', () => {
      const sut = engineFor(model());
      sut.ingest([sample('erp.order_value', T0 + 23 * HOUR, 10)]);
      const next = sut.ingest([sample('erp.order_value', T0 + DAY + HOUR, 7)]);
      expect(brief(next)).toContainEqual(['revenue', '2026-11-23', 7]);
      expect(sut.valueOf('revenue', '2026-11-22')?.value).toBe(10);
      expect(sut.valueOf('orders', '2026-11')?.value).toBe(2);
      expect(sut.currentValues().map((v) => [v.kpiId, v.periodKey])).toEqual(
        expect.arrayContaining([
          ['revenue', '2026-11-23'],
          ['orders', '2026-11'],
        ]),
      );
    });

    it('evaluates sliding windows at the period end once the period is closed', () => {
      const sut = engineFor(model());
      sut.ingest([
        sample('line1.speed', T0 + 22 * HOUR + 30 * MIN, 10),
        sample('line1.speed', T0 + 23 * HOUR + 30 * MIN, 20),
      ]);
      expect(sut.valueOf('speed', '2026-11-22')?.value).toBe(15);
      sut.ingest([sample('line1.speed', T0 + DAY + 30 * MIN, 40)]);
      // The closed day keeps its last hour [23:00, 24:00); the new day's hour reaches back into it.
      expect(sut.valueOf('speed', '2026-11-22')?.value).toBe(20);
      expect(sut.valueOf('speed', '2026-11-23')?.value).toBe(30);
    });
  });

  describe('late, out-of-order and duplicate samples', () => {
    const model = () =>
      TwinModelBuilder.model().signal('x').kpi('total', 'sum(x, period)').kpi('latest', 'x').kpi('peak', 'max(x, 1h)');

    it('a late sample updates the period it belongs to and emits it', () => {
      const sut = engineFor(model());
      sut.ingest([sample('x', T0 + 10 * HOUR, 5), sample('x', T0 + DAY + HOUR, 1)]);
      const late = sut.ingest([sample('x', T0 + 23 * HOUR + 30 * MIN, 9)]);
      expect(brief(late)).toEqual(
        expect.arrayContaining([
          ['total', '2026-11-22', 14],
          ['latest', '2026-11-22', 9],
          ['peak', '2026-11-22', 9],
        ]),
      );
      expect(late.every((v) => v.periodKey === '2026-11-22' || v.kpiId === 'peak')).toBe(true);
      expect(sut.valueOf('total', '2026-11-23')?.value).toBe(1);
      expect(sut.valueOf('latest', '2026-11-23')?.value).toBe(1);
    });

    it('a sample for last month updates last month and emits it, even beyond the fine horizon', () => {
      const sut = engineFor(TwinModelBuilder.model().signal('x').kpi('monthly', 'sum(x, period)', { period: 'month' }));
      sut.ingest([sample('x', Date.UTC(2026, 9, 10), 5), sample('x', Date.UTC(2026, 10, 20), 1)]);
      const late = sut.ingest([sample('x', Date.UTC(2026, 9, 15), 2)]);
      expect(brief(late)).toEqual([['monthly', '2026-10', 7]]);
      expect(sut.stats().beyondRetention).toBe(1);
    });

    it('duplicates (same signal and timestamp) are idempotent', () => {
      const sut = engineFor(model());
      sut.ingest([sample('x', T0, 5), sample('x', T0 + MIN, 6)]);
      expect(sut.ingest([sample('x', T0, 5), sample('x', T0 + MIN, 6)])).toEqual([]);
      expect(sut.valueOf('total', '2026-11-22')?.value).toBe(11);
      expect(sut.stats().duplicates).toBe(2);
    });

    it('a late sample that becomes the latest of following periods updates them too', () => {
      const sut = engineFor(model());
      sut.ingest([sample('x', T0, 1), sample('x', T0 + 3 * DAY, 4)]);
      expect(sut.valueOf('latest', '2026-11-24')?.value).toBe(1);
      sut.ingest([sample('x', T0 + DAY + HOUR, 2)]);
      expect(sut.valueOf('latest', '2026-11-23')?.value).toBe(2);
      expect(sut.valueOf('latest', '2026-11-24')?.value).toBe(2);
      expect(sut.valueOf('latest', '2026-11-25')?.value).toBe(4);
    });
  });

  describe('KPI over KPI', () => {
    it('computes in dependency order and propagates manual values', () => {
      const sut = engineFor(
        TwinModelBuilder.model()
          .kpi('margin', 'revenue - cogs', { period: 'month' })
          .kpi('revenue', undefined, { period: 'month' })
          .kpi('cogs', undefined, { period: 'month', range: { min: 0 } }),
      );
      expect(sut.kpiIds().indexOf('margin')).toBeGreaterThan(sut.kpiIds().indexOf('revenue'));
      sut.setManualValue('revenue', '2026-11', 1_000, T0);
      const changed = sut.setManualValue('cogs', '2026-11', 600, T0);
      expect(brief(changed)).toEqual([
        ['cogs', '2026-11', 600],
        ['margin', '2026-11', 400],
      ]);
      expect(changed[0].origin).toBe('manual');
      expect(() => sut.setManualValue('cogs', '2026-11', -1, T0)).toThrow(/outside the valid range/);
      expect(() => sut.setManualValue('cogs', '2026-11-01', 1, T0)).toThrow(/not a month period key/);
      expect(() => sut.setManualValue('margin', '2026-11', 1, T0)).toThrow(/does not accept manual values/);
      expect(() => sut.setManualValue('nope', '2026-11', 1, T0)).toThrow(/unknown KPI/);
    });

    it('lets a manual value override a computed one and lists history oldest first', () => {
      const sut = engineFor(TwinModelBuilder.model().signal('x').kpi('k', 'sum(x, period)', { manualEntry: true }));
      sut.ingest([sample('x', T0, 1), sample('x', T0 + DAY, 2)]);
      sut.setManualValue('k', '2026-11-22', 10, T0 + 2 * DAY);
      expect(sut.history('k').map((v) => [v.periodKey, v.value, v.origin])).toEqual([
        ['2026-11-22', 10, 'manual'],
        ['2026-11-23', 2, 'computed'],
      ]);
      expect(sut.ingest([sample('x', T0 + HOUR, 5)])).toEqual([]);
      expect(sut.currentValues()).toEqual([expect.objectContaining({ periodKey: '2026-11-23', value: 2 })]);
    });

    it('replay returns the final value of each changed period once', () => {
      const sut = engineFor(TwinModelBuilder.model().signal('x').kpi('k', 'sum(x, period)'));
      const values = sut.replay([sample('x', T0 + DAY, 2), sample('x', T0, 1), sample('x', T0 + 1, 1)]);
      expect(brief(values).sort()).toEqual([
        ['k', '2026-11-22', 2],
        ['k', '2026-11-23', 2],
      ]);
    });

    it('aggregates a daily KPI over a monthly period', () => {
      const sut = engineFor(
        TwinModelBuilder.model()
          .signal('x')
          .kpi('daily', 'avg(x, period)')
          .kpi('monthly', 'avg(daily, period)', { period: 'month' }),
      );
      sut.ingest([sample('x', T0, 2), sample('x', T0 + HOUR, 4), sample('x', T0 + DAY, 9)]);
      expect(sut.valueOf('monthly', '2026-11')?.value).toBe(6);
    });

    it.each([
      ['unknown input', TwinModelBuilder.model().kpi('a', 'b + 1'), /unknown signal or KPI 'b'/],
      ['cycle', TwinModelBuilder.model().kpi('a', 'b + 1').kpi('b', 'a * 2'), /depends on itself/],
      ['syntax', TwinModelBuilder.model().kpi('a', '1 +'), /line 1, col 4/],
      [
        'an invalid update frequency',
        TwinModelBuilder.model().kpi('a', '1', { updateFrequency: 'often' }),
        /invalid updateFrequency 'often'/,
      ],
    ])('refuses a model with %s', (_name, builder, message) => {
      expect(() => engineFor(builder)).toThrow(message);
    });
  });

  describe('data quality', () => {
    const model = () =>
      TwinModelBuilder.model()
        .signal('a', 'b', 'clock')
        .kpi('ab', 'coalesce(avg(a, period), 0) + coalesce(avg(b, period), 0)');

    // stale: an input whose newest sample is bad has no current value (a death's restatement, a Bad status)
    it.each<[string, SignalSample[], number, SampleQuality, number, boolean]>([
      ['both inputs', [sample('a', T0, 1), sample('b', T0, 2)], 1, 'good', 3, false],
      ['one input missing', [sample('a', T0, 1)], 0.5, 'good', 1, false],
      ['an uncertain input', [sample('a', T0, 1), sample('b', T0, 2, 'uncertain')], 1, 'uncertain', 3, false],
      [
        'bad samples excluded',
        [sample('a', T0, 1), sample('a', T0 + 1, 1_000, 'bad'), sample('b', T0, 2)],
        1,
        'good',
        3,
        true,
      ],
      [
        'a bad sample older than a usable one',
        [sample('a', T0, 1_000, 'bad'), sample('a', T0 + 1, 1), sample('b', T0, 2)],
        1,
        'good',
        3,
        false,
      ],
      ['an input with only bad samples', [sample('a', T0, 1), sample('b', T0, 2, 'bad')], 0.5, 'bad', 1, true],
      ['non-finite values are bad', [sample('a', T0, Number.NaN), sample('b', T0, 2)], 0.5, 'bad', 2, true],
    ])('%s', (_name, samples, coverage, quality, value, stale) => {
      const sut = engineFor(model());
      sut.ingest(samples);
      expect(sut.valueOf('ab', '2026-11-22')).toMatchObject({ value, quality: { coverage, quality, stale } });
    });

    it('goes stale when an input falls behind the watermark by 3 update intervals, and recovers', () => {
      const sut = engineFor(model());
      sut.ingest([sample('a', T0, 1), sample('b', T0, 2)]);
      expect(sut.ingest([sample('a', T0 + 3 * MIN, 1)])).toMatchObject([{ quality: { stale: false } }]);
      const stale = sut.ingest([sample('a', T0 + 3 * MIN + 1, 1)]);
      expect(stale).toMatchObject([{ kpiId: 'ab', quality: { stale: true } }]);
      const fresh = sut.ingest([sample('b', T0 + 4 * MIN, 2)]);
      expect(fresh[0].quality.stale).toBe(false);
    });

    it('tick(now) flags staleness without changing the value', () => {
      const sut = engineFor(model());
      sut.ingest([sample('a', T0, 1), sample('b', T0, 2)]);
      expect(sut.tick(T0 + 2 * MIN)).toEqual([]);
      expect(sut.tick(T0 + 10 * MIN)).toMatchObject([{ value: 3, quality: { stale: true } }]);
    });

    it('keeps a signal stale through further bad samples until a usable one newer than all of them', () => {
      // b's death restated bad at T0 + 1 MIN, a second death at T0 + 2 MIN: the value stays 1 + 2 = 3 (bad samples
      // are not read, a and b held at 1 and 2) and stale. A good 2 at T0 + 1 MIN + 1 is older than the second bad
      // one: still stale. A good 2 at T0 + 2 MIN + 1 is newer than both: fresh, the value still 1 + 2 = 3 (a is
      // 2 MIN + 1 ms old, within 3 update intervals of 1 min).
      const sut = engineFor(model());
      sut.ingest([sample('a', T0, 1), sample('b', T0, 2)]);
      sut.ingest([sample('b', T0 + MIN, 2, 'bad')]);
      sut.ingest([sample('b', T0 + 2 * MIN, 2, 'bad')]);
      expect(sut.valueOf('ab', '2026-11-22')).toMatchObject({ value: 3, quality: { stale: true } });
      sut.ingest([sample('b', T0 + MIN + 1, 2)]);
      expect(sut.valueOf('ab', '2026-11-22')).toMatchObject({ value: 3, quality: { stale: true } });
      expect(sut.ingest([sample('b', T0 + 2 * MIN + 1, 2)])).toMatchObject([{ value: 3, quality: { stale: false } }]);
    });

    it('marks a signal stale from its data alone: a bad sample newer than its usable ones', () => {
      // Only the death's bad restatement of b, as every engine gets it (a KPI worker's too).
      const sut = engineFor(model());
      sut.ingest([sample('a', T0, 1), sample('b', T0, 2)]);
      expect(sut.ingest([sample('b', T0 + MIN, 2, 'bad')])).toMatchObject([{ value: 3, quality: { stale: true } }]);
      // a late good sample before the bad one does not clear it: b's newest sample is still the bad one
      // (only the value's time moves to it: the newest sample read)
      expect(sut.ingest([sample('b', T0 + MIN - 1, 2)])).toMatchObject([
        { value: 3, asOf: T0 + MIN - 1, quality: { stale: true } },
      ]);
      expect(sut.ingest([sample('b', T0 + MIN + 1, 2)])).toMatchObject([{ value: 3, quality: { stale: false } }]);
      // a late bad sample older than b's newest usable one changes nothing
      expect(sut.ingest([sample('b', T0 + MIN / 2, 2, 'bad')])).toEqual([]);
    });

    it('marks the open period stale for a bad sample dated in a closed one', () => {
      // b good at 23:59:30 of the 22nd, a at 00:00:30 of the 23rd opens that day (a 1, b carried in at 2: 3; b a
      // minute old, fresh for 3); a death dated 23:59:45 of the 22nd (a DDEATH's own timestamp) is b's newest
      // sample: the open day turns stale though the sample is in the closed one.
      const S = 1000;
      const sut = engineFor(model());
      sut.ingest([sample('a', T0 + DAY - 30 * S, 1), sample('b', T0 + DAY - 30 * S, 2)]);
      sut.ingest([sample('a', T0 + DAY + 30 * S, 1)]);
      expect(sut.valueOf('ab', '2026-11-23')).toMatchObject({ value: 3, quality: { stale: false } });
      sut.ingest([sample('b', T0 + DAY - 15 * S, 2, 'bad')]);
      expect(sut.valueOf('ab', '2026-11-23')).toMatchObject({ value: 3, quality: { stale: true } });
    });
  });

  describe('calendars and long windows', () => {
    it('reports quarterly KPIs on an April fiscal year in a fixed-offset zone', () => {
      const sut = engineFor(
        TwinModelBuilder.model()
          .calendar({ fiscalYearStartMonth: 4, timezone: '+01:00' })
          .signal('sales')
          .kpi('revenue', 'sum(sales, period)', { period: 'quarter' }),
      );
      // 31 Dec 23:30 UTC is already 1 Jan local time: Q4 of FY2027.
      sut.ingest([
        sample('sales', Date.UTC(2026, 11, 31, 22, 30), 5),
        sample('sales', Date.UTC(2026, 11, 31, 23, 30), 7),
      ]);
      expect(sut.valueOf('revenue', 'FY2027-Q3')?.value).toBe(5);
      expect(sut.valueOf('revenue', '2027-Q4')).toMatchObject({
        periodKey: 'FY2027-Q4',
        value: 7,
        periodStart: Date.UTC(2026, 11, 31, 23),
      });
    });

    it('follows daylight saving time in an IANA zone', () => {
      const sut = engineFor(
        TwinModelBuilder.model()
          .calendar({ timezone: 'Europe/Berlin' })
          .signal('x')
          .kpi('daily', 'sum(x, period) + count(x, 2h)'),
      );
      // 29 March 2026 has 23 hours in Berlin; 22:30 UTC that evening is already 30 March, 00:30 local.
      sut.ingest([sample('x', Date.UTC(2026, 2, 29, 21, 30), 1), sample('x', Date.UTC(2026, 2, 29, 22, 30), 10)]);
      expect(sut.valueOf('daily', '2026-03-29')).toMatchObject({ value: 2, periodEnd: Date.UTC(2026, 2, 29, 22) });
      expect(sut.valueOf('daily', '2026-03-30')?.value).toBe(12);
    });

    it('serves a 30-day window (hour buckets beyond the fine horizon)', () => {
      const sut = engineFor(
        TwinModelBuilder.model().signal('cogs').kpi('cogs30', 'sum(cogs, 30d)', { period: 'month' }),
      );
      const samples = Array.from({ length: 40 }, (_, day) => sample('cogs', T0 - 39 * DAY + day * DAY + 12 * HOUR, 1));
      // Live, one day at a time: October closes when November's first sample arrives, well within latenessMs.
      for (const s of samples) sut.ingest([s]);
      // Open month, window (now - 30d, now]: noon of days -29 .. 0; the start is quantised down to the hour,
      // which also takes in the sample exactly 30 days before the newest (the documented precision trade-off).
      expect(sut.valueOf('cogs30', '2026-11')?.value).toBe(31);
      // October closed at its end: its last 30 days hold the samples of 14..31 October.
      expect(sut.valueOf('cogs30', '2026-10')?.value).toBe(18);
    });

    it('drops samples with an invalid timestamp', () => {
      const sut = engineFor(TwinModelBuilder.model().signal('x').kpi('n', 'count(x, period)'));
      expect(sut.ingest([sample('x', Number.NaN, 1)])).toEqual([]);
      expect(sut.stats().invalid).toBe(1);
    });
  });
});
