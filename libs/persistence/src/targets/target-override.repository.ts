import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { KpiTargetOverrideEntity } from '../entities/kpi-target-override.entity';
import type { NewTargetOverride, TargetOverride } from './target-override.types';

function toTargetOverride(e: KpiTargetOverrideEntity): TargetOverride {
  return {
    kpiId: e.kpiId,
    periodKey: e.periodKey,
    value: e.value,
    lower: e.lower,
    upper: e.upper,
    setBy: e.setBy,
    setAt: e.setAt,
  };
}

/** Run-time target overrides, one per (kpi, period); setting again replaces. */
export class TargetOverrideRepository {
  constructor(private readonly dataSource: DataSource) {}

  async set(input: NewTargetOverride): Promise<TargetOverride> {
    const row: KpiTargetOverrideEntity = {
      kpiId: input.kpiId,
      periodKey: input.periodKey,
      value: input.value,
      lower: input.lower ?? null,
      upper: input.upper ?? null,
      setBy: input.setBy,
      setAt: input.setAt ?? Date.now(),
    };
    await this.dataSource.getRepository(KpiTargetOverrideEntity).upsert(row, ['kpiId', 'periodKey']);
    return toTargetOverride(row);
  }

  async get(kpiId: string, periodKey: string): Promise<TargetOverride | null> {
    const row = await this.dataSource.getRepository(KpiTargetOverrideEntity).findOneBy({ kpiId, periodKey });
    return row ? toTargetOverride(row) : null;
  }

  /** All overrides, or those of the given KPIs. */
  async list(kpiIds?: readonly string[]): Promise<TargetOverride[]> {
    const where: FindOptionsWhere<KpiTargetOverrideEntity> = kpiIds ? { kpiId: In([...kpiIds]) } : {};
    const rows = await this.dataSource
      .getRepository(KpiTargetOverrideEntity)
      .find({ where, order: { kpiId: 'ASC', periodKey: 'ASC' } });
    return rows.map(toTargetOverride);
  }

  /** True when there was an override to remove. */
  async remove(kpiId: string, periodKey: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(KpiTargetOverrideEntity).delete({ kpiId, periodKey });
    return (result.affected ?? 0) > 0;
  }
}
