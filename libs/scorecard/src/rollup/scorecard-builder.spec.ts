import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { BscError, BscErrorCode, type KpiValue } from '@bsc/common';
import { aKpiValue, scoredKpi } from '../test-support/scorecard-items.builder';
import { buildScorecard } from './scorecard-builder';
import type { BuildScorecardOptions, PredictedValue, Scorecard } from './scorecard.types';

// Values are stamped at 2026-11-20T00:00Z (see aKpiValue); 30 minutes later they are fresh (update every 1h).
const AS_OF = Date.UTC(2026, 10, 20, 0, 30);
const options = (extra: Partial<BuildScorecardOptions> = {}): BuildScorecardOptions => ({
  asOf: AS_OF,
  periodKeyFor: () => '2026-11',
  modelVersion: 3,
  ...extra,
});
const valuesOf = (entries: Record<string, number | null>): Map<string, KpiValue> =>
  new Map(Object.entries(entries).map(([id, v]) => [id, aKpiValue(id, v)]));

// Default KPI: higher_is_better, target 100, offTarget 10 => score = 10 - (100 - value) / 2 between 80 and 100.
const twoPerspectives = [
  { id: 'fin', name: 'Financial', order: 1, weight: 2 },
  { id: 'cus', name: 'Customer', order: 2, weight: 1 },
];

