/** Orders up to this many AR and MA lags get the unrolled objective (the automatic search stops at 5). */
const UNROLLED = 5;

/**
 * The conditional-sum-of-squares σ² of an ARMA with intercept on w, as a function of the packed coefficients
 * x = (φ1…φp, θ1…θq, intercept when `constant`): e_t = w_t − c − Σ φ_i·w_{t−i} − Σ θ_j·e_{t−j} for t ≥ p, the
 * residuals before p zero, σ² = Σ_{t≥p} e_t² / (n − p).
 *
 * An order search evaluates it thousands of times per series, so it allocates nothing per call. Up to 5 lags each,
 * it runs in two passes: the intercept and the AR terms of every prediction, one lag at a time over all t (no
 * dependence between steps), then the MA recursion with the coefficients and the last residuals in locals, one loop
 * per q (a loop that tests the order at every step runs several times slower). Every prediction is still the same
 * sum in the same order (c, φ1·w_{t−1}, …, θ1·e_{t−1}, …) as the plain recursion, so the values are the same to the
 * last bit; a missing residual before t = 0 enters as 0·θ instead of being skipped, which adds a zero (for a finite
 * θ; a non-finite one makes σ² non-finite either way).
 */
export function cssObjective(
  w: readonly number[],
  p: number,
  q: number,
  constant: boolean,
): (x: readonly number[]) => number {
  const wt = Float64Array.from(w);
  if (p > UNROLLED || q > UNROLLED) return general(wt, p, q, constant);
  // the optimiser's points come as arrays of several element kinds: copied into one typed array, the hot
  // functions below meet one kind only
  const coefs = new Float64Array(p + q + 1);
  const pred = new Float64Array(wt.length);
  return (x) => {
    for (let i = 0; i < x.length; i++) coefs[i] = x[i];
    arPredictions(wt, p, constant ? coefs[p + q] : 0, coefs, pred);
    return maResiduals(wt, p, q, coefs, pred) / (wt.length - p);
  };
}

/** pred_t = c + φ1·w_{t−1} + … + φp·w_{t−p} for t ≥ p, added up in that order; one loop per p, as maResiduals. */
function arPredictions(w: Float64Array, p: number, c: number, x: Float64Array, pred: Float64Array): void {
  const n = w.length;
  const a1 = p > 0 ? x[0] : 0;
  const a2 = p > 1 ? x[1] : 0;
  const a3 = p > 2 ? x[2] : 0;
  const a4 = p > 3 ? x[3] : 0;
  const a5 = p > 4 ? x[4] : 0;
  switch (p) {
    case 0:
      for (let t = 0; t < n; t++) pred[t] = c;
      break;
    case 1:
      for (let t = 1; t < n; t++) pred[t] = c + a1 * w[t - 1];
      break;
    case 2:
      for (let t = 2; t < n; t++) pred[t] = c + a1 * w[t - 1] + a2 * w[t - 2];
      break;
    case 3:
      for (let t = 3; t < n; t++) pred[t] = c + a1 * w[t - 1] + a2 * w[t - 2] + a3 * w[t - 3];
      break;
    case 4:
      for (let t = 4; t < n; t++) pred[t] = c + a1 * w[t - 1] + a2 * w[t - 2] + a3 * w[t - 3] + a4 * w[t - 4];
      break;
    default:
      for (let t = 5; t < n; t++)
        pred[t] = c + a1 * w[t - 1] + a2 * w[t - 2] + a3 * w[t - 3] + a4 * w[t - 4] + a5 * w[t - 5];
  }
}

// one function for every order and series (not a closure per fit), so the compiler optimises it once: Σ e_t² for
// t ≥ p, e_t = w_t − (pred_t + θ1·e_{t−1} + … + θq·e_{t−q}); e1 … e5 hold the residuals at t − 1 … t − 5
function maResiduals(w: Float64Array, p: number, q: number, x: Float64Array, pred: Float64Array): number {
  const n = w.length;
  const m1 = q > 0 ? x[p] : 0;
  const m2 = q > 1 ? x[p + 1] : 0;
  const m3 = q > 2 ? x[p + 2] : 0;
  const m4 = q > 3 ? x[p + 3] : 0;
  const m5 = q > 4 ? x[p + 4] : 0;
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  let e4 = 0;
  let e5 = 0;
  let sse = 0;
  switch (q) {
    case 0:
      for (let t = p; t < n; t++) {
        const r = w[t] - pred[t];
        sse += r * r;
      }
      break;
    case 1:
      for (let t = p; t < n; t++) {
        const r = w[t] - (pred[t] + m1 * e1);
        e1 = r;
        sse += r * r;
      }
      break;
    case 2:
      for (let t = p; t < n; t++) {
        const r = w[t] - (pred[t] + m1 * e1 + m2 * e2);
        e2 = e1;
        e1 = r;
        sse += r * r;
      }
      break;
    case 3:
      for (let t = p; t < n; t++) {
        const r = w[t] - (pred[t] + m1 * e1 + m2 * e2 + m3 * e3);
        e3 = e2;
        e2 = e1;
        e1 = r;
        sse += r * r;
      }
      break;
    case 4:
      for (let t = p; t < n; t++) {
        const r = w[t] - (pred[t] + m1 * e1 + m2 * e2 + m3 * e3 + m4 * e4);
        e4 = e3;
        e3 = e2;
        e2 = e1;
        e1 = r;
        sse += r * r;
      }
      break;
    default:
      for (let t = p; t < n; t++) {
        const r = w[t] - (pred[t] + m1 * e1 + m2 * e2 + m3 * e3 + m4 * e4 + m5 * e5);
        e5 = e4;
        e4 = e3;
        e3 = e2;
        e2 = e1;
        e1 = r;
        sse += r * r;
      }
  }
  return sse;
}

/** The plain recursion, for any order. */
function general(w: Float64Array, p: number, q: number, constant: boolean): (x: readonly number[]) => number {
  const n = w.length;
  const e = new Float64Array(n);
  return (x) => {
    const c = constant ? x[p + q] : 0;
    let sse = 0;
    for (let t = p; t < n; t++) {
      let v = c;
      for (let i = 0; i < p; i++) v += x[i] * w[t - 1 - i];
      for (let j = 0; j < q && t - 1 - j >= 0; j++) v += x[p + j] * e[t - 1 - j];
      const r = w[t] - v;
      e[t] = r;
      sse += r * r;
    }
    return sse / (n - p);
  };
}

// Every branch of arPredictions and maResiduals run at load, a few times (V8 records what a function
// meets only from its first few calls on). Code the compiler builds before a branch has ever run leaves that branch
// out and is thrown away when the branch first runs (a search meets higher orders late); after a few such rounds V8
// stops optimising the function for good, and the search then runs several times slower.
for (let i = 0; i < 64; i++) {
  const w = new Float64Array(2 * UNROLLED + 2);
  const x = new Float64Array(2 * UNROLLED + 1);
  const pred = new Float64Array(w.length);
  for (let k = 0; k <= UNROLLED; k++) {
    arPredictions(w, k, 0, x, pred);
    maResiduals(w, UNROLLED, k, x, pred);
  }
}
