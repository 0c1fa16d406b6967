import type { DataSource } from 'typeorm';
import { KPI_CHECKPOINT_TABLE, type KpiCheckpointEntity } from '../entities/kpi-checkpoint.entity';

/** A KPI engine checkpoint as stored: the encoded state and the sample position it covers. */
export interface StoredKpiCheckpoint {
  modelVersion: number;
  takenAt: number;
  /** Every sample received by then is in the state, none received later. */
  receivedBy: number;
  watermark: number;
  cut: number;
  format: number;
  state: Buffer;
}

/** One checkpoint per model version; saving one drops those of other versions (a model change invalidates them). */
export class KpiCheckpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** By table name: the data source maps the subclass of its database (bytea or blob). */
  private entity() {
    return this.dataSource.getRepository<KpiCheckpointEntity>(KPI_CHECKPOINT_TABLE);
  }

  async save(checkpoint: StoredKpiCheckpoint): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = manager.getRepository<KpiCheckpointEntity>(KPI_CHECKPOINT_TABLE);
      await rows.createQueryBuilder().delete().where('model_version <> :v', { v: checkpoint.modelVersion }).execute();
      await rows.save(rows.create(checkpoint));
    });
  }

  /** The checkpoint of a model version, or null. */
  async find(modelVersion: number): Promise<StoredKpiCheckpoint | null> {
    const row = await this.entity().findOneBy({ modelVersion });
    if (!row) return null;
    return {
      modelVersion: row.modelVersion,
      takenAt: row.takenAt,
      receivedBy: row.receivedBy,
      watermark: row.watermark,
      cut: row.cut,
      format: row.format,
      state: Buffer.from(row.state),
    };
  }

  /** When the newest stored checkpoint was taken (null: none), without reading its state. */
  async newestTakenAt(): Promise<number | null> {
    const row = await this.entity()
      .createQueryBuilder('c')
      .select('MAX(c.taken_at)', 'takenAt')
      .getRawOne<{ takenAt: string | number | null }>();
    return row?.takenAt === null || row?.takenAt === undefined ? null : Number(row.takenAt);
  }

  async clear(): Promise<void> {
    await this.entity().clear();
  }
}
