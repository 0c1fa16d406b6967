import { ValidationForecast } from '../methods/interval-calibration';
import { blendMeans } from './global-blend.forecaster';

/**
 * Each series' points before its oldest validation window (series without a window are left out): the
 * training parts of a global model whose forecasts on every validation window are out of sample. It is the
 * global model's counterpart of the classical methods' one fit at the oldest origin, run forward over the later
 * windows without re-estimation (see validationForecasts): the window model only reads each origin's history.
 */
export function partsBeforeValidation(validations: readonly ValidationForecast[]): number[][] {
  const oldest = new Map<number, ValidationForecast>();
  for (const v of validations) {
    const seen = oldest.get(v.index);
    if (!seen || v.back > seen.back) oldest.set(v.index, v);
  }
  return [...oldest.keys()].sort((a, b) => a - b).map((i) => (oldest.get(i) as ValidationForecast).train);
}

/**
 * The blend's points on each validation window: the method's points blended with the global model's forecast
 * from the window's origin, or the method's alone where the model does not apply (as delivered).
 */
export function blendOnValidation(
  validations: readonly ValidationForecast[],
  global: (history: readonly number[]) => number[] | undefined,
): number[][] {
  return validations.map((v) => {
    const g = global(v.train);
    return g ? blendMeans(v.mean, g) : v.mean;
  });
}
