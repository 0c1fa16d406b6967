import { InitiativeStateRepository } from '@bsc/persistence';
import { InitiativeStateHistory1801100000000 } from '../../../libs/persistence/src/migrations/1801100000000-InitiativeStateHistory';
import {
  insertOldInitiativeStates,
  OLD_INITIATIVE_STATES,
} from '../../../libs/persistence/src/testing/old-initiative-states.fixture';
import { revertThrough } from '../../../libs/persistence/src/testing/revert-migrations';
import { PgTestSchema } from './pg-test-schema';

describe('initiative state history on PostgreSQL', () => {
  let db: PgTestSchema;
  let sut: InitiativeStateRepository;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await revertThrough(db.dataSource, InitiativeStateHistory1801100000000);
    await insertOldInitiativeStates(
      db.dataSource,
      (i) => `$${i}`,
      (name) => `"${db.schema}".${name}`,
    );
    await db.dataSource.runMigrations({ transaction: 'each' });
    sut = new InitiativeStateRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps the existing states in force after the migration', async () => {
    expect(await sut.list()).toEqual(OLD_INITIATIVE_STATES);
  });

  it('reads the state in force at a past instant after later updates', async () => {
    const nov = (day: number) => Date.UTC(2026, 10, day);
    const state = { initiativeId: 'init.tpm', milestones: [], updatedBy: 'carol' };
    await sut.save({ ...state, status: 'on_track', progress: 0.2, updatedAt: nov(1) });
    await sut.save({ ...state, status: 'at_risk', progress: 0.3, updatedAt: nov(10) });

    // the migrated state (at risk, 0.1, from 2000) until 1 Nov, on track until 10 Nov, at risk from then
    const at = async (t: number) => (await sut.inForceAt(t, ['init.tpm'])).map((s) => [s.status, s.progress]);
    expect(await at(nov(1) - 1)).toEqual([['at_risk', 0.1]]);
    expect(await at(nov(5))).toEqual([['on_track', 0.2]]);
    expect(await at(nov(10))).toEqual([['at_risk', 0.3]]);
    expect((await sut.list(['init.tpm'])).map((s) => s.progress)).toEqual([0.3]);
  });

  it('leaves one state in force when an initiative is updated three times at once', async () => {
    await Promise.all(
      [1, 2, 3].map((i) =>
        sut.save({
          initiativeId: 'init.x',
          status: 'on_track',
          progress: i / 10,
          milestones: [],
          updatedBy: 'x',
          updatedAt: 5_000 + i,
        }),
      ),
    );

    expect(await sut.list(['init.x'])).toHaveLength(1);
    const rows = await db.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM "${db.schema}".initiative_state WHERE initiative_id = 'init.x'`,
    );
    expect(Number(rows[0].n)).toBe(3);
  });
});
