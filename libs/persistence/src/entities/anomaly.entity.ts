import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * An anomaly as a detector reported it: one row per (KPI, time, kind, signal), so storing the same finding again
 * (a replay after a restart) changes nothing. `signal_id` is '' for the KPI's own kinds, since a key column cannot
 * be null. The unit is the KPI's org unit when it was found, which is what a caller's unit grant is checked against.
 */
@Entity({ name: 'anomaly', withoutRowid: true })
@Index('IDX_anomaly_ts', ['ts'])
@Index('IDX_anomaly_unit_ts', ['unitId', 'ts'])
@Index('IDX_anomaly_signal_ts', ['signalId', 'ts'])
@Index('IDX_anomaly_kpi_unit_detected_at', ['kpiId', 'unitId', 'detectedAt'])
export class AnomalyEntity {
  @PrimaryColumn({ name: 'kpi_id', type: 'varchar', length: 256 })
  kpiId: string;

  /** Sample time, value time, or start of the first period of the new level. */
  @PrimaryColumn({ name: 'ts', type: 'bigint', transformer: epochMsTransformer })
  ts: number;

  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 32 })
  kind: string;

  @PrimaryColumn({ name: 'signal_id', type: 'varchar', length: 256 })
  signalId: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 256 })
  unitId: string;

  @Column({ name: 'score', type: 'double precision' })
  score: number;

  @Column({ name: 'value', type: 'double precision', nullable: true })
  value: number | null;

  @Column({ name: 'expected', type: 'double precision', nullable: true })
  expected: number | null;

  @Column({ name: 'lower', type: 'double precision', nullable: true })
  lower: number | null;

  @Column({ name: 'upper', type: 'double precision', nullable: true })
  upper: number | null;

  @Column({ name: 'period_key', type: 'varchar', length: 32, nullable: true })
  periodKey: string | null;

  /** Found in the model's planned downtime (it raised no alert). */
  @Column({ name: 'planned', type: 'boolean', default: false })
  planned: boolean;

  /** When the detector reported it. */
  @Column({ name: 'detected_at', type: 'bigint', transformer: epochMsTransformer })
  detectedAt: number;
}
