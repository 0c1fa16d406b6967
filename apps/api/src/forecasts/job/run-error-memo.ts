import type { WindowErrorMemo } from '@bsc/forecasting';

/** Past-origin errors by windowErrorsKey, as a run hands them to the next (structured-clone safe). */
export type WindowErrors = Map<string, number[][]>;

/**
 * The memo of one forecast run: reads the previous run's errors and keeps only those this run used or computed,
 * so errors of a series' older days (or of a KPI gone from the model) drop out after one run.
 */
export class RunErrorMemo implements WindowErrorMemo {
  readonly used: WindowErrors = new Map();
  reused = 0;

  constructor(private readonly previous: ReadonlyMap<string, number[][]> = new Map()) {}

  get(key: string): number[][] | undefined {
    const errors = this.used.get(key) ?? this.previous.get(key);
    if (errors && !this.used.has(key)) this.reused++;
    return errors;
  }

  set(key: string, errors: number[][]): void {
    this.used.set(key, errors);
  }
}
