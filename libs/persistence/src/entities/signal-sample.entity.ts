import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SampleQuality } from '@bsc/common';
import { epochMsTransformer, nullableNumberTransformer } from './column-transformers';

/**
 * One stored sample. The key (signal_id, ts) makes re-delivery idempotent and serves per-signal range scans;
 * the (ts, signal_id) index serves the time-ordered replay of all signals. The receipt-time indexes differ by driver
 * (the migrations define them, so the schema check leaves them alone): SQLite has (source, received_at), which finds
 * the samples another process imported since a watermark and those of any source stored since one (a range per
 * source); PostgreSQL has a BRIN summary of received_at for the latter and a btree of the imported rows' received_at.
 */
@Entity({ name: 'signal_sample', withoutRowid: true })
@Index('IDX_signal_sample_ts_signal', ['ts', 'signalId'])
@Index('IDX_signal_sample_source_received', { synchronize: false })
@Index('IDX_signal_sample_received_brin', { synchronize: false })
@Index('IDX_signal_sample_imported_received', { synchronize: false })
export class SignalSampleEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'varchar', length: 256 })
  signalId: string;

  @PrimaryColumn({ name: 'ts', type: 'bigint', transformer: epochMsTransformer })
  ts: number;

  /** Null when the sample has no number (a status without a value, a text signal). */
  @Column({ name: 'value', type: 'double precision', nullable: true })
  value: number | null;

  /** The value of a string signal. */
  @Column({ name: 'text_value', type: 'varchar', length: 1024, nullable: true })
  textValue: string | null;

  /** The source's status code (OPC UA StatusCode, unsigned 32 bits) when it is not Good. */
  @Column({ name: 'status_code', type: 'bigint', nullable: true, transformer: nullableNumberTransformer })
  statusCode: number | null;

  @Column({ name: 'quality', type: 'varchar', length: 16 })
  quality: SampleQuality;

  @Column({ name: 'source', type: 'varchar', length: 128 })
  source: string;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMsTransformer })
  receivedAt: number;
}
