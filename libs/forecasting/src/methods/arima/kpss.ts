/** KPSS level-stationarity statistic with Bartlett long-run variance, "short" lag trunc(4·(n/100)^¼). */
export function kpssStatistic(y: readonly number[]): number {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  const e = y.map((v) => v - mean);
  let s = 0;
  let eta = 0;
  for (let t = 0; t < n; t++) {
    s += e[t];
    eta += s * s;
  }
  eta /= n * n;
  const lags = Math.trunc(4 * (n / 100) ** 0.25);
  let lrv = 0;
  for (const v of e) lrv += v * v;
  lrv /= n;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t] * e[t - l];
    lrv += (2 * (1 - l / (lags + 1)) * c) / n;
  }
  return lrv > 0 ? eta / lrv : 0;
}

/** 5 % critical value of the KPSS level test (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRIT_5 = 0.463;

/** Number of first differences that make the series level-stationary by successive KPSS tests (as R's ndiffs). */
export function ndiffs(y: readonly number[], maxD = 2): number {
  let x = y.slice();
  let d = 0;
  while (d < maxD && x.length > 3) {
    const constant = x.every((v) => v === x[0]);
    if (constant || kpssStatistic(x) <= KPSS_CRIT_5) break;
    x = difference(x);
    d++;
  }
  return d;
}

export function difference(y: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 1; t < y.length; t++) out.push(y[t] - y[t - 1]);
  return out;
}
