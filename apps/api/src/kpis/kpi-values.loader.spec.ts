import type { DataSource } from 'typeorm';
import { KpiValueRepository, openDataSource, TargetOverrideRepository } from '@bsc/persistence';
import { newApiContext } from '../graphql/api-context';
import { KpiValuesLoader } from './kpi-values.loader';

const T1 = Date.UTC(2026, 9, 1); // 1 Oct: target for November set to 100
const AS_OF = Date.UTC(2026, 10, 15); // 15 Nov: the scorecard looked at
const T2 = Date.UTC(2026, 10, 20); // 20 Nov: the target is moved to 120, or removed

describe(`${KpiValuesLoader.name}: target overrides in force at a past instant`, () => {
  let dataSource: DataSource;
  let targets: TargetOverrideRepository;
  let sut: KpiValuesLoader;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    targets = new TargetOverrideRepository(dataSource);
    sut = new KpiValuesLoader(new KpiValueRepository(dataSource), targets);
    await targets.set({ kpiId: 'revenue', periodKey: '2026-11', value: 100, setBy: 'alice', setAt: T1 });
  });
  afterEach(() => dataSource.destroy());

  const target = async (knownAt?: number) =>
    (await sut.targetOverrides(newApiContext(null), knownAt)).get('revenue')?.get('2026-11')?.value;

  it('shows the override in force then, not none, when it has been replaced since', async () => {
    await targets.set({ kpiId: 'revenue', periodKey: '2026-11', value: 120, setBy: 'bob', setAt: T2 });

    // README "Time travel": the scorecard as of 15 Nov uses the target overrides in force then: 100 (set 1 Oct)
    expect(await target(AS_OF)).toBe(100);
    // live, and at the instant of the change: 120
    expect(await target()).toBe(120);
    expect(await target(T2)).toBe(120);
  });

  it('shows the override in force then when it has been removed since, and none after', async () => {
    await targets.remove('revenue', '2026-11', T2);

    expect(await target(AS_OF)).toBe(100);
    expect(await target(T2)).toBeUndefined();
    expect(await target()).toBeUndefined();
  });

  it('shows none before the override was set', async () => {
    expect(await target(T1 - 1)).toBeUndefined();
  });
});
