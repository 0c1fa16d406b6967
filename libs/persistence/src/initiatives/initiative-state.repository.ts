import { DataSource, FindOptionsWhere, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { lockRowWrites, stampNotBeforeInForce } from '../data-source/row-write-lock';
import { InitiativeStateEntity } from '../entities/initiative-state.entity';
import type { InitiativeState, NewInitiativeState } from './initiative-state.types';

/** Advisory lock class of initiative state writes (the second key is the initiative's hash). */
const INITIATIVE_LOCK_CLASS = 7_240_616;

function toInitiativeState(e: InitiativeStateEntity): InitiativeState {
  return {
    initiativeId: e.initiativeId,
    status: e.status,
    progress: e.progress,
    milestones: e.milestones,
    budgetActual: e.budgetActual,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy,
  };
}

/**
 * Run-time edits of initiatives (status, progress, milestones), one state in force per initiative. An update
 * supersedes the one in force without deleting it, so the state in force at a past instant can still be read.
 */
export class InitiativeStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(input: NewInitiativeState): Promise<InitiativeState> {
    const row: Omit<InitiativeStateEntity, 'id'> = {
      ...input,
      milestones: [...input.milestones],
      budgetActual: input.budgetActual ?? null,
      updatedAt: input.updatedAt ?? Date.now(),
      supersededAt: null,
    };
    await this.dataSource.transaction(async (manager) => {
      await lockRowWrites(manager, INITIATIVE_LOCK_CLASS, input.initiativeId);
      const inForce = { initiativeId: input.initiativeId, supersededAt: IsNull() };
      row.updatedAt = await stampNotBeforeInForce(manager, InitiativeStateEntity, inForce, 'updatedAt', row.updatedAt);
      await manager
        .getRepository(InitiativeStateEntity)
        .update({ initiativeId: input.initiativeId, supersededAt: IsNull() }, { supersededAt: row.updatedAt });
      await manager.getRepository(InitiativeStateEntity).insert({ ...row });
    });
    return toInitiativeState(row as InitiativeStateEntity);
  }

  /** The state in force now. */
  async get(initiativeId: string): Promise<InitiativeState | null> {
    const row = await this.dataSource
      .getRepository(InitiativeStateEntity)
      .findOneBy({ initiativeId, supersededAt: IsNull() });
    return row ? toInitiativeState(row) : null;
  }

  /** The states in force now, all or those of the given initiatives. */
  async list(initiativeIds?: readonly string[]): Promise<InitiativeState[]> {
    return this.find({ ...byInitiatives(initiativeIds), supersededAt: IsNull() });
  }

  /** The states in force at `at`: updated by then and not superseded by then. */
  async inForceAt(at: number, initiativeIds?: readonly string[]): Promise<InitiativeState[]> {
    const updatedBy = { ...byInitiatives(initiativeIds), updatedAt: LessThanOrEqual(at) };
    return this.find([
      { ...updatedBy, supersededAt: IsNull() },
      { ...updatedBy, supersededAt: MoreThan(at) },
    ]);
  }

  private async find(where: FindOptionsWhere<InitiativeStateEntity>[] | FindOptionsWhere<InitiativeStateEntity>) {
    const rows = await this.dataSource
      .getRepository(InitiativeStateEntity)
      .find({ where, order: { initiativeId: 'ASC' } });
    return rows.map(toInitiativeState);
  }
}

function byInitiatives(ids: readonly string[] | undefined): FindOptionsWhere<InitiativeStateEntity> {
  return ids ? { initiativeId: In([...ids]) } : {};
}
