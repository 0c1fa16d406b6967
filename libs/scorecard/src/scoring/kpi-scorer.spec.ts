import fc from 'fast-check';
import { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef } from '@bsc/twin';
import { aKpi } from '../test-support/scorecard-items.builder';
import { scoreKpi } from './kpi-scorer';
import type { KpiStatus, ScoringContext } from './scoring.types';

const NOW = Date.UTC(2026, 10, 22);
const ctx = (extra: Partial<ScoringContext> = {}): ScoringContext => ({ periodKey: '2026-11', now: NOW, ...extra });

const higher = aKpi({
  direction: 'higher_is_better',
  target: 100,
  thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
});
const lower = aKpi({
  direction: 'lower_is_better',
  target: 20,
  thresholds: { mode: 'absolute', atRisk: 2, offTarget: 4 },
});
const band = aKpi({
  direction: 'band',
  target: undefined,
  band: { lower: 40, upper: 60 },
  thresholds: { mode: 'absolute', atRisk: 2, offTarget: 5 },
});
const percent = aKpi({
  direction: 'higher_is_better',
  target: 200,
  thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
});
const percentLower = aKpi({
  direction: 'lower_is_better',
  target: 0.3,
  thresholds: { mode: 'percent', atRisk: 10, offTarget: 20 },
});

