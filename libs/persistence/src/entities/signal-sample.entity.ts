import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SampleQuality } from '@bsc/common';
import { epochMsTransformer } from './column-transformers';

/**
 * One stored sample. The key (signal_id, ts) makes re-delivery idempotent and serves per-signal range scans;
 * the (ts, signal_id) index serves the time-ordered replay of all signals; (source, received_at) finds the samples
 * another process imported since a watermark.
 */
@Entity({ name: 'signal_sample', withoutRowid: true })
@Index('IDX_signal_sample_ts_signal', ['ts', 'signalId'])
@Index('IDX_signal_sample_source_received', ['source', 'receivedAt'])
export class SignalSampleEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'varchar', length: 256 })
  signalId: string;

  @PrimaryColumn({ name: 'ts', type: 'bigint', transformer: epochMsTransformer })
  ts: number;

  @Column({ name: 'value', type: 'double precision' })
  value: number;

  @Column({ name: 'quality', type: 'varchar', length: 16 })
  quality: SampleQuality;

  @Column({ name: 'source', type: 'varchar', length: 128 })
  source: string;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMsTransformer })
  receivedAt: number;
}
