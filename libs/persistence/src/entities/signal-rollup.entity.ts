import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * A signal's numeric samples in one UTC-aligned bucket of one width (a minute, an hour, a day): count, sum (avg =
 * sum / count), extremes, and the first and last sample with their times. Every field merges exactly with a new
 * sample, so a late sample updates its buckets without re-reading the raw ones. Kept in step with signal_sample
 * by the statement that inserts the samples; outlives the raw samples (retention drops raw and minute rows only).
 */
@Entity({ name: 'signal_rollup', withoutRowid: true })
export class SignalRollupEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'varchar', length: 256 })
  signalId: string;

  @PrimaryColumn({ name: 'width_ms', type: 'integer' })
  widthMs: number;

  /** Inclusive start, a multiple of width_ms since the epoch. */
  @PrimaryColumn({ name: 'bucket_start', type: 'bigint', transformer: epochMsTransformer })
  bucketStart: number;

  @Column({ name: 'sample_count', type: 'integer' })
  sampleCount: number;

  @Column({ name: 'value_sum', type: 'double precision' })
  valueSum: number;

  @Column({ name: 'min_value', type: 'double precision' })
  minValue: number;

  @Column({ name: 'max_value', type: 'double precision' })
  maxValue: number;

  @Column({ name: 'first_ts', type: 'bigint', transformer: epochMsTransformer })
  firstTs: number;

  @Column({ name: 'first_value', type: 'double precision' })
  firstValue: number;

  @Column({ name: 'last_ts', type: 'bigint', transformer: epochMsTransformer })
  lastTs: number;

  @Column({ name: 'last_value', type: 'double precision' })
  lastValue: number;
}
