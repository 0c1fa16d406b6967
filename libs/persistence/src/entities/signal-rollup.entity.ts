import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * A signal's numeric samples in one UTC-aligned bucket of one width (a minute, an hour, a day): count, sum (avg =
 * sum / count), extremes, and the first and last sample with their times. Every field merges exactly with a new
 * sample, so a late sample updates its buckets without re-reading the raw ones. Minute rows are kept in step with
 * signal_sample by the statement that inserts the samples; hour and day rows hold the minutes before the fold
 * watermark (signal_rollup_fold), folded in later. Outlives the raw samples (retention drops raw and minute rows).
 */
@Index('IDX_signal_rollup_width_start', ['widthMs', 'bucketStart'])
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
