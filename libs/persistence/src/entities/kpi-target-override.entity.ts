import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * A target set at run time for one KPI and period; wins over the model's targets. Rows are never overwritten: a
 * row is in force from set_at until superseded_at (replaced or removed), so time travel finds the one in force then.
 */
@Entity({ name: 'kpi_target_override' })
@Index('IDX_kpi_target_override_kpi_period_set_at', ['kpiId', 'periodKey', 'setAt'])
// one row in force per (kpi, period); the live read walks only these, not the history
@Index('UQ_kpi_target_override_in_force', ['kpiId', 'periodKey'], {
  unique: true,
  where: `"superseded_at" IS NULL`,
})
export class KpiTargetOverrideEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'kpi_id', type: 'varchar', length: 256 })
  kpiId: string;

  @Column({ name: 'period_key', type: 'varchar', length: 32 })
  periodKey: string;

  @Column({ name: 'value', type: 'double precision' })
  value: number;

  @Column({ name: 'lower', type: 'double precision', nullable: true })
  lower: number | null;

  @Column({ name: 'upper', type: 'double precision', nullable: true })
  upper: number | null;

  @Column({ name: 'set_by', type: 'varchar', length: 128 })
  setBy: string;

  @Column({ name: 'set_at', type: 'bigint', transformer: epochMsTransformer })
  setAt: number;

  /** When a later override replaced this one or it was removed; NULL while in force. */
  @Column({ name: 'superseded_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  supersededAt: number | null;
}
