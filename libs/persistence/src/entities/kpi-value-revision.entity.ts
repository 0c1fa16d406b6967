import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { KpiValue, SampleQuality } from '@bsc/common';
import { epochMsTransformer } from './column-transformers';

/**
 * Append-only: every computation, manual entry or correction of a KPI period is a new row, so the scorecard can be
 * replayed "as known at T" (newest recorded_at <= T per kpi and period) and corrections keep what they replaced.
 */
@Entity({ name: 'kpi_value_revision' })
@Index('IDX_kpi_value_revision_lookup', ['kpiId', 'periodKey', 'recordedAt'])
@Index('IDX_kpi_value_revision_period_start', ['kpiId', 'periodStart'])
export class KpiValueRevisionEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'kpi_id', type: 'varchar', length: 256 })
  kpiId: string;

  @Column({ name: 'period_key', type: 'varchar', length: 32 })
  periodKey: string;

  @Column({ name: 'period_start', type: 'bigint', transformer: epochMsTransformer })
  periodStart: number;

  @Column({ name: 'period_end', type: 'bigint', transformer: epochMsTransformer })
  periodEnd: number;

  @Column({ name: 'value', type: 'double precision', nullable: true })
  value: number | null;

  @Column({ name: 'coverage', type: 'double precision' })
  coverage: number;

  @Column({ name: 'stale', type: 'boolean' })
  stale: boolean;

  @Column({ name: 'quality', type: 'varchar', length: 16 })
  quality: SampleQuality;

  @Column({ name: 'origin', type: 'varchar', length: 16 })
  origin: KpiValue['origin'];

  /** Event time of the newest input that contributed. */
  @Column({ name: 'as_of', type: 'bigint', transformer: epochMsTransformer })
  asOf: number;

  @Column({ name: 'computed_at', type: 'bigint', transformer: epochMsTransformer })
  computedAt: number;

  @Column({ name: 'model_version', type: 'integer' })
  modelVersion: number;

  /** When this revision became known to the platform: the axis of time travel. */
  @Column({ name: 'recorded_at', type: 'bigint', transformer: epochMsTransformer })
  recordedAt: number;

  @Column({ name: 'entered_by', type: 'varchar', length: 128, nullable: true })
  enteredBy: string | null;

  @Column({ name: 'comment', type: 'text', nullable: true })
  comment: string | null;
}
