import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

export const KPI_CHECKPOINT_TABLE = 'kpi_checkpoint';

/**
 * The KPI engine's state for one model version, compressed, with the stored samples it covers: every sample
 * received by `received_by`, none received later. A restart restores it and reads only the samples
 * from `cut` on and those received later. The binary column's type differs by database (bytea, blob), so each
 * database maps its own subclass to the one table.
 */
export abstract class KpiCheckpointEntity {
  @PrimaryColumn({ name: 'model_version', type: 'integer' })
  modelVersion: number;

  @Column({ name: 'taken_at', type: 'bigint', transformer: epochMsTransformer })
  takenAt: number;

  @Column({ name: 'received_by', type: 'bigint', transformer: epochMsTransformer })
  receivedBy: number;

  /** Newest sample time the state holds. */
  @Column({ name: 'watermark', type: 'bigint', transformer: epochMsTransformer })
  watermark: number;

  /** Sample time from which stored samples are read again at a restore. */
  @Column({ name: 'cut', type: 'bigint', transformer: epochMsTransformer })
  cut: number;

  /** Format of `state` as @bsc/kpi wrote it. */
  @Column({ name: 'format', type: 'integer' })
  format: number;

  state: Buffer;
}

@Entity({ name: KPI_CHECKPOINT_TABLE })
export class PostgresKpiCheckpointEntity extends KpiCheckpointEntity {
  @Column({ name: 'state', type: 'bytea' })
  declare state: Buffer;
}

@Entity({ name: KPI_CHECKPOINT_TABLE })
export class SqliteKpiCheckpointEntity extends KpiCheckpointEntity {
  @Column({ name: 'state', type: 'blob' })
  declare state: Buffer;
}
