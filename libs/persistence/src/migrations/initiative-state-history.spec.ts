import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { InitiativeStateRepository } from '../initiatives/initiative-state.repository';
import { insertOldInitiativeStates, OLD_INITIATIVE_STATES } from '../testing/old-initiative-states.fixture';
import { revertThrough } from '../testing/revert-migrations';
import { InitiativeStateHistory1801100000000 } from './1801100000000-InitiativeStateHistory';

describe(`${InitiativeStateHistory1801100000000.name} on SQLite`, () => {
  let dataSource: DataSource;
  let sut: InitiativeStateRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    await revertThrough(dataSource, InitiativeStateHistory1801100000000);
    await insertOldInitiativeStates(dataSource, () => '?');
    await dataSource.runMigrations({ transaction: 'each' });
    sut = new InitiativeStateRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('keeps the existing states in force, each from the instant it was set', async () => {
    expect(await sut.list()).toEqual(OLD_INITIATIVE_STATES);
    // init.tpm was updated at 2000: not yet in force at 1999
    expect((await sut.inForceAt(1_999)).map((s) => s.initiativeId)).toEqual(['init.smed']);
  });

  it('reverts to one row per initiative: the state in force, its history dropped', async () => {
    await sut.save({
      initiativeId: 'init.smed',
      status: 'done',
      progress: 1,
      milestones: [],
      updatedBy: 'carol',
      updatedAt: 3_000,
    });

    await revertThrough(dataSource, InitiativeStateHistory1801100000000);

    const rows = await dataSource.query<unknown[]>(
      'SELECT initiative_id, status, progress, updated_at FROM initiative_state ORDER BY initiative_id',
    );
    expect(rows).toEqual([
      { initiative_id: 'init.smed', status: 'done', progress: 1, updated_at: 3_000 },
      { initiative_id: 'init.tpm', status: 'at_risk', progress: 0.1, updated_at: 2_000 },
    ]);
  });
});
