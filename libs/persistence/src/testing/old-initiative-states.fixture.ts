import type { DataSource } from 'typeorm';
import type { InitiativeState } from '../initiatives/initiative-state.types';

/** Two initiative states as stored before their history was kept: one row per initiative. */
export const OLD_INITIATIVE_STATES: InitiativeState[] = [
  {
    initiativeId: 'init.smed',
    status: 'on_track',
    progress: 0.4,
    milestones: [{ name: 'Pilot on line 1', due: '2026-12-01', done: true }],
    budgetActual: 12_000,
    updatedAt: 1_000,
    updatedBy: 'alice',
  },
  {
    initiativeId: 'init.tpm',
    status: 'at_risk',
    progress: 0.1,
    milestones: [],
    budgetActual: null,
    updatedAt: 2_000,
    updatedBy: 'bob',
  },
];

export async function insertOldInitiativeStates(
  dataSource: DataSource,
  param: (i: number) => string,
  table: (name: string) => string = (name) => name,
): Promise<void> {
  for (const s of OLD_INITIATIVE_STATES) {
    await dataSource.query(
      `INSERT INTO ${table('initiative_state')} ` +
        '(initiative_id, status, progress, budget_actual, milestones, updated_at, updated_by) ' +
        `VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(', ')})`,
      [s.initiativeId, s.status, s.progress, s.budgetActual, JSON.stringify(s.milestones), s.updatedAt, s.updatedBy],
    );
  }
}
