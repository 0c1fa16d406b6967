import { fitEts, forecastEts } from '../ets/ets-model';

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

/**
 * Optimised Theta (in the spirit of Fiorucci et al. 2016): the series is the combination
 * (1/θ)·Z_θ + (1 − 1/θ)·L of the theta line Z_θ = θ·y + (1 − θ)·L and the linear trend L; Z_θ is
 * extrapolated by SES, L linearly, and θ is chosen on the grid by in-sample one-step MSE.
 */
export function optimisedThetaForecast(
  y: readonly number[],
  h: number,
): { mean: number[]; sigma: number[]; theta: number } | undefined {
  const n = y.length;
  if (n < 4) return undefined;
  const { a, b } = linearFit(y);
  let best: { mse: number; mean: number[]; sigma: number[]; theta: number } | undefined;
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
    if (!best || mse < best.mse) {
      const ses = forecastEts(fit, h);
      const mean = ses.mean.map((s, i) => s / theta + (1 - 1 / theta) * (a + b * (n + i)));
      best = { mse, mean, sigma: ses.sigma.map((s) => s / theta), theta };
    }
  }
  return best && { mean: best.mean, sigma: best.sigma, theta: best.theta };
}
