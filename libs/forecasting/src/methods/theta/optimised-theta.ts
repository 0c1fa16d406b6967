import { etsAtOrigins, fitEts, forecastEts } from '../ets/ets-model';
import { EtsFit } from '../ets/ets.types';

/** Theta values searched by the optimised Theta method (θ = 2 is the standard method). */
export const THETA_GRID: readonly number[] = [1, 1.5, 2, 2.5, 3, 4, 5];

/** Ordinary least squares of y on t = 0..n-1 (slope 0 when there is no spread in t). */
export function linearFit(y: readonly number[]): { a: number; b: number } {
  const n = y.length;
  const xm = (n - 1) / 2;
  let ym = 0;
  for (const v of y) ym += v;
  ym /= n;
  let num = 0,
    den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - xm) * (y[t] - ym);
    den += (t - xm) * (t - xm);
  }
  const b = den > 0 ? num / den : 0;
  return { a: ym - b * xm, b };
}

/** In-sample one-step fitted values of SES with the given parameters (level before each observation). */
function sesFitted(z: readonly number[], alpha: number, l0: number): number[] {
  const out: number[] = [];
  let l = l0;
  for (const v of z) {
    out.push(l);
    l += alpha * (v - l);
  }
  return out;
}

/** The chosen theta line: θ, the linear trend a + b·t of all of y, and the SES fit of Z_θ. */
export interface OptimisedThetaFit {
  theta: number;
  a: number;
  b: number;
  ses: EtsFit;
}

/**
 * Optimised Theta (in the spirit of Fiorucci et al. 2016): the series is the combination
 * (1/θ)·Z_θ + (1 − 1/θ)·L of the theta line Z_θ = θ·y + (1 − θ)·L and the linear trend L; Z_θ is
 * extrapolated by SES, L linearly, and θ is chosen on the grid by in-sample one-step MSE.
 */
export function fitOptimisedTheta(y: readonly number[]): OptimisedThetaFit | undefined {
  const n = y.length;
  if (n < 4) return undefined;
  const { a, b } = linearFit(y);
  let best: (OptimisedThetaFit & { mse: number }) | undefined;
  for (const theta of THETA_GRID) {
    const z = y.map((v, t) => theta * v + (1 - theta) * (a + b * t));
    const fit = fitEts(z, { error: 'A', trend: 'N', season: 'N' }, 1);
    if (!fit) continue;
    // the fit works on z / scale; fitted levels are scaled back for the in-sample error
    const lf = sesFitted(
      z.map((v) => v / fit.scale),
      fit.params.alpha,
      fit.initial.level,
    );
    let sse = 0;
    for (let t = 0; t < n; t++) {
      const f = (lf[t] * fit.scale) / theta + (1 - 1 / theta) * (a + b * t);
      sse += (y[t] - f) ** 2;
    }
    const mse = sse / n;
    if (!best || mse < best.mse) best = { mse, theta, a, b, ses: fit };
  }
  return best && { theta: best.theta, a, b, ses: best.ses };
}

/** Forecasts of h steps from the first `origin` points of y (all of them by default), the fit unchanged. */
export function forecastOptimisedTheta(
  f: OptimisedThetaFit,
  y: readonly number[],
  h: number,
  origin = y.length,
): { mean: number[]; sigma: number[]; theta: number } {
  return forecastOptimisedThetaFrom(f, y, h, [origin])[0];
}

/** forecastOptimisedTheta from each of `origins`, the theta line's smoothing run once over them all. */
export function forecastOptimisedThetaFrom(
  f: OptimisedThetaFit,
  y: readonly number[],
  h: number,
  origins: readonly number[],
): Array<{ mean: number[]; sigma: number[]; theta: number }> {
  const { theta, a, b } = f;
  // the fit's own end keeps the fit's states
  const others = origins.filter((origin) => origin !== f.ses.n);
  const line = y.slice(0, Math.max(0, ...others)).map((v, t) => theta * v + (1 - theta) * (a + b * t));
  const runs = new Map(etsAtOrigins(f.ses, line, others).map((ses, i) => [others[i], ses]));
  return origins.map((origin) => {
    const sf = forecastEts(runs.get(origin) ?? f.ses, h);
    const mean = sf.mean.map((s, i) => s / theta + (1 - 1 / theta) * (a + b * (origin + i)));
    return { mean, sigma: sf.sigma.map((s) => s / theta), theta };
  });
}

/** Optimised Theta fitted to y and forecast from its end (see fitOptimisedTheta). */
export function optimisedThetaForecast(
  y: readonly number[],
  h: number,
): { mean: number[]; sigma: number[]; theta: number } | undefined {
  const fit = fitOptimisedTheta(y);
  return fit && forecastOptimisedTheta(fit, y, h);
}
