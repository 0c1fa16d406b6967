import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { TargetOverrideRepository } from './target-override.repository';

describe(TargetOverrideRepository.name, () => {
  let dataSource: DataSource;
  let sut: TargetOverrideRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new TargetOverrideRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('sets an override and reads it back', async () => {
    const set = await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.85, setBy: 'alice', setAt: 1_000 });

    expect(set).toEqual({
      kpiId: 'oee',
      periodKey: '2026-11',
      value: 0.85,
      lower: null,
      upper: null,
      setBy: 'alice',
      setAt: 1_000,
    });
    await expect(sut.get('oee', '2026-11')).resolves.toEqual(set);
  });

  it('replaces the override of the same KPI and period, keeping the replaced one for the past', async () => {
    await sut.set({
      kpiId: 'temp',
      periodKey: '2026-11',
      value: 20,
      lower: 18,
      upper: 22,
      setBy: 'alice',
      setAt: 1_000,
    });

    await sut.set({ kpiId: 'temp', periodKey: '2026-11', value: 21, lower: 19, upper: 23, setBy: 'bob', setAt: 2_000 });

    expect(await sut.list()).toEqual([
      { kpiId: 'temp', periodKey: '2026-11', value: 21, lower: 19, upper: 23, setBy: 'bob', setAt: 2_000 },
    ]);
    // in force over [1000, 2000), then the replacement from 2000 on
    expect((await sut.inForceAt(1_999)).map((o) => [o.value, o.setBy])).toEqual([[20, 'alice']]);
    expect((await sut.inForceAt(2_000)).map((o) => [o.value, o.setBy])).toEqual([[21, 'bob']]);
    expect(await sut.inForceAt(999)).toEqual([]);
  });

  it('keeps a removed override in force until its removal', async () => {
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.85, setBy: 'alice', setAt: 1_000 });
    await sut.set({ kpiId: 'oee', periodKey: '2026-12', value: 0.9, setBy: 'alice', setAt: 1_000 });

    await expect(sut.remove('oee', '2026-11', 3_000)).resolves.toBe(true);

    expect((await sut.inForceAt(2_999, ['oee'])).map((o) => o.periodKey)).toEqual(['2026-11', '2026-12']);
    expect((await sut.inForceAt(3_000, ['oee'])).map((o) => o.periodKey)).toEqual(['2026-12']);
    expect((await sut.list()).map((o) => o.periodKey)).toEqual(['2026-12']);
  });

  it('keeps the last of two overrides set in the same millisecond', async () => {
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.8, setBy: 'alice', setAt: 1_000 });
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.85, setBy: 'bob', setAt: 1_000 });

    expect((await sut.list()).map((o) => o.value)).toEqual([0.85]);
    expect((await sut.inForceAt(1_000)).map((o) => o.value)).toEqual([0.85]);
  });

  it('lists the overrides of some KPIs and removes one', async () => {
    for (const [kpiId, periodKey] of [
      ['oee', '2026-11'],
      ['oee', '2026-12'],
      ['scrap', '2026-11'],
    ]) {
      await sut.set({ kpiId, periodKey, value: 1, setBy: 'alice' });
    }

    expect((await sut.list(['oee'])).map((o) => o.periodKey)).toEqual(['2026-11', '2026-12']);
    await expect(sut.remove('oee', '2026-11')).resolves.toBe(true);
    await expect(sut.remove('oee', '2026-11')).resolves.toBe(false);
    await expect(sut.get('oee', '2026-11')).resolves.toBeNull();
  });
  it('stamps a write timed before the one in force as made with it, never superseding a row before it began', async () => {
    // A stamped 5003 and B 5001, but A got its turn first: B taken at 5001 would end A (5003) at 5001; as in the
    // same millisecond, B wins from 5003 and nothing is in force at 5002
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.8, setBy: 'a', setAt: 5_003 });
    const late = await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.9, setBy: 'b', setAt: 5_001 });

    expect(late.setAt).toBe(5_003);
    expect(await sut.inForceAt(5_002)).toEqual([]);
    expect((await sut.inForceAt(5_003)).map((o) => o.value)).toEqual([0.9]);
    // a removal timed before the set it follows: from 5003 on, not from 5002
    await sut.remove('oee', '2026-11', 5_002);
    expect(await sut.inForceAt(5_003)).toEqual([]);
    expect(await sut.inForceAt(5_002)).toEqual([]);
    const rows: Array<{ set_at: number; superseded_at: number }> = await dataSource.query(
      'SELECT set_at, superseded_at FROM kpi_target_override ORDER BY id',
    );
    expect(rows.every((r) => Number(r.superseded_at) >= Number(r.set_at))).toBe(true);
  });
});