/** acme -> north (w2) -> line1 (w1); acme -> south (w1). */
/** The error `fn` throws, so its fields can be matched with toMatchObject. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function threeLevelModel(): TwinModel {
  return TwinModelBuilder.model('test-model')
    .perspectives(twoPerspectives)
    .unit('acme')
    .unit('north', 'acme', { weight: 2 })
    .unit('south', 'acme', { weight: 1 })
    .unit('line1', 'north', { weight: 1 })
    .addKpi(scoredKpi('acme-rev', 'acme'))
    .addKpi(scoredKpi('north-a', 'north'))
    .addKpi(scoredKpi('north-b', 'north'))
    .addKpi(scoredKpi('north-c', 'north'))
    .addKpi(scoredKpi('south-a', 'south'))
    .addKpi(scoredKpi('line-a', 'line1'))
    .objective('o-acme-fin', 'acme', 'fin', [['acme-rev', 1]])
    .objective('o-north-fin', 'north', 'fin', [
      ['north-a', 3],
      ['north-b', 1],
    ])
    .objective('o-north-cus', 'north', 'cus', [['north-c', 1]])
    .objective('o-south-fin', 'south', 'fin', [['south-a', 1]])
    .objective('o-line-fin', 'line1', 'fin', [['line-a', 1]])
    .initiative('i-1', 'north', ['o-north-fin'], {
      milestones: [
        { name: 'a', due: '2026-10-01', done: true },
        { name: 'b', due: '2026-12-01', done: false },
      ],
    })
    .build();
}

const threeLevelValues = () =>
  valuesOf({ 'acme-rev': 100, 'north-a': 96, 'north-b': null, 'north-c': 90, 'south-a': 92, 'line-a': 94 });

const perspective = (card: Scorecard, id: string) => card.perspectives.find((p) => p.id === id);
const child = (card: Scorecard, id: string) => card.children.find((c) => c.unit.id === id) as Scorecard;

describe(buildScorecard.name, () => {
  describe('cascading over a three-level unit tree with missing data', () => {
    const sut = buildScorecard(threeLevelModel(), 'acme', threeLevelValues(), options());

    it.each<
      [
        string,
        (s: Scorecard) => { score: number | null; coverage: number | null } | undefined,
        number | null,
        number | null,
      ]
    >([
      ['line1 financial', (s) => perspective(child(child(s, 'north'), 'line1'), 'fin'), 7, 1],
      ['line1 customer is empty', (s) => perspective(child(child(s, 'north'), 'line1'), 'cus'), null, null],
      ['line1 unit ignores the empty perspective', (s) => child(child(s, 'north'), 'line1'), 7, 1],
      ['north own financial excludes the missing KPI', (s) => perspective(child(s, 'north'), 'fin')?.own, 8, 0.75],
      ['north financial = own (w1) + line1 (w1)', (s) => perspective(child(s, 'north'), 'fin'), 7.5, 0.875],
      ['north customer', (s) => perspective(child(s, 'north'), 'cus'), 5, 1],
      ['north unit = perspectives 2:1', (s) => child(s, 'north'), 20 / 3, 2.75 / 3],
      ['acme financial = own (w1) + north (w2) + south (w1)', (s) => perspective(s, 'fin'), 31 / 4, 3.75 / 4],
      ['acme customer only from north (south has none)', (s) => perspective(s, 'cus'), 5, 1],
      ['acme unit', (s) => s, 20.5 / 3, 2.875 / 3],
      ['acme own objectives alone', (s) => s.own, 10, 1],
    ])('%s', (_name, select, score, coverage) => {
      const node = select(sut);

      expect(node?.score ?? null).toEqual(score === null ? null : expect.closeTo(score, 9));
      expect(node?.coverage ?? null).toEqual(coverage === null ? null : expect.closeTo(coverage, 9));
    });

    it('derives aggregate statuses from score bands', () => {
      expect([sut.status, perspective(sut, 'fin')?.status, perspective(sut, 'cus')?.status]).toEqual([
        'at_risk',
        'on_target',
        'off_target',
      ]);
    });

    it('carries KPI details, missing values as no_data', () => {
      const kpis = perspective(child(sut, 'north'), 'fin')?.objectives[0].kpis;

      expect(kpis).toEqual([
        expect.objectContaining({ id: 'north-a', value: 96, target: 100, status: 'on_target', score: 8, weight: 3 }),
        expect.objectContaining({ id: 'north-b', value: null, status: 'no_data', score: null, weight: 1 }),
      ]);
    });

    it('lists initiatives with milestone progress', () => {
      expect(perspective(child(sut, 'north'), 'fin')?.objectives[0].initiatives).toEqual([
        expect.objectContaining({ id: 'i-1', status: 'on_track', progress: 0.5 }),
      ]);
    });

    it('stamps the tree with asOf and model version, perspectives in order', () => {
      expect([sut.asOf, sut.modelVersion, sut.perspectives.map((p) => p.id)]).toEqual([AS_OF, 3, ['fin', 'cus']]);
    });
  });

  it('weights own objectives against children with ownWeight', () => {
    const sut = buildScorecard(threeLevelModel(), 'acme', threeLevelValues(), options({ ownWeight: 0 }));

    // north fin = line1 only (7); acme fin = north (w2, 7) + south (w1, 6)
    expect(perspective(child(sut, 'north'), 'fin')?.score).toBeCloseTo(7, 9);
    expect(perspective(sut, 'fin')?.score).toBeCloseTo(20 / 3, 9);
    expect(perspective(child(child(sut, 'north'), 'line1'), 'fin')?.score).toBe(7);
  });

  it('treats a value for another period as missing', () => {
    const values = valuesOf({ 'line-a': 94 });
    values.set('line-a', aKpiValue('line-a', 94, { periodKey: '2026-10' }));

    const sut = buildScorecard(threeLevelModel(), 'line1', values, options());

    expect([sut.score, sut.coverage, sut.status]).toEqual([null, 0, 'no_data']);
  });

  it('judges staleness at asOf from the value event time', () => {
    const kpi = buildScorecard(
      threeLevelModel(),
      'line1',
      valuesOf({ 'line-a': 94 }),
      options({ asOf: AS_OF + 2 * 3_600_000 }),
    ).perspectives[0].objectives[0].kpis[0];

    expect(kpi).toMatchObject({ status: 'stale', score: 7 });
  });

  it('marks stale values and still scores them', () => {
    const values = valuesOf({ 'line-a': 94 });
    values.set('line-a', aKpiValue('line-a', 94, { quality: { coverage: 1, stale: true, quality: 'uncertain' } }));

    const kpi = buildScorecard(threeLevelModel(), 'line1', values, options()).perspectives[0].objectives[0].kpis[0];

    expect(kpi).toMatchObject({ status: 'stale', score: 7, quality: { stale: true, quality: 'uncertain' } });
  });

  it('rolls predicted status up like the actual one', () => {
    const predicted = new Map<string, PredictedValue>([
      ['acme-rev', { expected: 90, probability: 0.2 }],
      ['north-a', { expected: 100 }],
      ['north-b', { expected: 80 }],
      ['north-c', { expected: 100 }],
      ['south-a', { expected: 100 }],
      ['line-a', { expected: 100 }],
    ]);

    const sut = buildScorecard(threeLevelModel(), 'acme', threeLevelValues(), options({ predicted }));

    // north fin own = (3*10 + 1*0)/4 = 7.5; with line1 10 -> 8.75; acme fin = (5 + 2*8.75 + 10)/4 = 8.125
    expect(perspective(sut, 'fin')?.predictedScore).toBeCloseTo(8.125, 9);
    expect(perspective(sut, 'fin')?.predictedStatus).toBe('on_target');
    expect(perspective(sut, 'fin')?.objectives[0].kpis[0]).toMatchObject({
      expected: 90,
      probability: 0.2,
      predictedStatus: 'off_target',
      predictedScore: 5,
    });
    expect(sut.predictedScore).toBeCloseTo((2 * 8.125 + 10) / 3, 9);
  });

  it('judges a cumulative KPI to date and its period-end expectation against the full target', () => {
    // Revenue per quarter, target 12.5 M (offTarget 10 % by default here: absolute 1 M); 16 Nov is 46 of 92 days.
    const model = TwinModelBuilder.model('test-model')
      .perspectives(twoPerspectives)
      .unit('acme')
      .addKpi(
        scoredKpi('revenue', 'acme', {
          aggregation: 'sum',
          period: 'quarter',
          target: 12_500_000,
          thresholds: { mode: 'absolute', atRisk: 500_000, offTarget: 1_000_000 },
        }),
      )
      .objective('o-fin', 'acme', 'fin', [['revenue', 1]])
      .build();
    const values = new Map([
      ['revenue', aKpiValue('revenue', 6_400_000, { periodKey: '2026-Q4', asOf: Date.UTC(2026, 10, 16) })],
    ]);
    const predicted = new Map<string, PredictedValue>([['revenue', { expected: 12_900_000, probability: 0.9 }]]);

    const sut = buildScorecard(
      model,
      'acme',
      values,
      options({ asOf: Date.UTC(2026, 10, 16), periodKeyFor: () => '2026-Q4', predicted }),
    );

    // to date: 6.4 M against 12.5 M x 46/92 = 6.25 M: ahead, score 10, on target (against 12.5 M it would score 0)
    expect(perspective(sut, 'fin')?.objectives[0].kpis[0]).toMatchObject({
      value: 6_400_000,
      target: 12_500_000,
      toDateTarget: 6_250_000,
      phasing: 'calendar',
      status: 'on_target',
      score: 10,
      expected: 12_900_000,
      predictedStatus: 'on_target',
      predictedScore: 10,
    });
    expect(sut).toMatchObject({ status: 'on_target', score: 10 });
  });

  it('omits predictions when none were supplied', () => {
    const sut = buildScorecard(threeLevelModel(), 'acme', threeLevelValues(), options());

    expect(sut).not.toHaveProperty('predictedStatus');
  });

  describe('KPI families cascade values from child units', () => {
    /** acme -> north (w2) -> line1, line2; acme -> south (w1) -> line3. Only lines measure output. */
    const familyModel = (acmeRule: 'sum' | 'weighted_average' | 'worst') =>
      TwinModelBuilder.model('test-model')
        .unit('acme')
        .unit('north', 'acme', { weight: 2 })
        .unit('south', 'acme', { weight: 1 })
        .unit('line1', 'north')
        .unit('line2', 'north')
        .unit('line3', 'south', { weight: 1 })
        .addKpi(scoredKpi('line1-out', 'line1', { family: 'output' }))
        .addKpi(scoredKpi('line2-out', 'line2', { family: 'output' }))
        .addKpi(scoredKpi('line3-out', 'line3', { family: 'output' }))
        .addKpi(scoredKpi('north-out', 'north', { family: 'output', formula: undefined, rollup: 'sum', target: 40 }))
        .addKpi(scoredKpi('acme-out', 'acme', { family: 'output', formula: undefined, rollup: acmeRule, target: 40 }))
        .objective('o-acme', 'acme', 'financial', [['acme-out', 1]])
        .objective('o-north', 'north', 'financial', [['north-out', 1]])
        .build();

    const kpiOf = (card: Scorecard) => card.perspectives[0].objectives[0].kpis[0];

    it.each<['sum' | 'weighted_average' | 'worst', number]>([
      ['sum', 35],
      ['weighted_average', (2 * 30 + 5) / 3],
      ['worst', 5],
    ])('acme-out by %s, looking through south to line3', (rule, expected) => {
      const sut = buildScorecard(
        familyModel(rule),
        'acme',
        valuesOf({ 'line1-out': 10, 'line2-out': 20, 'line3-out': 5 }),
        options(),
      );

      expect(kpiOf(child(sut, 'north'))).toMatchObject({ value: 30, derived: true });
      expect(kpiOf(sut).value).toBeCloseTo(expected, 9);
    });

    it('reports partial coverage when a child value is missing', () => {
      const sut = buildScorecard(familyModel('sum'), 'north', valuesOf({ 'line1-out': 10 }), options());

      expect(kpiOf(sut)).toMatchObject({ value: 10, derived: true, quality: { coverage: 0.5, stale: false } });
    });

    it('prefers a value supplied for the parent KPI', () => {
      const sut = buildScorecard(
        familyModel('sum'),
        'north',
        valuesOf({ 'line1-out': 10, 'north-out': 99 }),
        options(),
      );

      expect(kpiOf(sut)).toMatchObject({ value: 99, derived: false });
    });

    it('is no_data when no child has data', () => {
      const sut = buildScorecard(familyModel('sum'), 'north', valuesOf({}), options());

      expect(kpiOf(sut)).toMatchObject({ value: null, status: 'no_data', derived: true });
    });

    it('cascades expectations for the predicted status', () => {
      const predicted = new Map<string, PredictedValue>([
        ['line1-out', { expected: 25 }],
        ['line2-out', { expected: 25 }],
      ]);

      const sut = buildScorecard(familyModel('sum'), 'north', valuesOf({}), options({ predicted }));

      expect(kpiOf(sut)).toMatchObject({ expected: 50, predictedStatus: 'on_target' });
    });
  });

  describe('errors', () => {
    it('rejects an unknown unit', () => {
      expect(thrownBy(() => buildScorecard(threeLevelModel(), 'nope', new Map(), options()))).toMatchObject({
        code: BscErrorCode.NotFound,
      });
    });

    it('rejects a cyclic unit hierarchy', () => {
      const model = TwinModelBuilder.model('test-model').unit('a', 'b').unit('b', 'a').build();

      expect(() => buildScorecard(model, 'a', new Map(), options())).toThrow(BscError);
    });

    it('rejects an objective referencing an unknown KPI', () => {
      const model = TwinModelBuilder.model('test-model')
        .unit('a')
        .objective('o', 'a', 'financial', [['ghost', 1]])
        .build();

      expect(thrownBy(() => buildScorecard(model, 'a', new Map(), options()))).toMatchObject({
        code: BscErrorCode.ModelInvalid,
        path: 'objectives.o.kpis[0]',
      });
    });
  });
});
