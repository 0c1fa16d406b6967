import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { InitiativeStateEntity } from '../entities/initiative-state.entity';
import type { InitiativeState, NewInitiativeState } from './initiative-state.types';

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

/** Run-time edits of initiatives (status, progress, milestones); one row per initiative, last write wins. */
export class InitiativeStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(input: NewInitiativeState): Promise<InitiativeState> {
    const row: InitiativeStateEntity = {
      ...input,
      milestones: [...input.milestones],
      budgetActual: input.budgetActual ?? null,
      updatedAt: input.updatedAt ?? Date.now(),
    };
    await this.dataSource.getRepository(InitiativeStateEntity).upsert(row, ['initiativeId']);
    return toInitiativeState(row);
  }

  async get(initiativeId: string): Promise<InitiativeState | null> {
    const row = await this.dataSource.getRepository(InitiativeStateEntity).findOneBy({ initiativeId });
    return row ? toInitiativeState(row) : null;
  }

  /** All states, or those of the given initiatives. */
  async list(initiativeIds?: readonly string[]): Promise<InitiativeState[]> {
    const where: FindOptionsWhere<InitiativeStateEntity> = initiativeIds
      ? { initiativeId: In([...initiativeIds]) }
      : {};
    const rows = await this.dataSource
      .getRepository(InitiativeStateEntity)
      .find({ where, order: { initiativeId: 'ASC' } });
    return rows.map(toInitiativeState);
  }
}
