import { DeadLetterRepository } from '@bsc/persistence';
import { DeadLetterPayloadBytes1797100000000 } from '../../../libs/persistence/src/migrations/1797100000000-DeadLetterPayloadBytes';
import {
  insertOldDeadLetters,
  OLD_BINARY_PAYLOAD,
} from '../../../libs/persistence/src/testing/old-dead-letters.fixture';
import { revertThrough } from '../../../libs/persistence/src/testing/revert-migrations';
import { PgTestSchema } from './pg-test-schema';

describe('dead-letter payloads moved to bytea on PostgreSQL', () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await revertThrough(db.dataSource, DeadLetterPayloadBytes1797100000000);
    await insertOldDeadLetters(
      db.dataSource,
      (i) => `$${i}`,
      (name) => `"${db.schema}".${name}`,
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('moves old base64 payloads into payload_bytes, keeps text, and reads both back as before', async () => {
    await db.dataSource.runMigrations({ transaction: 'each' });

    const rows: Array<{ id: number; payload: string | null; payload_encoding: string; payload_bytes: Buffer | null }> =
      await db.dataSource.query(
        `SELECT id, payload, payload_encoding, payload_bytes FROM "${db.schema}".dead_letter ORDER BY id`,
      );
    expect(rows).toEqual([
      { id: 1, payload: null, payload_encoding: 'bytes', payload_bytes: OLD_BINARY_PAYLOAD },
      { id: 2, payload: '{"v": }', payload_encoding: 'utf8', payload_bytes: null },
    ]);
    const listed = await new DeadLetterRepository(db.dataSource).list();
    expect(listed.map((d) => [d.id, d.payload, d.payloadEncoding])).toEqual([
      [2, '{"v": }', 'utf8'],
      [1, 'AP8QYQ==', 'base64'],
    ]);
  });

  it('writes new binary payloads as raw bytes and reverts them to base64 text', async () => {
    const sut = new DeadLetterRepository(db.dataSource);
    // 128 bytes: encode() would break the base64 of this at 76 characters.
    const raw = Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 37) % 256));
    await sut.add([{ source: 'sparkplug', channel: 't', reason: 'bad_protobuf', detail: 'y', raw }]);
    const [stored] = await db.dataSource.query<Array<{ id: number; payload_bytes: Buffer }>>(
      `SELECT id, payload_bytes FROM "${db.schema}".dead_letter WHERE reason = 'bad_protobuf' AND id > 2`,
    );
    expect(stored.payload_bytes).toEqual(raw);

    // down to just before this migration (any later ones are undone first)
    await revertThrough(db.dataSource, DeadLetterPayloadBytes1797100000000);
    const [reverted] = await db.dataSource.query<Array<{ payload: string; payload_encoding: string }>>(
      `SELECT payload, payload_encoding FROM "${db.schema}".dead_letter WHERE id = $1`,
      [stored.id],
    );
    expect(reverted).toEqual({ payload: raw.toString('base64'), payload_encoding: 'base64' });
  });
});
