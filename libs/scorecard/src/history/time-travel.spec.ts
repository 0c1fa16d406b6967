import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { BscErrorCode } from '@bsc/common';
import { aKpiValue, scoredKpi } from '../test-support/scorecard-items.builder';
import type { KpiValueRevision, ModelVersion, TimeTravelMode } from './history.types';
import { compareWithPreviousPeriod, scorecardAt } from './scorecard-at';
import { modelInForceAt, scorecardInputsAt, selectRevisions } from './time-travel';

const day = (month: number, d: number) => Date.UTC(2026, month - 1, d);

function model(target: number, withScrap: boolean): TwinModel {
  const builder = TwinModelBuilder.model('test-model')
    .unit('plant')
    .addKpi(scoredKpi('oee', 'plant', { target, updateFrequency: '1w' }))
    .objective(
      'o1',
      'plant',
      'financial',
      withScrap
        ? [
            ['oee', 1],
            ['scrap', 1],
          ]
        : [['oee', 1]],
    );
  if (withScrap)
    builder.addKpi(scoredKpi('scrap', 'plant', { direction: 'lower_is_better', target: 2, updateFrequency: '1w' }));
  return builder.build();
}

const versions: ModelVersion[] = [
  { version: 1, importedAt: day(10, 1), model: model(100, false) },
  { version: 2, importedAt: day(11, 15), model: model(90, true) },
];

function revision(kpiId: string, periodKey: string, value: number, recordedAt: number): KpiValueRevision {
  return { ...aKpiValue(kpiId, value, { periodKey, asOf: recordedAt, computedAt: recordedAt }), recordedAt };
}

const revisions: KpiValueRevision[] = [
  revision('oee', '2026-10', 90, day(10, 31)),
  revision('oee', '2026-11', 80, day(11, 10)),
  revision('oee', '2026-11', 85, day(11, 20)),
  revision('oee', '2026-10', 100, day(11, 20)), // late correction of October
  revision('scrap', '2026-11', 1, day(11, 18)),
  revision('oee', '2026-11', 95, day(12, 5)), // late data for November
];

/** The error `fn` throws, so its fields can be matched with toMatchObject. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(scorecardInputsAt.name, () => {
  it.each<[string, number, TimeTravelMode, number, Record<string, number>]>([
    ['mid-November as known then', day(11, 12), 'as_known', 1, { oee: 80 }],
    ['mid-November as corrected now', day(11, 12), 'as_corrected', 1, { oee: 95 }],
    ['after the v2 import as known then', day(11, 25), 'as_known', 2, { oee: 85, scrap: 1 }],
    ['before any November value', day(11, 2), 'as_known', 1, {}],
    ['October as known on its last day', day(10, 31), 'as_known', 1, { oee: 90 }],
    ['October as corrected', day(10, 31), 'as_corrected', 1, { oee: 100 }],
  ])('%s', (_name, at, mode, version, expected) => {
    const sut = scorecardInputsAt({ at, mode, revisions, versions });

    expect(sut.modelVersion).toBe(version);
    expect(Object.fromEntries([...sut.values].map(([id, v]) => [id, v.value]))).toEqual(expected);
  });

  it('returns plain KPI values keyed for the scorecard builder', () => {
    const sut = scorecardInputsAt({ at: day(11, 12), mode: 'as_known', revisions, versions });

    expect(sut.values.get('oee')).not.toHaveProperty('recordedAt');
    expect(sut.periodKeyFor(versions[0].model.kpis[0])).toBe('2026-11');
  });

  it.each<[string, number, number]>([
    ['before the correction', day(11, 19), 90],
    ['after the correction', day(11, 21), 100],
  ])('shows October as known at a later instant: %s', (_name, knownAt, expected) => {
    const sut = scorecardInputsAt({ at: day(10, 31), mode: 'as_corrected', knownAt, revisions, versions });

    expect(sut.values.get('oee')?.value).toBe(expected);
  });

  it('fails before the first model import', () => {
    expect(thrownBy(() => scorecardInputsAt({ at: day(9, 1), mode: 'as_known', revisions, versions }))).toMatchObject({
      code: BscErrorCode.NotFound,
    });
  });
});

describe(modelInForceAt.name, () => {
  it.each<[number, number | null]>([
    [day(9, 30), null],
    [day(10, 1), 1],
    [day(11, 14), 1],
    [day(11, 15), 2],
  ])('at %p is version %p', (at, version) => expect(modelInForceAt(versions, at)?.version ?? null).toBe(version));

  it('prefers the higher version on the same instant', () => {
    const same = [...versions, { ...versions[1], version: 3 }];

    expect(modelInForceAt(same, day(12, 1))?.version).toBe(3);
  });
});

describe(selectRevisions.name, () => {
  it('takes the newest revision, the later one on a tie, and matches fiscal aliases', () => {
    const sut = selectRevisions(
      [
        revision('sales', 'FY2026-Q4', 1, 10),
        revision('sales', '2026-Q4', 2, 20),
        revision('sales', 'FY2026-Q4', 3, 20),
        revision('sales', 'FY2026-Q3', 9, 30),
      ],
      () => '2026-Q4',
    );

    expect(sut.get('sales')?.value).toBe(3);
  });

  it('skips KPIs without a wanted period', () => {
    expect(selectRevisions([revision('gone', '2026-11', 1, 1)], () => undefined).size).toBe(0);
  });
});

describe(scorecardAt.name, () => {
  it('builds the scorecard of a past instant with the model then in force', () => {
    const sut = scorecardAt('plant', { at: day(11, 12), mode: 'as_known', revisions, versions });

    expect(sut).toMatchObject({ modelVersion: 1, asOf: day(11, 12), score: 0, status: 'off_target' });
    expect(sut.perspectives[0].objectives[0].kpis.map((k) => [k.id, k.value, k.target])).toEqual([['oee', 80, 100]]);
  });
});

describe(compareWithPreviousPeriod.name, () => {
  it('compares with the previous month as known at the same instant', () => {
    const sut = compareWithPreviousPeriod('plant', { at: day(11, 25), mode: 'as_known', revisions, versions });
    const oee = sut.delta.perspectives[0].objectives[0].kpis.find((k) => k.id === 'oee');

    // v2 target 90: November 85 scores 7.5 (on target), October 100 (corrected on 20 Nov) scores 10.
    expect(oee).toMatchObject({
      value: 85,
      previousValue: 100,
      valueDelta: -15,
      score: 7.5,
      previousScore: 10,
      scoreDelta: -2.5,
      trend: 'worsened',
      status: 'on_target',
      previousStatus: 'on_target',
      statusChanged: false,
      periodKey: '2026-11',
      previousPeriodKey: '2026-10',
    });
  });

  it('shows a KPI without a previous value as new', () => {
    const sut = compareWithPreviousPeriod('plant', { at: day(11, 25), mode: 'as_known', revisions, versions });
    const scrap = sut.delta.perspectives[0].objectives[0].kpis.find((k) => k.id === 'scrap');

    expect(scrap).toMatchObject({
      value: 1,
      previousValue: null,
      valueDelta: null,
      previousStatus: 'no_data',
      trend: null,
    });
  });
});
