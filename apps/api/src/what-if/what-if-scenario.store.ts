import type { SavedScenario } from '@bsc/persistence';

/** Saved scenarios as the API reads and writes them; persistence's WhatIfScenarioRepository satisfies it. */
export interface WhatIfScenarioStore {
  save<T>(input: { name: string; scenario: T; createdBy: string }): Promise<SavedScenario<T>>;
  list<T>(limit: number): Promise<Array<SavedScenario<T>>>;
  getMany<T>(ids: readonly string[]): Promise<Array<SavedScenario<T>>>;
}

export const WHAT_IF_SCENARIO_STORE = Symbol('WHAT_IF_SCENARIO_STORE');
