export interface NelderMeadOptions {
  /** Maximum objective evaluations. */
  maxEvaluations?: number;
  /** Stop when the relative spread of the simplex values falls below this (R's optim reltol). */
  relTol?: number;
  /** Initial step per coordinate (default 10 % of |x0|, or 0.05 for x0 near 0). */
  steps?: readonly number[];
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/**
 * Nelder-Mead downhill simplex (standard coefficients 1, 2, 0.5, 0.5). The objective may return
 * Infinity outside the feasible region: that is how bounds and admissibility are enforced.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const dim = x0.length;
  const maxEval = options.maxEvaluations ?? 200 * dim;
  const relTol = options.relTol ?? 1e-8;
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < dim; i++) {
    const p = x0.slice();
    const step = options.steps?.[i] ?? (Math.abs(x0[i]) > 1e-8 ? 0.1 * Math.abs(x0[i]) : 0.05);
    p[i] += step;
    simplex.push(p);
  }
  const values = simplex.map((p) => f(p));
  let evaluations = dim + 1;
  const order = simplex.map((_, i) => i);
  const centroid = new Array<number>(dim);
  // trial points are written into spare arrays, swapped with the simplex point they replace: an objective
  // evaluated thousands of times per fit allocates nothing per step (the objectives never keep their argument)
  let reflected = x0.slice();
  let expanded = x0.slice();
  let contracted = x0.slice();
  const trial = (out: number[], base: readonly number[], towards: readonly number[], coef: number): number[] => {
    for (let j = 0; j < dim; j++) out[j] = base[j] + coef * (towards[j] - base[j]);
    return out;
  };
  const replaceWorst = (worst: number, point: number[], value: number): number[] => {
    const spare = simplex[worst];
    simplex[worst] = point;
    values[worst] = value;
    return spare;
  };

  while (evaluations < maxEval) {
    order.sort((a, b) => values[a] - values[b]);
    const best = order[0];
    const worst = order[dim];
    const secondWorst = order[dim - 1];
    const spread = Math.abs(values[worst] - values[best]);
    if (Number.isFinite(values[worst]) && spread <= relTol * (Math.abs(values[best]) + relTol)) break;
    centroid.fill(0);
    for (let k = 0; k < dim; k++) {
      const p = simplex[order[k]];
      for (let j = 0; j < dim; j++) centroid[j] += p[j] / dim;
    }
    const fr = f(trial(reflected, centroid, simplex[worst], -1));
    evaluations++;
    if (fr < values[best]) {
      const fe = f(trial(expanded, centroid, simplex[worst], -2));
      evaluations++;
      if (fe < fr) expanded = replaceWorst(worst, expanded, fe);
      else reflected = replaceWorst(worst, reflected, fr);
    } else if (fr < values[secondWorst]) {
      reflected = replaceWorst(worst, reflected, fr);
    } else {
      const outside = fr < values[worst];
      const fc = f(trial(contracted, centroid, outside ? reflected : simplex[worst], 0.5));
      evaluations++;
      if (fc < (outside ? fr : values[worst])) {
        contracted = replaceWorst(worst, contracted, fc);
      } else {
        // shrink towards the best point
        for (let k = 1; k <= dim; k++) {
          const i = order[k];
          trial(simplex[i], simplex[best], simplex[i], 0.5);
          values[i] = f(simplex[i]);
          evaluations++;
        }
      }
    }
  }
  let bestIdx = 0;
  for (let i = 1; i <= dim; i++) if (values[i] < values[bestIdx]) bestIdx = i;
  return { x: simplex[bestIdx], value: values[bestIdx], evaluations };
}
