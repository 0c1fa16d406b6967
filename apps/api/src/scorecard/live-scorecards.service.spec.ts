import type { DataSource } from 'typeorm';
import { FixedActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import {
  InitiativeStateRepository,
  KpiValueRepository,
  openDataSource,
  TargetOverrideRepository,
} from '@bsc/persistence';
import { LiveScorecard } from '@bsc/scorecard';
import { TwinModelBuilder } from '@bsc/twin';
import type { ForecastProvider, KpiForecastView } from '../forecasts/forecast-provider.port';
import { LiveScorecards } from './live-scorecards.service';

const NOW = Date.UTC(2026, 10, 10, 12);
const NOVEMBER = { periodKey: '2026-11', periodStart: Date.UTC(2026, 10, 1), periodEnd: Date.UTC(2026, 11, 1) };

function valueOf(kpiId: string, value: number, at = NOW): KpiValue {
  return {
    kpiId,
    ...NOVEMBER,
    value,
    asOf: at,
    computedAt: at,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  };
}

// plant: one objective of two monthly KPIs, target 100, thresholds 5 % / 10 % (TwinModelBuilder.kpi's)
const model = TwinModelBuilder.model('live')
  .unit('plant')
  .kpi('a', 'x', { period: 'month', target: 100, updateFrequency: '1d' })
  .kpi('b', 'x', { period: 'month', target: 100, updateFrequency: '1d' })
  .objective('o', 'plant', 'financial', [
    ['a', 1],
    ['b', 1],
  ])
  .build();

/** An in-memory database holding a at 90 and b at 95 in November, its bus, and the live scorecards over them. */
async function openPlant(forecasts: ForecastProvider | null) {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const dataSource = await openDataSource({ sqlitePath: ':memory:' });
  const store = new KpiValueRepository(dataSource);
  const bus = new InProcessEventBus();
  await store.appendRevisions([valueOf('a', 90), valueOf('b', 95)], 1, NOW);
  const sut = new LiveScorecards(
    new FixedActiveModel(model),
    store,
    new InitiativeStateRepository(dataSource),
    new TargetOverrideRepository(dataSource),
    bus,
    forecasts,
  );
  const close = async () => {
    sut.onModuleDestroy();
    jest.useRealTimers();
    await dataSource.destroy();
  };
  return { store, bus, sut, close };
}

describe(LiveScorecards.name, () => {
  let close: () => Promise<void>;
  let store: KpiValueRepository;
  let bus: InProcessEventBus;
  let sut: LiveScorecards;
  let reads: jest.SpyInstance<ReturnType<KpiValueRepository['asOf']>, Parameters<KpiValueRepository['asOf']>>;

  const kpisOf = async () =>
    (await sut.comparison('plant', Date.now())).current.perspectives[0].objectives[0].kpis.map((k) => k.value);
  /** Asks again until the answer shows `expected` (the refresh a request starts is seen by a later request). */
  async function answerUntil(expected: Array<number | null>): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (JSON.stringify(await kpisOf()) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`never answered ${JSON.stringify(expected)}`);
  }

  beforeEach(async () => {
    ({ store, bus, sut, close } = await openPlant(null));
    expect(await kpisOf()).toEqual([90, 95]);
    reads = jest.spyOn(store, 'asOf');
  });
  afterEach(() => close());

  it('reads only the KPIs a kpis.updated names, in one query, and re-scores them', async () => {
    await store.appendRevisions([valueOf('a', 100)], 1, NOW + 1);
    bus.publish('kpis.updated', { values: [valueOf('a', 100)], modelVersion: 1 });

    // answered from the read model as it stands, without waiting for the read it starts
    expect(await kpisOf()).toEqual([90, 95]);
    await answerUntil([100, 95]);
    const objective = (await sut.comparison('plant', Date.now())).current.perspectives[0].objectives[0];

    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0]).toEqual(['a']);
    // a meets its target (10); b is 5 short, a default span of 2 x 10 = 20: 10 x (1 - 5/20) = 7.5; mean 8.75
    expect(objective.kpis.map((k) => [k.value, k.score])).toEqual([
      [100, 10],
      [95, 7.5],
    ]);
    expect(objective.score).toBe(8.75);
  });

  it('serves concurrent requests from one refresh', async () => {
    await store.appendRevisions([valueOf('b', 70)], 1, NOW + 1);
    bus.publish('kpis.updated', { values: [valueOf('b', 70)], modelVersion: 1 });

    const answers = await Promise.all([kpisOf(), kpisOf(), kpisOf(), kpisOf()]);
    await answerUntil([90, 70]);

    expect(answers).toEqual(Array(4).fill([90, 95]));
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('shows a manual entry (stored before it is announced) in the next answer', async () => {
    await store.appendRevisions([valueOf('b', 99)], 1, NOW + 1);
    bus.publish('kpi.updated', { value: valueOf('b', 99), modelVersion: 1 });

    expect(await kpisOf()).toEqual([90, 99]);
  });

  it('serves without reading when nothing changed', async () => {
    expect(await kpisOf()).toEqual([90, 95]);
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads an announced value again until the store holds it (it is written after the announcement)', async () => {
    bus.publish('kpis.updated', { values: [valueOf('a', 60)], modelVersion: 1 });
    expect(await kpisOf()).toEqual([90, 95]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await kpisOf()).toEqual([90, 95]);
    expect(reads).toHaveBeenCalledTimes(1);

    await store.appendRevisions([valueOf('a', 60)], 1, NOW + 500);
    jest.advanceTimersByTime(250);

    await answerUntil([60, 95]);
    expect(reads.mock.calls.map((c) => c[0])).toEqual([['a'], ['a']]);
  });

  it('reads everything again once when a period rolls over, however many requests notice it', async () => {
    jest.setSystemTime(Date.UTC(2026, 11, 1));

    const answers = await Promise.all([kpisOf(), kpisOf(), kpisOf()]);

    // December has no values yet; November becomes the previous period
    expect(answers).toEqual(Array(3).fill([null, null]));
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][1]).toEqual(['2026-12', '2026-11']);
  });

  it('reads everything again after a change every score may depend on', async () => {
    bus.publish('scorecard.changed', { unitId: 'plant', at: NOW });

    await kpisOf();

    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0]).toEqual(['a', 'b']);
  });
});

