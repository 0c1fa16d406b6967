import type { NewTargetOverride, TargetOverride } from '@bsc/persistence';

export type TargetOverrideRecord = TargetOverride;

/** Per-period targets set through the API; persistence's TargetOverrideRepository satisfies it. */
export interface TargetOverrideStore {
  /** The overrides in force now. */
  list(kpiIds?: readonly string[]): Promise<TargetOverrideRecord[]>;
  /** The overrides in force at a past instant (set by then, not replaced or removed by then). */
  inForceAt(knownAt: number, kpiIds?: readonly string[]): Promise<TargetOverrideRecord[]>;
  set(input: NewTargetOverride): Promise<TargetOverrideRecord>;
  /** Ends the override in force at `at` (kept in the history); false when none was in force. */
  remove(kpiId: string, periodKey: string, at?: number): Promise<boolean>;
}

export const TARGET_OVERRIDE_STORE = Symbol('TARGET_OVERRIDE_STORE');
