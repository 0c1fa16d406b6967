import { BscErrorCode } from '@bsc/common';
import type { KpiDef, OrgUnitDef } from '@bsc/twin';
import { scoreKpi } from '../scoring/kpi-scorer';
import { aKpi } from '../test-support/scorecard-items.builder';
import { AlertEvaluator, type AlertEvaluatorConfig } from './alert-evaluator';
import type { AlertEvent, AlertRuleDef, KpiObservation } from './alert.types';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const HOUR = 60 * MIN;

const units: OrgUnitDef[] = [
  { id: 'acme', name: 'ACME', owner: 'ceo' },
  { id: 'north', name: 'North', parent: 'acme', owner: 'north-manager' },
  { id: 'line1', name: 'Line 1', parent: 'north', owner: 'line-lead' },
];
// target 100, on target down to 95, off target from 90; updates hourly.
const oee = aKpi({ id: 'oee', name: 'OEE', orgUnit: 'line1', updateFrequency: '1h' });
const scrap = aKpi({ id: 'scrap', name: 'Scrap', orgUnit: 'north', direction: 'lower_is_better', target: 2 });

function evaluator(rules: AlertRuleDef[] | undefined, extra: Partial<AlertEvaluatorConfig> = {}): AlertEvaluator {
  return new AlertEvaluator({ kpis: [oee, scrap], units, rules, ...extra });
}

function observation(kpi: KpiDef, at: number, value: number | null, probability?: number): KpiObservation {
  const scoring = scoreKpi(kpi, value, { periodKey: '2026-11', now: at });
  return { kpiId: kpi.id, at, value, status: scoring.status, target: scoring.target, probability };
}

/** Feeds values one minute apart and returns every event with the index of the value that caused it. */
function feed(sut: AlertEvaluator, kpi: KpiDef, values: Array<number | null>): Array<[number, AlertEvent['type']]> {
  return values.flatMap((v, i) =>
    sut.observe(observation(kpi, T0 + i * MIN, v)).map((e): [number, AlertEvent['type']] => [i, e.type]),
  );
}

