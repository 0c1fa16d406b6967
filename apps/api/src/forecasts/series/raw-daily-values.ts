/** One hidden daily series as evaluated, days in order (a value not finite: the day had none). */
export interface RawDailyValues {
  days: readonly number[];
  values: readonly (number | null)[];
}
