import { DataSource } from 'typeorm';
import { PERSISTENCE_MIGRATIONS } from '../migrations';
import { openDataSource } from './open-data-source';
import { findSchemaDrift } from './schema-drift';

describe(findSchemaDrift.name, () => {
  let sut: DataSource;

  beforeEach(async () => {
    sut = await openDataSource({ sqlitePath: ':memory:' });
  });
  afterEach(async () => {
    await sut.destroy();
  });

  it('finds no difference between the migrated SQLite schema and the entities', async () => {
    await expect(findSchemaDrift(sut)).resolves.toEqual([]);
  });

  it('reports the SQL needed when the schema lags behind the entities', async () => {
    await sut.query('DROP INDEX "IDX_dead_letter_reason"');

    const drift = await findSchemaDrift(sut);

    expect(drift.join('\n')).toContain('IDX_dead_letter_reason');
  });

  it('reverts every table with down and re-creates them with up', async () => {
    for (const _ of PERSISTENCE_MIGRATIONS) await sut.undoLastMigration({ transaction: 'each' });
    expect(await sut.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'signal_sample'`)).toEqual(
      [],
    );

    await sut.runMigrations();

    await expect(findSchemaDrift(sut)).resolves.toEqual([]);
  });

  it('clusters signal_sample on its (signal_id, ts) key on SQLite', async () => {
    const [table] = await sut.query<Array<{ sql: string }>>(
      `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'signal_sample'`,
    );

    expect(table.sql).toMatch(/WITHOUT ROWID/i);
  });

  it('allows one unresolved alert per dedup key at the database level', async () => {
    const insert = (id: string, status: string) =>
      sut.query(
        `INSERT INTO alert (id, rule, unit_id, severity, status, message, raised_at, escalation_level, dedup_key) VALUES (?, 'r', 'u', 's', ?, 'm', 1, 0, 'k')`,
        [id, status],
      );
    await insert('a', 'resolved');
    await insert('b', 'open');

    await expect(insert('c', 'acknowledged')).rejects.toThrow(/UNIQUE/);
    await expect(insert('d', 'resolved')).resolves.toBeDefined();
  });
});