/** The error `fn` throws, so its fields can be matched with toMatchObject. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(AlertEvaluator.name, () => {
  describe('status change', () => {
    const rules: AlertRuleDef[] = [{ id: 'status', kind: 'status_change' }];

    it('raises exactly one alert for a run off target, escalates severity once, resolves on recovery', () => {
      const sut = evaluator(rules);

      const events = feed(sut, oee, [100, 98, 93, 88, 85, 87, 89, 96, 100]);

      expect(events).toEqual([
        [2, 'raise'],
        [3, 'update'],
        [7, 'resolve'],
      ]);
      expect(sut.liveAlerts()).toEqual([]);
    });

    it('describes the alert with severity, owner and dedup key', () => {
      const [raise] = evaluator(rules).observe(observation(oee, T0, 85));

      expect(raise).toMatchObject({
        type: 'raise',
        alert: {
          dedupKey: 'status|oee|line1',
          kpiId: 'oee',
          unitId: 'line1',
          severity: 'critical',
          status: 'open',
          owner: 'line-lead',
          message: 'OEE is off target (value 85, target 100)',
        },
      });
    });

    type Into = Array<'at_risk' | 'off_target'> | undefined;
    it.each<[string, Into, Array<number | null>, Array<[number, AlertEvent['type']]>]>([
      ['missing data neither raises nor resolves', undefined, [85, null, null, 85], [[0, 'raise']]],
      ['into off_target only ignores at_risk', ['off_target'], [93, 94, 85], [[2, 'raise']]],
    ])('%s', (_name, into, values, expected) => {
      const sut = evaluator([{ id: 's', kind: 'status_change', into }]);

      expect(feed(sut, oee, values)).toEqual(expected);
    });

    it('keeps one alert per KPI and unit', () => {
      const sut = evaluator(rules);

      sut.observe(observation(oee, T0, 80));
      sut.observe(observation(scrap, T0, 9));

      expect(
        sut
          .liveAlerts()
          .map((a) => a.dedupKey)
          .sort(),
      ).toEqual(['status|oee|line1', 'status|scrap|north']);
    });
  });

  describe('threshold with hysteresis', () => {
    const values = [79, 81, 79.5, 80.2, 79, 77.9, 78.5, 81];

    it('raises at 80, clears only at 78, then can raise again', () => {
      const sut = evaluator([{ id: 'hot', kind: 'threshold', direction: 'above', value: 80, hysteresis: 2 }]);

      expect(feed(sut, oee, values)).toEqual([
        [1, 'raise'],
        [5, 'resolve'],
        [7, 'raise'],
      ]);
    });

    it('would flap without hysteresis (the baseline the rule is for)', () => {
      const sut = evaluator([{ id: 'hot', kind: 'threshold', direction: 'above', value: 80, hysteresis: 0 }]);

      expect(feed(sut, oee, values).filter(([, type]) => type === 'raise')).toHaveLength(3);
    });

    it('mirrors for "below"', () => {
      const sut = evaluator([{ id: 'low', kind: 'threshold', direction: 'below', value: 10, hysteresis: 1 }]);

      expect(feed(sut, oee, [12, 10, 10.9, 11, 9])).toEqual([
        [1, 'raise'],
        [3, 'resolve'],
        [4, 'raise'],
      ]);
    });

    // a value that reaches the threshold raises; one that stays on it is never back past it, even with hysteresis 0
    it.each<[string, 'above' | 'below', number, number[], string[]]>([
      ['above, staying at 80', 'above', 80, [80, 80, 80, 80], ['raise@0']],
      ['above, then just below 80', 'above', 80, [80, 80, 79.9], ['raise@0', 'resolve@2']],
      ['below, staying at 10', 'below', 10, [10, 10, 10, 10], ['raise@0']],
      ['below, then just above 10', 'below', 10, [10, 10, 10.1], ['raise@0', 'resolve@2']],
    ])(
      'hysteresis 0, %s: raises once and clears only past the threshold',
      (_name, direction, value, values, events) => {
        const sut = evaluator([{ id: 'edge', kind: 'threshold', direction, value, hysteresis: 0 }]);

        expect(feed(sut, oee, values).map(([i, type]) => `${type}@${i}`)).toEqual(events);
      },
    );
  });

  it('rate of change compares with the oldest value inside the window', () => {
    const sut = evaluator([{ id: 'jump', kind: 'rate_of_change', window: '1h', maxDelta: 10 }]);
    const at = [0, 20, 40, 90].map((m) => T0 + m * MIN);
    const values = [100, 105, 112, 112];

    const types = at.flatMap((t, i) => sut.observe(observation(oee, t, values[i])).map((e) => [i, e.type]));

    // 40 min: 112 - 100 = 12 > 10; 90 min: window starts at 30 min, 112 - 112 = 0.
    expect(types).toEqual([
      [2, 'raise'],
      [3, 'resolve'],
    ]);
  });

  describe('stale and missing data', () => {
    const rules: AlertRuleDef[] = [{ id: 'stale', kind: 'stale', kpis: ['oee'] }];

    it('raises after 2 update periods without data and resolves on the next value', () => {
      const sut = evaluator(rules);
      sut.observe(observation(oee, T0, 99));

      expect(sut.tick(T0 + 2 * HOUR)).toEqual([]);
      expect(sut.tick(T0 + 2 * HOUR + 1).map((e) => e.type)).toEqual(['raise']);
      expect(sut.tick(T0 + 3 * HOUR)).toEqual([]);
      expect(sut.observe(observation(oee, T0 + 3 * HOUR, 99)).map((e) => e.type)).toEqual(['resolve']);
    });

    it('raises for a KPI that never reported, counted from when watching started', () => {
      const sut = evaluator(rules);
      sut.tick(T0);

      const [raise] = sut.tick(T0 + 2 * HOUR + MIN);

      expect(raise).toMatchObject({ type: 'raise', alert: { message: 'OEE has had no data for 121 min' } });
    });

    it('raises when the KPI engine reports the value stale', () => {
      const sut = evaluator(rules);

      const events = sut.observe({ kpiId: 'oee', at: T0, value: 99, status: 'stale' });

      expect(events.map((e) => e.type)).toEqual(['raise']);
    });

    it('honours an explicit "after"', () => {
      const sut = evaluator([{ id: 'stale', kind: 'stale', kpis: ['oee'], after: '10m' }]);
      sut.observe(observation(oee, T0, 99));

      expect(sut.tick(T0 + 11 * MIN).map((e) => e.type)).toEqual(['raise']);
    });
  });

  it('forecast rule raises below the probability and clears above it plus hysteresis', () => {
    const sut = evaluator([{ id: 'fc', kind: 'forecast', minProbability: 0.5, hysteresis: 0.1 }]);

    const types = [0.6, 0.4, 0.55, 0.65, 0.45].flatMap((p, i) =>
      sut.observe(observation(oee, T0 + i * MIN, 99, p)).map((e) => [i, e.type]),
    );

    expect(types).toEqual([
      [1, 'raise'],
      [3, 'resolve'],
      [4, 'raise'],
    ]);
  });

  it('forecast rule without hysteresis holds still at its own probability (raised below it, cleared at it)', () => {
    const sut = evaluator([{ id: 'fc', kind: 'forecast', minProbability: 0.5 }]);

    const types = [0.5, 0.5, 0.4, 0.4, 0.5, 0.5].flatMap((p, i) =>
      sut.observe(observation(oee, T0 + i * MIN, 99, p)).map((e) => [i, e.type]),
    );

    expect(types).toEqual([
      [2, 'raise'],
      [4, 'resolve'],
    ]);
  });

  describe('acknowledgement', () => {
    const rules: AlertRuleDef[] = [{ id: 'status', kind: 'status_change' }];

    it('moves open -> acknowledged -> resolved (automatically when the condition clears)', () => {
      const sut = evaluator(rules);
      const [raise] = sut.observe(observation(oee, T0, 85));

      const ack = sut.acknowledge(raise.alert.id, 'line-lead', T0 + MIN);
      const [resolve] = sut.observe(observation(oee, T0 + 2 * MIN, 100));

      expect(ack).toMatchObject({
        type: 'acknowledge',
        alert: { status: 'acknowledged', acknowledgedBy: 'line-lead' },
      });
      expect(resolve).toMatchObject({
        type: 'resolve',
        reason: 'condition_cleared',
        alert: { status: 'resolved', resolvedBy: 'auto', acknowledgedAt: T0 + MIN },
      });
    });

    it('rejects acknowledging twice and unknown alerts', () => {
      const sut = evaluator(rules);
      const [raise] = sut.observe(observation(oee, T0, 85));
      sut.acknowledge(raise.alert.id, 'a', T0);

      expect(thrownBy(() => sut.acknowledge(raise.alert.id, 'b', T0))).toMatchObject({ code: BscErrorCode.Conflict });
      expect(thrownBy(() => sut.acknowledge('nope', 'b', T0))).toMatchObject({ code: BscErrorCode.NotFound });
    });

    it('does not re-raise a manually resolved alert until the condition has cleared', () => {
      const sut = evaluator(rules);
      const [raise] = sut.observe(observation(oee, T0, 85));
      sut.resolve(raise.alert.id, 'line-lead', T0 + MIN);

      const events = feed(sut, oee, [86, 87, 100, 85]);

      expect(events).toEqual([[3, 'raise']]);
    });
  });

  describe('escalation', () => {
    const rules: AlertRuleDef[] = [{ id: 'status', kind: 'status_change', escalateAfter: '1h' }];

    it('moves an unacknowledged alert one owner up per delay until the top', () => {
      const sut = evaluator(rules);
      sut.observe(observation(oee, T0, 85));

      const at = (offset: number) => sut.tick(T0 + offset).map((e) => e.type === 'escalate' && [e.to, e.level]);

      expect(at(HOUR)).toEqual([]);
      expect(at(HOUR + 1)).toEqual([['north-manager', 1]]);
      expect(at(90 * MIN)).toEqual([]);
      expect(at(2 * HOUR + 1)).toEqual([['ceo', 2]]);
      expect(at(10 * HOUR)).toEqual([]);
    });

    it('catches up level by level when ticks are sparse', () => {
      const sut = evaluator(rules);
      sut.observe(observation(oee, T0, 85));

      const events = sut.tick(T0 + 3 * HOUR);

      expect(events.map((e) => e.type === 'escalate' && e.to)).toEqual(['north-manager', 'ceo']);
    });

    it('stops once acknowledged', () => {
      const sut = evaluator(rules);
      const [raise] = sut.observe(observation(oee, T0, 85));
      sut.acknowledge(raise.alert.id, 'line-lead', T0 + 30 * MIN);

      expect(sut.tick(T0 + 5 * HOUR)).toEqual([]);
    });

    it('starts from the KPI owner when there is one', () => {
      const sut = new AlertEvaluator({ kpis: [{ ...oee, owner: 'oee-analyst' }], units, rules });
      sut.observe(observation(oee, T0, 85));

      expect(sut.tick(T0 + HOUR + 1)).toEqual([
        expect.objectContaining({ type: 'escalate', from: 'oee-analyst', to: 'line-lead', level: 1 }),
      ]);
    });
  });

  it('defaults to status-change and stale rules for every KPI', () => {
    const sut = evaluator(undefined);

    sut.observe(observation(oee, T0, 85));
    sut.observe({ kpiId: 'scrap', at: T0, value: 1, status: 'stale' });

    expect(
      sut
        .liveAlerts()
        .map((a) => a.dedupKey)
        .sort(),
    ).toEqual(['stale|scrap|north', 'status-change|oee|line1']);
  });

  it('restores live alerts so that a restart does not raise them twice', () => {
    const before = evaluator([{ id: 'status', kind: 'status_change' }]);
    before.observe(observation(oee, T0, 85));
    const sut = evaluator([{ id: 'status', kind: 'status_change' }]);

    sut.restore(before.liveAlerts(), T0);

    expect(sut.observe(observation(oee, T0 + MIN, 86))).toEqual([]);
    expect(sut.observe(observation(oee, T0 + 2 * MIN, 100)).map((e) => e.type)).toEqual(['resolve']);
  });

  it('restores a stored record, keeping its escalation level and schedule, and returns orphans', () => {
    const sut = evaluator([{ id: 'status', kind: 'status_change', escalateAfter: '1h' }]);
    const record = {
      id: 'a-1',
      dedupKey: 'status|oee|line1',
      status: 'open' as const,
      severity: 'critical',
      message: 'OEE is off target',
      raisedAt: T0,
      escalationLevel: 1,
      acknowledgedAt: null,
      acknowledgedBy: null,
      lastEscalatedAt: T0 + HOUR,
    };
    const orphan = { ...record, id: 'a-2', dedupKey: 'gone|oee|line1' };

    const orphans = sut.restore([record, orphan], T0 + HOUR);

    expect(orphans.map((o) => o.id)).toEqual(['a-2']);
    expect(sut.liveAlerts()).toEqual([
      expect.objectContaining({ id: 'a-1', owner: 'north-manager', kind: 'status_change' }),
    ]);
    expect(sut.tick(T0 + 2 * HOUR)).toEqual([]);
    expect(sut.tick(T0 + 2 * HOUR + 1)).toEqual([expect.objectContaining({ type: 'escalate', to: 'ceo', level: 2 })]);
  });

  it('rejects invalid rules', () => {
    expect(
      thrownBy(() =>
        evaluator([
          { id: 'x', kind: 'stale' },
          { id: 'x', kind: 'status_change' },
        ]),
      ),
    ).toMatchObject({
      code: BscErrorCode.BadInput,
      path: 'rules[1].id',
    });
  });
});
