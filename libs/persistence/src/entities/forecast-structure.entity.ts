import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

export const FORECAST_STRUCTURE_TABLE = 'forecast_structure';

/**
 * The model structures the forecast job keeps for a series and an automatic method (ARIMA orders, ETS forms, each
 * with the lengths it serves), as JSON: a restarted forecast worker starts from them instead of searching every
 * series again. Hints only: a structure serves a series for at most a week of its growth.
 */
@Index('IDX_forecast_structure_updated_at', ['updatedAt'])
@Entity({ name: FORECAST_STRUCTURE_TABLE })
export class ForecastStructureEntity {
  /** The forecast memo's key (series and method). */
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 300 })
  key: string;

  @Column({ name: 'structures', type: 'text' })
  structures: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMsTransformer })
  updatedAt: number;
}
