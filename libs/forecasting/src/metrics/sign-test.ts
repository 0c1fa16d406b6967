/** One-sided paired sign test of "the differences tend to be negative" (the second forecast's errors lower). */
export interface SignTest {
  /** Differences below zero (the challenger better). */
  better: number;
  /** Differences above zero. */
  worse: number;
  /** Exact zeros: dropped, as the sign test does. */
  ties: number;
  /** P(at least `better` of better + worse fair coin flips come up "better"): the exact binomial tail. */
  pValue: number;
}

/** ln C(n, k) by the running product C(n, k+1) = C(n, k)·(n−k)/(k+1), summed in logs (n in the thousands). */
function logBinomial(n: number, k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.log(n - i) - Math.log(i + 1);
  return sum;
}

/**
 * Exact one-sided sign test on paired differences (challenger − incumbent, lower is better): under the null of
 * no tendency either way each non-zero difference is negative with probability 1/2, so the p-value is the
 * binomial upper tail P(X ≥ better), X ~ Bin(better + worse, 1/2). Distribution-free: it needs neither normal
 * nor equal-variance differences, which per-series forecast errors (heavy-tailed, a few series dominating the
 * mean) are not. With no non-zero difference there is no evidence: p = 1.
 */
export function signTest(differences: readonly number[]): SignTest {
  let better = 0;
  let worse = 0;
  let ties = 0;
  for (const d of differences) {
    if (d < 0) better++;
    else if (d > 0) worse++;
    else ties++;
  }
  const n = better + worse;
  if (n === 0) return { better, worse, ties, pValue: 1 };
  // log-sum-exp of ln C(n, k) − n ln 2 over k = better..n, from the largest term (k = better when better ≥ n/2)
  const logTerms: number[] = [];
  let logC = logBinomial(n, better);
  for (let k = better; k <= n; k++) {
    logTerms.push(logC - n * Math.LN2);
    logC += Math.log(n - k) - Math.log(k + 1);
  }
  const top = Math.max(...logTerms);
  const tail = Math.exp(top) * logTerms.reduce((s, t) => s + Math.exp(t - top), 0);
  return { better, worse, ties, pValue: Math.min(1, tail) };
}
