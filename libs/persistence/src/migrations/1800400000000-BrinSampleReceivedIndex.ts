import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: the names, and the source `bsc import samples` stores (IMPORTED_SAMPLE_SOURCE).
const SOURCE_RECEIVED = 'IDX_signal_sample_source_received';
const RECEIVED_BRIN = 'IDX_signal_sample_received_brin';
const IMPORTED_RECEIVED = 'IDX_signal_sample_imported_received';
const IMPORTED_SOURCE = 'csv';
/**
 * 32 pages (256 kB, a few thousand samples) per summary: a read of the samples received since a checkpoint reads at
 * most that much before its start, and the summaries of a month's partition stay a few pages.
 */
const PAGES_PER_RANGE = 32;

/**
 * PostgreSQL only: the btree (source, received_at) cost every inserted sample a descent and a leaf write. Samples
 * are written in the order they are received, so received_at follows the heap: a BRIN summary (min and max per block
 * range) finds those received since a checkpoint for a fraction of that, and only the import watermark, one source's
 * newest receipt, needs an exact order: a btree on received_at of the imported rows alone, which live rows never touch.
 * Indexes created on the partitioned table reach every partition, present and future (created with PARTITION OF, or
 * given them by ATTACH PARTITION). SQLite keeps (source, received_at).
 */
export class BrinSampleReceivedIndex1800400000000 implements MigrationInterface {
  name = 'BrinSampleReceivedIndex1800400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    const q = (name: string) => qualified(queryRunner, name);
    const table = q('signal_sample');
    await queryRunner.query(`DROP INDEX ${q(SOURCE_RECEIVED)}`);
    // autosummarize: a block range is summarised by autovacuum once inserts move past it, not left to a vacuum
    await queryRunner.query(
      `CREATE INDEX "${RECEIVED_BRIN}" ON ${table} USING brin (received_at) ` +
        `WITH (pages_per_range = ${PAGES_PER_RANGE}, autosummarize = on)`,
    );
    await queryRunner.query(
      `CREATE INDEX "${IMPORTED_RECEIVED}" ON ${table} (received_at) WHERE source = '${IMPORTED_SOURCE}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    const q = (name: string) => qualified(queryRunner, name);
    await queryRunner.query(`DROP INDEX ${q(IMPORTED_RECEIVED)}`);
    await queryRunner.query(`DROP INDEX ${q(RECEIVED_BRIN)}`);
    await queryRunner.query(`CREATE INDEX "${SOURCE_RECEIVED}" ON ${q('signal_sample')} (source, received_at)`);
  }
}
