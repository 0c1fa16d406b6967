import type { KpiValue, SampleQuality, SignalSample } from '@bsc/common';
import fc from 'fast-check';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import { everyPathModel } from './test-support/every-path-model';
import type { ReplayHorizon } from './replay-horizon';
import { testSample as sample } from '@bsc/common';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Saturday: the span crosses the week boundary (Monday, +01:00), so the weekly floor cuts history too
const T0 = Date.UTC(2026, 10, 21);
const SPAN = 3 * DAY;

/** What a bounded replay reads: each signal from its horizon, plus its newest and newest usable sample before. */
function bounded(samples: readonly SignalSample[], horizon: ReplayHorizon): SignalSample[] {
  const out: SignalSample[] = [];
  for (const [signalId, from] of horizon.signals) {
    const before = samples.filter((s) => s.signalId === signalId && s.ts < from).sort((x, y) => y.ts - x.ts);
    const usable = before.find((s) => s.quality !== 'bad' && Number.isFinite(s.value));
    for (const s of new Set([before[0], usable])) if (s) out.push(s);
    out.push(...samples.filter((s) => s.signalId === signalId && s.ts >= from));
  }
  return out;
}

/** Values of the periods from each KPI's floor on (what a bounded engine evaluates). */
function fromFloors(engine: KpiEngine, horizon: ReplayHorizon): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const id of engine.kpiIds()) {
    const floor = horizon.floors.get(id) ?? -Infinity;
    out[id] = engine
      .history(id)
      .filter((v) => v.periodStart >= floor)
      .map((v: KpiValue) => [v.periodKey, v.value, v.quality, v.asOf]);
  }
  return out;
}

describe(`${KpiEngine.name} bounded replay`, () => {
  it('sums only the samples of the open period: older history is not read and does not count', () => {
    const model = TwinModelBuilder.model().signal('x').kpi('daily', 'sum(x, period)').build();
    const newest = Date.UTC(2026, 10, 22, 15);
    const history = [
      sample('x', Date.UTC(2026, 10, 21, 8), 100), // yesterday: read as the carried-in value only
      sample('x', Date.UTC(2026, 10, 21, 23, 30), 40), // yesterday, inside the 6 h retention: read
      sample('x', Date.UTC(2026, 10, 22, 1), 3),
      sample('x', Date.UTC(2026, 10, 22, 9), 4),
      sample('x', newest, 5),
    ];
    const sut = new KpiEngine(model, { clock: () => 0 });
    const horizon = sut.replayHorizon(newest);
    // the retention horizon (6 h before 15:00 is 09:00) lies in today: the floor is today's start
    expect(horizon.floors.get('daily')).toBe(Date.UTC(2026, 10, 22));
    expect(horizon.signals.get('x')).toBe(Date.UTC(2026, 10, 22));

    sut.limitTo(horizon);
    sut.replay(bounded(history, horizon));

    // 3 + 4 + 5: neither yesterday's 40 (carried in) nor its 100 (not read) count
    expect(sut.valueOf('daily', '2026-11-22')?.value).toBe(12);
    // yesterday lies before the floor: never evaluated from its partial history
    expect(sut.valueOf('daily', '2026-11-21')).toBeNull();
    // a live sample after the replay continues from exact state
    expect(sut.ingest([sample('x', newest + 60_000, 10)]).map((v) => [v.periodKey, v.value])).toEqual([
      ['2026-11-22', 22],
    ]);
  });

  it('reaches back as far as a dependent KPI reads: a weekly KPI over daily values, a 1 d window', () => {
    const model = TwinModelBuilder.model()
      .signal('x', 'y')
      .kpi('daily', 'sum(x, period)')
      .kpi('weekly', 'sum(daily, period)', { period: 'week' })
      .kpi('rolling', 'sum(y, 1d)')
      .build();
    // Thursday 26 Nov 2026, 15:00 UTC; ISO weeks start on Monday 23 Nov
    const sut = new KpiEngine(model, { clock: () => 0 });
    const horizon = sut.replayHorizon(Date.UTC(2026, 10, 26, 15));
    expect(horizon.floors.get('weekly')).toBe(Date.UTC(2026, 10, 23));
    expect(horizon.floors.get('daily')).toBe(Date.UTC(2026, 10, 23));
    expect(horizon.signals.get('x')).toBe(Date.UTC(2026, 10, 23));
    // today's 1 d window at its start reaches a day back
    expect(horizon.floors.get('rolling')).toBe(Date.UTC(2026, 10, 26));
    expect(horizon.signals.get('y')).toBe(Date.UTC(2026, 10, 25));
    expect(horizon.from).toBe(Date.UTC(2026, 10, 23));
  });

  it('an older late sample moves the horizon back to its period', () => {
    const model = TwinModelBuilder.model().signal('x').kpi('daily', 'sum(x, period)').build();
    const sut = new KpiEngine(model, { clock: () => 0 });
    const horizon = sut.replayHorizon(Date.UTC(2026, 10, 22, 15), Date.UTC(2026, 10, 19, 7));
    expect(horizon.floors.get('daily')).toBe(Date.UTC(2026, 10, 19));
  });

  // every path of the engine (see everyPathModel)
  const model = everyPathModel();
  const sampleArb = fc.record({
    signalId: fc.constantFrom('a', 'b'),
    ts: fc.integer({ min: T0, max: T0 + SPAN }),
    value: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
    quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    source: fc.constant('test'),
  });
  const scenarioArb = fc.record({
    history: fc.uniqueArray(sampleArb, { minLength: 1, maxLength: 120, selector: (s) => `${s.signalId}@${s.ts}` }),
    live: fc.array(
      fc.record({
        signalId: fc.constantFrom('a', 'b'),
        after: fc.integer({ min: 0, max: 4 * HOUR }),
        value: fc.integer({ min: -1_000, max: 1_000 }),
      }),
      { maxLength: 10 },
    ),
  });

  it('gives the values of a replay of everything from the floors on, and after live samples', () => {
    const create = () => new KpiEngine(model, { clock: () => 0, retentionMs: 6 * HOUR, latenessMs: 2 * DAY });
    fc.assert(
      fc.property(scenarioArb, ({ history, live }) => {
        const newest = Math.max(...history.map((s) => s.ts));
        const reference = create();
        reference.replay(history);

        const sut = create();
        const horizon = sut.replayHorizon(newest);
        sut.limitTo(horizon);
        sut.replay(bounded(history, horizon));
        expect(fromFloors(sut, horizon)).toEqual(fromFloors(reference, horizon));

        const seen = new Set(history.map((s) => `${s.signalId}@${s.ts}`));
        const more = live
          .map(({ signalId, after, value }) => sample(signalId, newest + 1 + after, value))
          .filter((s) => !seen.has(`${s.signalId}@${s.ts}`) && (seen.add(`${s.signalId}@${s.ts}`), true));
        const key = (v: KpiValue) => [v.kpiId, v.periodKey, v.value, v.quality];
        expect(sut.ingest(more).map(key)).toEqual(reference.ingest(more).map(key));
        expect(fromFloors(sut, horizon)).toEqual(fromFloors(reference, horizon));
      }),
      { numRuns: 150 },
    );
  });
});
