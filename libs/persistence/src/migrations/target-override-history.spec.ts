import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { TargetOverrideRepository } from '../targets/target-override.repository';
import { insertOldTargetOverrides, OLD_TARGET_OVERRIDES } from '../testing/old-target-overrides.fixture';
import { revertThrough } from '../testing/revert-migrations';
import { TargetOverrideHistory1801000000000 } from './1801000000000-TargetOverrideHistory';

describe(`${TargetOverrideHistory1801000000000.name} on SQLite`, () => {
  let dataSource: DataSource;
  let sut: TargetOverrideRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    await revertThrough(dataSource, TargetOverrideHistory1801000000000);
    await insertOldTargetOverrides(dataSource, () => '?');
    await dataSource.runMigrations({ transaction: 'each' });
    sut = new TargetOverrideRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('keeps the existing overrides in force, each from the instant it was set', async () => {
    expect(await sut.list()).toEqual(OLD_TARGET_OVERRIDES);
    // temp was set at 2000: not yet in force at 1999
    expect((await sut.inForceAt(1_999)).map((o) => o.kpiId)).toEqual(['oee']);
  });

  it('reverts to one row per (kpi, period): the override in force, its history dropped', async () => {
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.9, setBy: 'carol', setAt: 3_000 });
    await sut.remove('temp', '2026-11', 4_000);

    await revertThrough(dataSource, TargetOverrideHistory1801000000000);

    expect(await dataSource.query('SELECT kpi_id, period_key, value, set_by, set_at FROM kpi_target_override')).toEqual(
      [{ kpi_id: 'oee', period_key: '2026-11', value: 0.9, set_by: 'carol', set_at: 3_000 }],
    );
  });
});
