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
  /** The states in force now. */
  list(initiativeIds?: readonly string[]): Promise<InitiativeStateRecord[]>;
  /** The states in force at a past instant (updated by then, not updated again by then). */
  inForceAt(at: number, initiativeIds?: readonly string[]): Promise<InitiativeStateRecord[]>;
  save(
    input: Omit<InitiativeStateRecord, 'updatedAt' | 'budgetActual'> & {
      updatedAt?: number;
      budgetActual?: number | null;
    },
  ): Promise<InitiativeStateRecord>;
}

export const INITIATIVE_STATE_STORE = Symbol('INITIATIVE_STATE_STORE');
