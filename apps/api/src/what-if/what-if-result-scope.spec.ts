import { FixedActiveModel } from '@bsc/app-kit';
import { OTHER_UNITS, type WhatIfResult } from '@bsc/scorecard';
import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import type { ForecastProvider, LinkEstimateView } from '../forecasts/forecast-provider.port';
import type { ApiContext } from '../graphql/api-context';
import type { KpiValuesLoader } from '../kpis/kpi-values.loader';
import type { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ScenarioInput } from './dto/scenario.input';
import { scopeWhatIfResult } from './what-if-result-scope';
import { WhatIfService } from './what-if.service';

const ADMIN: Principal = { subject: 'admin', role: 'admin', units: null, via: 'jwt' };
const NORTH_ONLY: Principal = { subject: 'north', role: 'viewer', units: ['north'], via: 'jwt' };
const NOW = Date.UTC(2026, 11, 7, 12);

/**
 * North's operations (north_output) lead to north's growth (north_sales) directly and through south's operations
 * (south_output); no forecasts, so every KPI's baseline is its current value with no spread and each probability of
 * meeting target is 0 or 1. Current values and targets: north_output 0 (target 5), south_output 0 (target 15),
 * north_sales 20 (target 25).
 */
const model = TwinModelBuilder.model('two-units')
  .unit('north')
  .unit('south')
  .kpi('north_output', undefined, { orgUnit: 'north', period: 'month', target: 5 })
  .kpi('south_output', undefined, { orgUnit: 'south', period: 'month', target: 15 })
  .kpi('north_sales', undefined, { orgUnit: 'north', period: 'month', target: 25 })
  .objective('north_ops', 'north', 'internal_process', [['north_output', 1]])
  .objective('south_ops', 'south', 'customer', [['south_output', 1]], { weight: 3 })
  .objective('north_growth', 'north', 'customer', [['north_sales', 1]])
  .buildValid();
const VALUES: Record<string, number> = { north_output: 0, south_output: 0, north_sales: 20 };

// slope 1 without error, standard deviations 1: a KPI shift of 10 arrives as 10 at every KPI down the links
const link = (from: string, to: string, kpis: string[], significant = true): LinkEstimateView => ({
  from,
  to,
  measuredLagSteps: 0,
  measuredLagMs: 0,
  strength: 0.9,
  pValue: significant ? 0.001 : 0.4,
  significant,
  points: 100,
  slope: 1,
  slopeStdError: 0,
  kpiScales: Object.fromEntries(kpis.map((k) => [k, 1])),
  computedAt: NOW,
});
const LINKS = [
  link('north_ops', 'north_growth', ['north_output', 'north_sales']),
  link('north_ops', 'south_ops', ['north_output', 'south_output']),
  link('south_ops', 'north_growth', ['south_output', 'north_sales']),
  link('north_growth', 'south_ops', ['north_sales', 'south_output'], false),
];

describe(`${WhatIfService.name} for a caller scoped to some units`, () => {
  const loader = {
    values: (_ctx: ApiContext, pairs: Array<{ kpiId: string }>) =>
      Promise.resolve(new Map(pairs.map((p) => [p.kpiId, { value: VALUES[p.kpiId] }]))),
    targetOverrides: () => Promise.resolve(new Map()),
  } as unknown as KpiValuesLoader;
  const forecasts = {
    forecasts: (ids: string[]) => Promise.resolve(new Map(ids.map((id) => [id, null]))),
    linkEstimates: () => Promise.resolve(LINKS),
  } as unknown as ForecastProvider;
  // no formula KPIs: nothing is replayed
  const past = {} as PastKpiValues;
  const sut = new WhatIfService(new TwinIndexService(new FixedActiveModel(model)), loader, past, forecasts);

  // north_output +10: exactly 0 -> 10 (meets 5); north_sales +10 directly and +10 through south_ops: 20 -> 40
  // (meets 25); south_output +10: 0 -> 10 (misses 15)
  const scenario: ScenarioInput = {
    drivers: [{ kind: 'kpi', id: 'north_output', change: 'absolute', value: 10, rampDays: 0 }],
    includeNonSignificant: false,
    draws: 10,
    seed: 1,
    horizonPeriods: 1,
  };
  const run = (principal: Principal) => sut.run({ principal, memo: new Map([['now', NOW]]) }, principal, scenario);
  const rollups = (list: Array<{ id: string; baseline: number | null; scenario: number | null }>) =>
    list.map((r) => [r.id, r.baseline, r.scenario]);

  it('keeps no link, path or roll-up of another unit, and rolls the perspectives up from its objectives only', async () => {
    const result = await run(NORTH_ONLY);

    expect(result.linksUsed).toEqual(['north_ops->north_growth']);
    expect(result.linksExcluded).toEqual([]);
    // customer: north_growth alone, 0 -> 1 (south_ops, weight 3, would make it 0 -> 0.25)
    expect(rollups(result.perspectives)).toEqual([
      ['customer', 0, 1],
      ['internal_process', 0, 1],
    ]);
    const sales = result.kpis.find((k) => k.kpiId === 'north_sales')!;
    expect(sales.scenario.expected).toBe(40);
    // the way through south is kept, its hidden stretch named as other units, so the paths still add up
    expect(sales.paths.map((p) => [p.via, p.effect])).toEqual([
      [['north_ops', 'north_growth', 'north_sales'], 10],
      [['north_ops', 'other units', 'north_growth', 'north_sales'], 10],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/south/);
  });

  it('shows an unscoped caller every link, path and roll-up', async () => {
    const result = await run(ADMIN);

    expect(result.linksUsed).toEqual(['north_ops->north_growth', 'north_ops->south_ops', 'south_ops->north_growth']);
    expect(result.linksExcluded).toEqual(['north_growth->south_ops']);
    // customer: (3 x 0 + 1 x 0) / 4 -> (3 x 0 + 1 x 1) / 4
    expect(rollups(result.perspectives)).toEqual([
      ['customer', 0, 0.25],
      ['internal_process', 0, 1],
    ]);
    expect(result.kpis.find((k) => k.kpiId === 'north_sales')!.paths.map((p) => p.via)).toContainEqual([
      'north_ops',
      'south_ops',
      'north_growth',
      'north_sales',
    ]);
  });
});

describe(scopeWhatIfResult.name, () => {
  const outlook = { expected: 0, lower80: 0, upper80: 0, probabilityOfMeetingTarget: null, target: null };
  const effect = { mean: 0, lower80: 0, upper80: 0 };
  const approximateOn = (kpiId: string): WhatIfResult => ({
    kpis: [
      {
        kpiId: 'north_sales',
        periodKey: '2026-12',
        periodsAhead: 0,
        baseline: outlook,
        scenario: outlook,
        exactEffect: 1,
        termsPeriodKey: null,
        approximate: { kpiId, reason: 'read to date' },
        statisticalEffect: effect,
        steadyStateEffect: effect,
        paths: [],
      },
    ],
    objectives: [],
    perspectives: [],
    units: [],
    linksUsed: [],
    linksExcluded: [],
    draws: 1,
    unavailable: [],
  });
  const sees = (id: string) => id.startsWith('north');

  it("names an approximate effect's input of another unit as other units, one of the caller's as it is", () => {
    const [hidden] = scopeWhatIfResult(approximateOn('south_output'), model, sees).kpis;
    expect(hidden.approximate).toEqual({ kpiId: OTHER_UNITS, reason: 'read to date' });
    const [seen] = scopeWhatIfResult(approximateOn('north_output'), model, sees).kpis;
    expect(seen.approximate).toEqual({ kpiId: 'north_output', reason: 'read to date' });
  });
});
