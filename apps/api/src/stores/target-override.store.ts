export interface TargetOverrideRecord {
  kpiId: string;
  periodKey: string;
  value: number;
  lower: number | null;
  upper: number | null;
  setBy: string;
  setAt: number;
}

/** Per-period targets set through the API; persistence's TargetOverrideRepository satisfies it. */
export interface TargetOverrideStore {
  list(kpiIds?: readonly string[]): Promise<TargetOverrideRecord[]>;
  set(input: Omit<TargetOverrideRecord, 'lower' | 'upper' | 'setAt'> & { lower?: number | null; upper?: number | null; setAt?: number }): Promise<TargetOverrideRecord>;
}

export const TARGET_OVERRIDE_STORE = Symbol('TARGET_OVERRIDE_STORE');
