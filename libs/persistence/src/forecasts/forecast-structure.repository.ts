import type { DataSource } from 'typeorm';
import { chunk, maxRowsPerStatement } from '../data-source/sql-dialect';
import { ForecastStructureEntity } from '../entities/forecast-structure.entity';

/** The forecast job's kept model structures by memo key (see ForecastStructureEntity), as plain data. */
export class ForecastStructureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every kept entry; a row that is no JSON (never written so) is left out: it is only a hint. */
  async readAll(): Promise<Map<string, unknown>> {
    const rows = await this.dataSource.getRepository(ForecastStructureEntity).find();
    const out = new Map<string, unknown>();
    for (const row of rows) {
      try {
        out.set(row.key, JSON.parse(row.structures) as unknown);
      } catch {
        // left out
      }
    }
    return out;
  }

  /** Writes the entries (new ones or replacing their key's), stamped `now`. */
  async save(entries: Iterable<readonly [string, unknown]>, now: number): Promise<void> {
    const rows = [...entries].map(([key, value]) => ({ key, structures: JSON.stringify(value), updatedAt: now }));
    if (rows.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const part of chunk(rows, maxRowsPerStatement(this.dataSource, 3)))
        await manager.getRepository(ForecastStructureEntity).upsert(part, ['key']);
    });
  }

  /** Drops the entries last written before `cutoff` (series no longer forecast); returns how many. */
  async dropWrittenBefore(cutoff: number): Promise<number> {
    const result = await this.dataSource
      .getRepository(ForecastStructureEntity)
      .createQueryBuilder()
      .delete()
      .where('updated_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
