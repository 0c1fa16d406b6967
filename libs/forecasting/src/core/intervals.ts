import { probit } from 'simple-statistics';
import { ForecastInput, ForecastResult } from './forecast.types';

export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** Two-sided normal quantile for a level in percent (95 → 1.95996...). */
export function normalQuantile(level: number): number {
  return probit(0.5 + level / 200);
}

/** Builds a result with symmetric normal intervals mean ± z·sigma for each requested level. */
export function resultFromSigma(
  method: string,
  mean: number[],
  sigma: number[],
  levels: readonly number[] = DEFAULT_LEVELS,
): ForecastResult {
  const lower: Record<number, number[]> = {};
  const upper: Record<number, number[]> = {};
  for (const level of levels) {
    const z = normalQuantile(level);
    lower[level] = mean.map((f, i) => f - z * sigma[i]);
    upper[level] = mean.map((f, i) => f + z * sigma[i]);
  }
  return { method, mean, lower, upper, sigma };
}

export function levelsOf(input: ForecastInput): readonly number[] {
  return input.levels ?? DEFAULT_LEVELS;
}

export function validateInput(input: ForecastInput): void {
  if (!Number.isInteger(input.h) || input.h < 1) throw new RangeError(`horizon must be a positive integer, got ${input.h}`);
  if (!Number.isInteger(input.m) || input.m < 1) throw new RangeError(`period must be a positive integer, got ${input.m}`);
  if (input.y.length === 0) throw new RangeError('cannot forecast an empty series');
  for (const level of input.levels ?? []) {
    if (!(level > 0 && level < 100)) throw new RangeError(`interval level must be in (0, 100), got ${level}`);
  }
  if (input.y.some((v) => !Number.isFinite(v))) throw new RangeError('series contains a non-finite value');
}
