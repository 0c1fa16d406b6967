import type { NewTargetOverride, TargetOverride } from '@bsc/persistence';

export type TargetOverrideRecord = TargetOverride;

/** Per-period targets set through the API; persistence's TargetOverrideRepository satisfies it. */
export interface TargetOverrideStore {
  list(kpiIds?: readonly string[]): Promise<TargetOverrideRecord[]>;
  set(input: NewTargetOverride): Promise<TargetOverrideRecord>;
}

export const TARGET_OVERRIDE_STORE = Symbol('TARGET_OVERRIDE_STORE');
