import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Rows converted per statement on SQLite, which has no base64 in SQL. */
const BATCH = 500;

function tableOf(queryRunner: QueryRunner): string {
  const { driver, options } = queryRunner.connection;
  return [(options as { schema?: string }).schema, 'dead_letter']
    .filter((part): part is string => !!part)
    .map((part) => driver.escape(part))
    .join('.');
}

const isPostgres = (queryRunner: QueryRunner): boolean => queryRunner.connection.options.type === 'postgres';

/**
 * Raw dead-letter payloads that are not clean text were kept as base64 in a text column: a third larger, and a copy
 * of the bytes only after decoding. `payload_bytes` (bytea, blob) holds the bytes themselves; existing base64 rows
 * move there (payload_encoding `bytes`), text payloads stay in `payload`.
 */
export class DeadLetterPayloadBytes1797100000000 implements MigrationInterface {
  name = 'DeadLetterPayloadBytes1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    await queryRunner.addColumn(
      'dead_letter',
      new TableColumn({ name: 'payload_bytes', type: postgres ? 'bytea' : 'blob', isNullable: true }),
    );
    const table = tableOf(queryRunner);
    if (postgres) {
      await queryRunner.query(
        `UPDATE ${table} SET payload_bytes = decode(payload, 'base64'), payload = NULL, payload_encoding = 'bytes' ` +
          `WHERE payload_encoding = 'base64' AND payload IS NOT NULL`,
      );
      return;
    }
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, payload FROM ${table} WHERE payload_encoding = 'base64' AND payload IS NOT NULL ORDER BY id LIMIT ${BATCH}`,
      )) as Array<{ id: number; payload: string }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        await queryRunner.query(
          `UPDATE ${table} SET payload_bytes = ?, payload = NULL, payload_encoding = 'bytes' WHERE id = ?`,
          [Buffer.from(row.payload, 'base64'), row.id],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = tableOf(queryRunner);
    if (isPostgres(queryRunner)) {
      // encode() breaks lines every 76 characters; the old rows had none.
      await queryRunner.query(
        `UPDATE ${table} SET payload = translate(encode(payload_bytes, 'base64'), E'\\n', ''), payload_bytes = NULL, ` +
          `payload_encoding = 'base64' WHERE payload_bytes IS NOT NULL`,
      );
    } else {
      for (;;) {
        const rows = (await queryRunner.query(
          `SELECT id, payload_bytes FROM ${table} WHERE payload_bytes IS NOT NULL ORDER BY id LIMIT ${BATCH}`,
        )) as Array<{ id: number; payload_bytes: Buffer }>;
        if (rows.length === 0) break;
        for (const row of rows) {
          await queryRunner.query(
            `UPDATE ${table} SET payload = ?, payload_bytes = NULL, payload_encoding = 'base64' WHERE id = ?`,
            [Buffer.from(row.payload_bytes).toString('base64'), row.id],
          );
        }
      }
    }
    await queryRunner.dropColumn('dead_letter', 'payload_bytes');
  }
}
