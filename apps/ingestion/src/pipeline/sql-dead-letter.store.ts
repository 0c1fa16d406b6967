import type { DataSource } from 'typeorm';
import type { DeadLetterRecord, DeadLetterStore } from './pipeline-stores.port';

const COLUMNS = ['received_at', 'source', 'channel', 'reason', 'detail', 'payload', 'payload_encoding', 'signal_id'] as const;
/** Rows per statement: PostgreSQL and SQLite both allow far more parameters than 100 x 8. */
const ROWS_PER_STATEMENT = 100;

/**
 * Dead letters into the `dead_letter` table with one multi-row insert per 100 rows.
 * Stop-gap until @bsc/persistence exports a DeadLetterRepository with the same `insert`.
 */
export class SqlDeadLetterStore implements DeadLetterStore {
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  async insert(records: readonly DeadLetterRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += ROWS_PER_STATEMENT) {
      const rows = records.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const tuples = rows.map((r) => {
        const first = params.length;
        params.push(r.receivedAt, r.source, r.channel, r.reason, r.detail, r.payload, r.payloadEncoding, r.signalId);
        return `(${COLUMNS.map((_, c) => (this.postgres ? `$${first + c + 1}` : '?')).join(', ')})`;
      });
      await this.dataSource.query(`INSERT INTO dead_letter (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
    }
  }
}
