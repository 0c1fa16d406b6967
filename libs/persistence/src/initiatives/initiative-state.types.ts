import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';

/** The run-time state of an initiative, layered over its definition in the model. */
export interface InitiativeState {
  initiativeId: string;
  status: InitiativeStatus;
  /** 0..1 */
  progress: number;
  milestones: MilestoneDef[];
  /** Spent so far; null = not reported. */
  budgetActual: number | null;
  updatedAt: number;
  updatedBy: string;
}

export type NewInitiativeState = Omit<InitiativeState, 'updatedAt' | 'budgetActual'> & {
  updatedAt?: number;
  budgetActual?: number | null;
};
