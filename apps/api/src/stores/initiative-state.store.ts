import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';

/** Live state of an initiative, overriding what the model says (status, progress, milestones). */
export interface InitiativeStateRecord {
  initiativeId: string;
  status?: InitiativeStatus;
  progress?: number;
  milestones?: MilestoneDef[];
  updatedBy: string;
  updatedAt: number;
}

export interface InitiativeStateStore {
  all(): Promise<InitiativeStateRecord[]>;
  save(record: InitiativeStateRecord): Promise<void>;
}

export const INITIATIVE_STATE_STORE = Symbol('INITIATIVE_STATE_STORE');

export class InMemoryInitiativeStateStore implements InitiativeStateStore {
  private readonly rows = new Map<string, InitiativeStateRecord>();

  async all(): Promise<InitiativeStateRecord[]> {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  async save(record: InitiativeStateRecord): Promise<void> {
    this.rows.set(record.initiativeId, { ...record });
  }
}
