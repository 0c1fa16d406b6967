import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { DeadLetterRepository } from '../dead-letters/dead-letter.repository';
import { insertOldDeadLetters, OLD_BINARY_PAYLOAD } from '../testing/old-dead-letters.fixture';
import { revertThrough } from '../testing/revert-migrations';
import { DeadLetterPayloadBytes1797100000000 } from './1797100000000-DeadLetterPayloadBytes';

describe(`${DeadLetterPayloadBytes1797100000000.name} on SQLite`, () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    await revertThrough(dataSource, DeadLetterPayloadBytes1797100000000);
    await insertOldDeadLetters(dataSource, () => '?');
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('moves old base64 payloads into the bytes column and keeps text where it was', async () => {
    await dataSource.runMigrations({ transaction: 'each' });

    const rows: Array<{ id: number; payload: string | null; payload_encoding: string; payload_bytes: Buffer | null }> =
      await dataSource.query('SELECT id, payload, payload_encoding, payload_bytes FROM dead_letter ORDER BY id');
    expect(rows).toEqual([
      { id: 1, payload: null, payload_encoding: 'bytes', payload_bytes: OLD_BINARY_PAYLOAD },
      { id: 2, payload: '{"v": }', payload_encoding: 'utf8', payload_bytes: null },
    ]);
    // Readers see what they saw before: base64 "AP8QYQ==" of 00 ff 10 61, the text as it was.
    const listed = await new DeadLetterRepository(dataSource).list();
    expect(listed.map((d) => [d.id, d.payload, d.payloadEncoding])).toEqual([
      [2, '{"v": }', 'utf8'],
      [1, 'AP8QYQ==', 'base64'],
    ]);
  });

  it('reverts to base64 text', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    // down to just before this migration (any later ones are undone first)
    await revertThrough(dataSource, DeadLetterPayloadBytes1797100000000);

    expect(await dataSource.query('SELECT id, payload, payload_encoding FROM dead_letter ORDER BY id')).toEqual([
      { id: 1, payload: 'AP8QYQ==', payload_encoding: 'base64' },
      { id: 2, payload: '{"v": }', payload_encoding: 'utf8' },
    ]);
  });
});
