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

export const KPI_DAILY_STATE_TABLE = 'kpi_daily_state';

/**
 * What the stored daily values cover: the model they were computed for and the samples they include. The binary
 * checkpoint column's type differs by database (bytea, blob), so each database maps its own subclass to the table.
 */
export abstract class KpiDailyStateEntity {
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

  /**
   * The daily KPI engine's checkpoint (gzipped, @bsc/kpi's format) holding exactly the samples received by
   * `received_by`: the next update restores it instead of re-reading the open day's samples. Null: none.
   */
  checkpoint: Buffer | null;
}

@Entity({ name: KPI_DAILY_STATE_TABLE })
export class PostgresKpiDailyStateEntity extends KpiDailyStateEntity {
  @Column({ name: 'checkpoint', type: 'bytea', nullable: true })
  declare checkpoint: Buffer | null;
}

@Entity({ name: KPI_DAILY_STATE_TABLE })
export class SqliteKpiDailyStateEntity extends KpiDailyStateEntity {
  @Column({ name: 'checkpoint', type: 'blob', nullable: true })
  declare checkpoint: Buffer | null;
}
