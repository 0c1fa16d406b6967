/** A target set at run time for one KPI and period; it wins over the model's targets for that period. */
export interface TargetOverride {
  kpiId: string;
  periodKey: string;
  value: number;
  lower: number | null;
  upper: number | null;
  setBy: string;
  setAt: number;
}

export type NewTargetOverride = Omit<TargetOverride, 'lower' | 'upper' | 'setAt'> & {
  lower?: number | null;
  upper?: number | null;
  setAt?: number;
};
