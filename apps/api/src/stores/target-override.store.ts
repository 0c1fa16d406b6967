export interface TargetOverrideRecord {
  kpiId: string;
  periodKey: string;
  value: number;
  lower?: number;
  upper?: number;
  setBy: string;
  setAt: number;
}

/** Per-period targets set through the API, on top of the model's targets. */
export interface TargetOverrideStore {
  all(): Promise<TargetOverrideRecord[]>;
  set(record: TargetOverrideRecord): Promise<void>;
}

export const TARGET_OVERRIDE_STORE = Symbol('TARGET_OVERRIDE_STORE');

export class InMemoryTargetOverrideStore implements TargetOverrideStore {
  private readonly rows = new Map<string, TargetOverrideRecord>();

  async all(): Promise<TargetOverrideRecord[]> {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  async set(record: TargetOverrideRecord): Promise<void> {
    this.rows.set(`${record.kpiId}\u0000${record.periodKey}`, { ...record });
  }
}
