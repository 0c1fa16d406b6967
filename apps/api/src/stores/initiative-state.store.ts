import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';

/** Live state of an initiative, layered over its definition in the model. */
export interface InitiativeStateRecord {
  initiativeId: string;
  status: InitiativeStatus;
  /** 0..1 */
  progress: number;
  milestones: MilestoneDef[];
  updatedBy: string;
  updatedAt: number;
}

/** Persistence's InitiativeStateRepository satisfies it. */
export interface InitiativeStateStore {
  list(initiativeIds?: readonly string[]): Promise<InitiativeStateRecord[]>;
  save(input: Omit<InitiativeStateRecord, 'updatedAt'> & { updatedAt?: number }): Promise<InitiativeStateRecord>;
}

export const INITIATIVE_STATE_STORE = Symbol('INITIATIVE_STATE_STORE');