describe(scoreKpi.name, () => {
  describe('status and score by direction (boundaries inclusive: <= atRisk on target, >= offTarget off target)', () => {
    it.each<[string, KpiDef, number, KpiStatus, number, number]>([
      // name, def, value, status, score, deviation
      ['higher: above target', higher, 120, 'on_target', 10, -20],
      ['higher: exactly at target', higher, 100, 'on_target', 10, 0],
      ['higher: deviation == atRisk', higher, 95, 'on_target', 7.5, 5],
      ['higher: just past atRisk', higher, 94, 'at_risk', 7, 6],
      ['higher: deviation == offTarget', higher, 90, 'off_target', 5, 10],
      ['higher: at default baseline (target - 2 x offTarget)', higher, 80, 'off_target', 0, 20],
      ['higher: below baseline is capped at 0', higher, 10, 'off_target', 0, 90],
      ['lower: below target', lower, 15, 'on_target', 10, -5],
      ['lower: deviation == atRisk', lower, 22, 'on_target', 7.5, 2],
      ['lower: between thresholds', lower, 23, 'at_risk', 6.25, 3],
      ['lower: deviation == offTarget', lower, 24, 'off_target', 5, 4],
      ['lower: at default baseline', lower, 28, 'off_target', 0, 8],
      ['band: inside', band, 50, 'on_target', 10, 0],
      ['band: on the lower edge', band, 40, 'on_target', 10, 0],
      ['band: on the upper edge', band, 60, 'on_target', 10, 0],
      ['band: below by atRisk', band, 38, 'on_target', 8, 2],
      ['band: above, between thresholds', band, 63, 'at_risk', 7, 3],
      ['band: above by offTarget', band, 65, 'off_target', 5, 5],
      ['band: far below', band, 0, 'off_target', 0, 40],
      ['percent: 5 % of 200 = 10 is on target', percent, 190, 'on_target', 7.5, 10],
      ['percent: between 5 % and 10 %', percent, 185, 'at_risk', 6.25, 15],
      ['percent: 10 % of 200 = 20 is off target', percent, 180, 'off_target', 5, 20],
      ['percent: boundary exact despite floating point (10 % of 0.3)', percentLower, 0.33, 'on_target', 7.5, 0.03],
      ['percent: boundary exact despite floating point (20 % of 0.3)', percentLower, 0.36, 'off_target', 5, 0.06],
    ])('%s', (_name, def, value, status, score, deviation) => {
      const sut = scoreKpi(def, value, ctx());

      expect(sut.status).toBe(status);
      expect(sut.score).toBeCloseTo(score, 9);
      expect(sut.deviation).toBeCloseTo(deviation, 9);
    });
  });

  describe('explicit baseline', () => {
    it.each<[string, KpiDef, number, number]>([
      ['higher: baseline 50 halves the slope', aKpi({ target: 100, baseline: 50 }), 75, 5],
      ['higher: at baseline scores 0', aKpi({ target: 100, baseline: 50 }), 50, 0],
      ['lower: baseline 40', aKpi({ direction: 'lower_is_better', target: 20, baseline: 40 }), 25, 7.5],
      [
        'band: baseline below the band scores the low side',
        aKpi({ direction: 'band', band: { lower: 40, upper: 60 }, baseline: 20 }),
        30,
        5,
      ],
      [
        'band: baseline on the other side is ignored (default span 2 x 10)',
        aKpi({ direction: 'band', band: { lower: 40, upper: 60 }, baseline: 20 }),
        70,
        5,
      ],
      ['higher: baseline on the favourable side is ignored', aKpi({ target: 100, baseline: 150 }), 90, 5],
    ])('%s', (_name, def, value, score) => {
      expect(scoreKpi(def, value, ctx()).score).toBeCloseTo(score, 9);
    });
  });

  describe('target resolution', () => {
    const def = aKpi({
      target: 100,
      targets: [{ period: '2026-11', value: 120 }],
    });
    const overrides = new Map([
      [
        'kpi',
        new Map([
          ['2026-11', { value: 999 }],
          ['2026-12', { value: 130 }],
        ]),
      ],
    ]);
    const modelOnly = new Map([['kpi', new Map([['2026-12', { value: 130 }]])]]);

    it('uses the exact per-period target from the model without an override', () => {
      expect(scoreKpi(def, 100, ctx({ periodKey: '2026-11', targetsOverride: modelOnly })).target).toBe(120);
    });

    it.each<[string, string, number]>([
      ['a run-time override wins over the model', '2026-11', 999],
      ['override when no per-period target', '2026-12', 130],
      ['default target otherwise', '2027-01', 100],
    ])('%s', (_name, periodKey, target) => {
      expect(scoreKpi(def, 100, ctx({ periodKey, targetsOverride: overrides })).target).toBe(target);
    });

    it('uses a per-period band for band KPIs', () => {
      const sut = scoreKpi(
        aKpi({
          direction: 'band',
          band: { lower: 0, upper: 10 },
          targets: [{ period: '2026-11', value: 50, lower: 45, upper: 55 }],
        }),
        44,
        ctx(),
      );

      expect(sut.band).toEqual({ lower: 45, upper: 55 });
      expect(sut.deviation).toBe(1);
    });
  });

  describe('missing value, missing target, staleness', () => {
    it.each<[string, KpiDef, number | null, Partial<ScoringContext>, KpiStatus, number | null]>([
      ['no value', higher, null, {}, 'no_data', null],
      ['NaN value', higher, Number.NaN, {}, 'no_data', null],
      ['value but no target', aKpi({ target: undefined }), 50, {}, 'no_target', null],
      ['engine reports stale: score kept', higher, 95, { stale: true }, 'stale', 7.5],
      ['older than 2 update periods (1h)', higher, 100, { lastUpdate: NOW - 2 * 3_600_000 - 1 }, 'stale', 10],
      ['exactly 2 update periods old is fresh', higher, 100, { lastUpdate: NOW - 2 * 3_600_000 }, 'on_target', 10],
      ['custom stale factor', higher, 100, { lastUpdate: NOW - 3_600_001, staleAfterPeriods: 1 }, 'stale', 10],
      ['stale without target', aKpi({ target: undefined }), 5, { stale: true }, 'stale', null],
      ['no value wins over stale', higher, null, { stale: true }, 'no_data', null],
    ])('%s', (_name, def, value, extra, status, score) => {
      const sut = scoreKpi(def, value, ctx(extra));

      expect(sut.status).toBe(status);
      expect(sut.score).toBe(score);
    });

    it('reports the target even without a value', () => {
      expect(scoreKpi(higher, null, ctx()).target).toBe(100);
    });
  });

  describe('phased targets: to date against to date, period end against the full target', () => {
    const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
    // 16 Nov 00:00 is 46 of the 92 days of 2026-Q4: half of the quarter's target is due.
    const midQ4 = { periodKey: '2026-Q4', now: Date.UTC(2026, 10, 16), calendar };
    const revenue = aKpi({
      aggregation: 'sum',
      period: 'quarter',
      target: 12_500_000,
      thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
    });

    it('a cumulative KPI ahead of its to-date target is on target (not off the full quarter)', () => {
      // to-date target 12.5 M x 0.5 = 6.25 M; 6.5 M is 0.25 M better
      const sut = scoreKpi(revenue, 6_500_000, ctx(midQ4));

      expect(sut).toMatchObject({
        status: 'on_target',
        score: 10,
        target: 12_500_000,
        toDateTarget: 6_250_000,
        phasing: 'calendar',
      });
      expect(sut.deviation).toBeCloseTo(-250_000, 6);
    });

    it('thresholds in percent follow the to-date target', () => {
      // 6.25 M - 5.8 M = 0.45 M short; atRisk 5 % of 6.25 M = 0.3125 M, offTarget 10 % = 0.625 M: at risk;
      // score 10 x (1 - 0.45 / (2 x 0.625)) = 10 x 0.64 = 6.4
      const sut = scoreKpi(revenue, 5_800_000, ctx(midQ4));

      expect(sut.status).toBe('at_risk');
      expect(sut.score).toBeCloseTo(6.4, 9);
    });

    it('absolute thresholds and the baseline are phased with the target', () => {
      // to-date target 50, atRisk 2.5, offTarget 5; 46 is 4 short: at risk, score 10 x (1 - 4 / (2 x 5)) = 6
      const units = aKpi({ aggregation: 'sum', period: 'quarter', target: 100 });
      expect(scoreKpi(units, 46, ctx(midQ4))).toMatchObject({ status: 'at_risk', score: 6, toDateTarget: 50 });
      // baseline 60 of the quarter is 30 by now: 40 is 10 short of 50 over a span of 20 -> 5
      expect(scoreKpi({ ...units, baseline: 60 }, 40, ctx(midQ4)).score).toBeCloseTo(5, 9);
    });

    it('a period-end value (projection) meets the full target', () => {
      // 12.9 M against 12.5 M: better, on target
      expect(scoreKpi(revenue, 12_900_000, ctx({ ...midQ4, atPeriodEnd: true }))).toMatchObject({
        status: 'on_target',
        toDateTarget: 12_500_000,
        phasing: 'none',
      });
    });

    it('levels (averages, ratios) keep the full target to date', () => {
      const oee = aKpi({ aggregation: 'avg', period: 'quarter', target: 80 });

      expect(scoreKpi(oee, 79, ctx(midQ4))).toMatchObject({ toDateTarget: 80, phasing: 'none', deviation: 1 });
    });

    it.each([
      // [value to date, status, score, deviation]: the quarter's band 80..100 is 40..50 by mid-quarter, thresholds
      // 5 and 10 become 2.5 and 5; the score's span is 2 x 5 = 10
      [45, 'on_target', 10, 0],
      [40, 'on_target', 10, 0],
      [38, 'on_target', 8, 2],
      [53, 'at_risk', 7, 3],
      [90, 'off_target', 0, 40],
    ])('a band declared phased is judged to date whole: %d against 40..50', (value, status, score, deviation) => {
      const spend = aKpi({
        aggregation: 'sum',
        period: 'quarter',
        direction: 'band',
        target: undefined,
        band: { lower: 80, upper: 100 },
        phasing: { mode: 'calendar' },
        thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
      });

      const sut = scoreKpi(spend, value, ctx(midQ4));

      expect(sut).toMatchObject({ status, toDateTarget: 45, band: { lower: 40, upper: 50 } });
      expect(sut.score).toBeCloseTo(score, 9);
      expect(sut.deviation).toBeCloseTo(deviation, 9);
    });

    it('a profile phases by its weights', () => {
      // weights 2/3/5 by month: (2 + 3 x 15/30) / 10 = 0.35 of 12.5 M = 4.375 M due by 16 Nov
      const seasonal = { ...revenue, phasing: { mode: 'profile' as const, weights: [2, 3, 5] } };

      expect(scoreKpi(seasonal, 4_375_000, ctx(midQ4))).toMatchObject({
        toDateTarget: 4_375_000,
        status: 'on_target',
        score: 10,
      });
    });
  });

  it('degenerate zero thresholds: anything worse than target is off target and scores 0', () => {
    const def = aKpi({ target: 0, thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 } });

    expect(scoreKpi(def, -1, ctx())).toMatchObject({ status: 'off_target', score: 0, deviation: 1 });
    expect(scoreKpi(def, 0, ctx())).toMatchObject({ status: 'on_target', score: 10 });
  });
});