describe(`${LiveScorecards.name} with forecasts`, () => {
  let close: () => Promise<void>;
  let store: KpiValueRepository;
  let bus: InProcessEventBus;
  let sut: LiveScorecards;

  /** a, b as above; the forecast cache holds a period-end projection of a (104, 0.8) and none of b. */
  const provider = {
    forecasts: (ids: readonly string[]) =>
      Promise.resolve(
        new Map(
          ids.map((id) => [
            id,
            id === 'a' ? ({ periodEnd: { expected: 104, probabilityOfMeetingTarget: 0.8 } } as KpiForecastView) : null,
          ]),
        ),
      ),
  } as unknown as ForecastProvider;
  const predictedOf = async () =>
    (await sut.comparison('plant', Date.now())).current.perspectives[0].objectives[0].kpis.map((k) => [
      k.id,
      k.predictedStatus,
      k.probability,
    ]);

  beforeEach(async () => {
    ({ store, bus, sut, close } = await openPlant(provider));
  });
  afterEach(() => close());

  it('takes the projections a forecast.updated carries into the next answer without reading the KPIs again', async () => {
    // 104 against the target 100 is on target; b has no projection
    expect(await predictedOf()).toEqual([
      ['a', 'on_target', 0.8],
      ['b', 'no_data', null],
    ]);
    const reads = jest.spyOn(store, 'asOf');

    // a new run: a expects 80 (20 % under, beyond the 10 % threshold), b 97 (3 % under, inside 5 %)
    bus.publish('forecast.updated', {
      forecasts: [
        { kpiId: 'a', periodKey: '2026-11', expected: 80, probability: 0.1 },
        { kpiId: 'b', periodKey: '2026-11', expected: 97, probability: 0.45 },
      ],
      kpiIds: ['a', 'b'],
      at: NOW,
    });
    expect(await predictedOf()).toEqual([
      ['a', 'off_target', 0.1],
      ['b', 'on_target', 0.45],
    ]);

    // a's new forecast has no period end: its projection goes
    bus.publish('forecast.updated', { forecasts: [], kpiIds: ['a'], at: NOW });
    expect(await predictedOf()).toEqual([
      ['a', 'no_data', null],
      ['b', 'on_target', 0.45],
    ]);
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads everything again for a forecast.updated that does not name its KPIs (an older sender)', async () => {
    await predictedOf();
    const reads = jest.spyOn(store, 'asOf');

    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'b', periodKey: '2026-11', expected: 97, probability: 0.45 }],
      at: NOW,
    });

    expect(await predictedOf()).toEqual([
      ['a', 'on_target', 0.8],
      ['b', 'on_target', 0.45],
    ]);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0]).toEqual(['a', 'b']);
  });
});

describe(`${LiveScorecards.name} with many changed KPIs`, () => {
  // one objective of 600 monthly KPIs k0 … k599, all at 90, then all announced at 100 in one kpis.updated
  const ids = Array.from({ length: 600 }, (_, i) => `k${i}`);
  const builder = TwinModelBuilder.model('wide').unit('plant');
  for (const id of ids) builder.kpi(id, 'x', { period: 'month', target: 100, updateFrequency: '1d' });
  const wide = builder
    .objective(
      'o',
      'plant',
      'financial',
      ids.map((id): [string, number] => [id, 1]),
    )
    .build();
  let dataSource: DataSource;

  afterEach(async () => {
    jest.restoreAllMocks();
    jest.useRealTimers();
    await dataSource.destroy();
  });

  it('scores them a slice at a time, answering requests in between, and ends with all of them', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const store = new KpiValueRepository(dataSource);
    const bus = new InProcessEventBus();
    await store.appendRevisions(
      ids.map((id) => valueOf(id, 90)),
      1,
      NOW,
    );
    const sut = new LiveScorecards(
      new FixedActiveModel(wide),
      store,
      new InitiativeStateRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      bus,
      null,
    );
    const valuesOf = async () =>
      (await sut.comparison('plant', NOW)).current.perspectives[0].objectives[0].kpis.map((k) => k.value);
    expect(new Set(await valuesOf())).toEqual(new Set([90]));
    const updates = jest.spyOn(LiveScorecard.prototype, 'update');
    await store.appendRevisions(
      ids.map((id) => valueOf(id, 100)),
      1,
      NOW + 1,
    );
    bus.publish('kpis.updated', { values: ids.map((id) => valueOf(id, 100)), modelVersion: 1 });

    // the request starts the refresh; the ones after it are answered between its slices of 256, 256 and 88
    const seen: number[] = [];
    for (let turn = 0; turn < 100 && !seen.includes(600); turn++) {
      seen.push((await valuesOf()).filter((v) => v === 100).length);
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(updates.mock.calls.map(([kpiIds]) => kpiIds.length)).toEqual([256, 256, 88]);
    expect(seen).toContain(256);
    expect(seen).toContain(512);
    expect(seen[seen.length - 1]).toBe(600);
    sut.onModuleDestroy();
  });
});
