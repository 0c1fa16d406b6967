import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { WhatIfScenarioRepository } from './what-if-scenario.repository';

describe(WhatIfScenarioRepository.name, () => {
  let dataSource: DataSource;
  let sut: WhatIfScenarioRepository;
  const scenario = { drivers: [{ kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5 }], draws: 500 };

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new WhatIfScenarioRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('saves a scenario and reads it back as given', async () => {
    const saved = await sut.save({ name: 'OEE +5', scenario, createdBy: 'alice', createdAt: 1_000 });

    expect(saved).toMatchObject({ name: 'OEE +5', scenario, createdBy: 'alice', createdAt: 1_000 });
    expect(saved.id).toMatch(/^\d+$/);
    expect(await sut.getMany([saved.id])).toEqual([saved]);
  });

  it('lists newest first within the limit and finds several in the order asked', async () => {
    const a = await sut.save({ name: 'a', scenario, createdBy: 'alice', createdAt: 1_000 });
    const b = await sut.save({ name: 'b', scenario, createdBy: 'bob', createdAt: 3_000 });
    const c = await sut.save({ name: 'c', scenario, createdBy: 'bob', createdAt: 2_000 });

    expect((await sut.list(2)).map((s) => s.name)).toEqual(['b', 'c']);
    expect((await sut.getMany([c.id, 'nope', a.id, '999'])).map((s) => s.name)).toEqual(['c', 'a']);
    expect(b.id).not.toBe(a.id);
  });
});
