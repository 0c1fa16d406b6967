import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThan, type FindOptionsWhere } from 'typeorm';
import { lockRowWrites, stampNotBeforeInForce } from '../data-source/row-write-lock';
import { KpiTargetOverrideEntity } from '../entities/kpi-target-override.entity';
import type { NewTargetOverride, TargetOverride } from './target-override.types';

/** Advisory lock class of target override writes (the second key is the (kpi, period) hash). */
const TARGET_LOCK_CLASS = 7_240_615;

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

/**
 * Run-time target overrides, one in force per (kpi, period). Setting again or removing supersedes the one in force
 * without deleting it, so the overrides in force at a past instant can still be read.
 */
export class TargetOverrideRepository {
  constructor(private readonly dataSource: DataSource) {}

  async set(input: NewTargetOverride): Promise<TargetOverride> {
    const setAt = input.setAt ?? Date.now();
    const row: Omit<KpiTargetOverrideEntity, 'id'> = {
      kpiId: input.kpiId,
      periodKey: input.periodKey,
      value: input.value,
      lower: input.lower ?? null,
      upper: input.upper ?? null,
      setBy: input.setBy,
      setAt,
      supersededAt: null,
    };
    await this.dataSource.transaction(async (manager) => {
      await lockPeriod(manager, input.kpiId, input.periodKey);
      row.setAt = await stampAfterInForce(manager, input.kpiId, input.periodKey, setAt);
      await supersede(manager, input.kpiId, input.periodKey, row.setAt);
      await manager.getRepository(KpiTargetOverrideEntity).insert({ ...row });
    });
    return toTargetOverride(row as KpiTargetOverrideEntity);
  }

  /** The override in force now. */
  async get(kpiId: string, periodKey: string): Promise<TargetOverride | null> {
    const row = await this.dataSource
      .getRepository(KpiTargetOverrideEntity)
      .findOneBy({ kpiId, periodKey, supersededAt: IsNull() });
    return row ? toTargetOverride(row) : null;
  }

  /** The overrides in force now, all or those of the given KPIs. */
  async list(kpiIds?: readonly string[]): Promise<TargetOverride[]> {
    return this.find({ ...byKpis(kpiIds), supersededAt: IsNull() });
  }

  /** The overrides in force at `knownAt`: set by then and not superseded by then. */
  async inForceAt(knownAt: number, kpiIds?: readonly string[]): Promise<TargetOverride[]> {
    const setBy = { ...byKpis(kpiIds), setAt: LessThanOrEqual(knownAt) };
    return this.find([
      { ...setBy, supersededAt: IsNull() },
      { ...setBy, supersededAt: MoreThan(knownAt) },
    ]);
  }

  /** True when there was an override in force to remove; it stays in the history, superseded at `at`. */
  async remove(kpiId: string, periodKey: string, at = Date.now()): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lockPeriod(manager, kpiId, periodKey);
      return (await supersede(manager, kpiId, periodKey, await stampAfterInForce(manager, kpiId, periodKey, at))) > 0;
    });
  }

  private async find(where: FindOptionsWhere<KpiTargetOverrideEntity>[] | FindOptionsWhere<KpiTargetOverrideEntity>) {
    const rows = await this.dataSource
      .getRepository(KpiTargetOverrideEntity)
      .find({ where, order: { kpiId: 'ASC', periodKey: 'ASC' } });
    return rows.map(toTargetOverride);
  }
}

function byKpis(kpiIds: readonly string[] | undefined): FindOptionsWhere<KpiTargetOverrideEntity> {
  return kpiIds ? { kpiId: In([...kpiIds]) } : {};
}

/** Writers of the same (kpi, period) take turns (see lockRowWrites). */
function lockPeriod(manager: EntityManager, kpiId: string, periodKey: string): Promise<void> {
  return lockRowWrites(manager, TARGET_LOCK_CLASS, `${kpiId}/${periodKey}`);
}

function stampAfterInForce(manager: EntityManager, kpiId: string, periodKey: string, at: number): Promise<number> {
  const inForce = { kpiId, periodKey, supersededAt: IsNull() };
  return stampNotBeforeInForce(manager, KpiTargetOverrideEntity, inForce, 'setAt', at);
}

async function supersede(manager: EntityManager, kpiId: string, periodKey: string, at: number): Promise<number> {
  const result = await manager
    .getRepository(KpiTargetOverrideEntity)
    .update({ kpiId, periodKey, supersededAt: IsNull() }, { supersededAt: at });
  return result.affected ?? 0;
}
