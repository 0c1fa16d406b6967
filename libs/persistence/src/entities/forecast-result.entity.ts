import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** A stored forecast of one KPI; the payload is the method's result (means, intervals) as JSON. */
@Entity({ name: 'forecast_result' })
@Index('IDX_forecast_result_kpi_computed_at', ['kpiId', 'computedAt'])
// retention deletes by computation time alone
@Index('IDX_forecast_result_computed_at', ['computedAt'])
export class ForecastResultEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'kpi_id', type: 'varchar', length: 256 })
  kpiId: string;

  @Column({ name: 'computed_at', type: 'bigint', transformer: epochMsTransformer })
  computedAt: number;

  @Column({ name: 'method', type: 'varchar', length: 64 })
  method: string;

  /** Steps ahead. */
  @Column({ name: 'horizon', type: 'integer' })
  horizon: number;

  /** The period whose end the forecast targets, when it is a period-end forecast. */
  @Column({ name: 'period_key', type: 'varchar', length: 32, nullable: true })
  periodKey: string | null;

  /** Probability of meeting the target at period end. */
  @Column({ name: 'probability', type: 'double precision', nullable: true })
  probability: number | null;

  @Column({ name: 'payload', type: 'simple-json' })
  payload: unknown;
}
