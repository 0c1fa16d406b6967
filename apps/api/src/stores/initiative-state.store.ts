import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';

/** Live state of an initiative, layered over its definition in the model. */
export interface InitiativeStateRecord {
  initiativeId: string;
  status: InitiativeStatus;
  /** 0..1 */
  progress: number;
  milestones: MilestoneDef[];
  /** Spent so far; null = not reported. */
  budgetActual: number | null;
  updatedBy: string;
  updatedAt: number;
}

/** Persistence's InitiativeStateRepository satisfies it. */
export interface InitiativeStateStore {
  list(initiativeIds?: readonly string[]): Promise<InitiativeStateRecord[]>;
  save(
    input: Omit<InitiativeStateRecord, 'updatedAt' | 'budgetActual'> & {
      updatedAt?: number;
      budgetActual?: number | null;
    },
  ): Promise<InitiativeStateRecord>;
}

export const INITIATIVE_STATE_STORE = Symbol('INITIATIVE_STATE_STORE');