describe(`${scoreKpi.name} properties`, () => {
  // Small run count: these run on a shared 2-core machine.
  const runs = { numRuns: 200 };
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const thresholds = fc
    .tuple(
      fc.double({ min: 0, max: 50, noNaN: true }),
      fc.double({ min: 0, max: 50, noNaN: true }),
      fc.constantFrom('absolute' as const, 'percent' as const),
    )
    .map(([a, b, mode]) => ({ mode, atRisk: Math.min(a, b), offTarget: Math.max(a, b) }));
  const direction = fc.constantFrom('higher_is_better' as const, 'lower_is_better' as const, 'band' as const);

  it('scores within [0, 10] and gives 10 whenever on target at zero deviation', () => {
    fc.assert(
      fc.property(direction, thresholds, finite, finite, (dir, th, target, value) => {
        const def = aKpi({ direction: dir, target, band: { lower: target - 1, upper: target + 1 }, thresholds: th });
        const sut = scoreKpi(def, value, ctx());

        expect(sut.score).toBeGreaterThanOrEqual(0);
        expect(sut.score).toBeLessThanOrEqual(10);
        if ((sut.deviation as number) <= 0) expect(sut.score).toBe(10);
      }),
      runs,
    );
  });

  it('never improves score or status as a higher_is_better value falls', () => {
    const rank = { on_target: 0, at_risk: 1, off_target: 2 } as Record<string, number>;
    fc.assert(
      fc.property(
        thresholds,
        finite,
        finite,
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        (th, target, value, drop) => {
          const def = aKpi({ target, thresholds: th });
          const high = scoreKpi(def, value, ctx());
          const low = scoreKpi(def, value - drop, ctx());

          expect(low.score as number).toBeLessThanOrEqual(high.score as number);
          expect(rank[low.status]).toBeGreaterThanOrEqual(rank[high.status]);
        },
      ),
      runs,
    );
  });
});
