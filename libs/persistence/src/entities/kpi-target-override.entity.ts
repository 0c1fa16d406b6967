import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** A target set at run time for one KPI and period; wins over the model's targets. */
@Entity({ name: 'kpi_target_override' })
export class KpiTargetOverrideEntity {
  @PrimaryColumn({ name: 'kpi_id', type: 'varchar', length: 256 })
  kpiId: string;

  @PrimaryColumn({ name: 'period_key', type: 'varchar', length: 32 })
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
}
