import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * One day's value of a KPI (or of a period aggregate a forecast projects term by term), as the forecasts read it:
 * kept up to date day by day so a forecast cycle never re-reads the raw samples of closed days.
 */
@Entity({ name: 'kpi_daily_value', withoutRowid: true })
export class KpiDailyValueEntity {
  @PrimaryColumn({ name: 'series_key', type: 'varchar', length: 512 })
  seriesKey: string;

  @PrimaryColumn({ name: 'day_start', type: 'bigint', transformer: epochMsTransformer })
  dayStart: number;

  /** Null when the day was evaluated without a value (no data, a division by zero). */
  @Column({ name: 'value', type: 'double precision', nullable: true })
  value: number | null;
}

/** What the stored daily values cover: the model they were computed for and the samples they include. */
@Entity({ name: 'kpi_daily_state' })
export class KpiDailyStateEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'model_checksum', type: 'varchar', length: 64 })
  modelChecksum: string;

  /** Start of the first day still open: it and later days are recomputed by the next update. */
  @Column({ name: 'frontier', type: 'bigint', transformer: epochMsTransformer })
  frontier: number;

  /** Samples received by then are in the stored values; later ones (late data included) are not yet. */
  @Column({ name: 'received_by', type: 'bigint', transformer: epochMsTransformer })
  receivedBy: number;
}
