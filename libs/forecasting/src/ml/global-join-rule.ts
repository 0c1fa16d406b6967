import { SignTest, signTest } from '../metrics/sign-test';

/** One series' errors on its validation window: the method alone and blended with the global model. */
export interface SeriesValidationErrors {
  method: { smape: number; mase: number };
  blend: { smape: number; mase: number };
}

/**
 * Conventional 5 % level, fixed before any benchmark figure was seen; not a threshold fitted to a data set.
 * A join rule with no test ("ratio < 1") joined on a 2 % validation edge that reversed on test.
 */
export const JOIN_LEVEL = 0.05;

export interface JoinDecision {
  joined: boolean;
  /** Blend over method by the M4 criterion: mean of relative sMAPE and relative MASE (set means). */
  ratio: number;
  /** Sign test of the per-series differences (blend − method) in that criterion. */
  test: SignTest;
  series: number;
  method: { smape: number; mase: number };
  blend: { smape: number; mase: number };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** One validation window's errors and the series (its index in the batch) it belongs to. */
export interface WindowValidationErrors extends SeriesValidationErrors {
  series: number;
}

/**
 * Each series' errors averaged over its validation windows (sMAPE and MASE each by their mean), in the order
 * of the series' first window: the series stays the paired unit of the sign test, whatever its window count,
 * and a series judged on three windows is judged on a mean that one stretch of its history moves less
 * (Tashman 2000: rolling origins over a single one).
 */
export function errorsBySeries(windows: readonly WindowValidationErrors[]): SeriesValidationErrors[] {
  const bySeries = new Map<number, WindowValidationErrors[]>();
  for (const w of windows) bySeries.set(w.series, [...(bySeries.get(w.series) ?? []), w]);
  return [...bySeries.values()].map((ws) => ({
    method: { smape: mean(ws.map((w) => w.method.smape)), mase: mean(ws.map((w) => w.method.mase)) },
    blend: { smape: mean(ws.map((w) => w.blend.smape)), mase: mean(ws.map((w) => w.blend.mase)) },
  }));
}

/**
 * Whether the global model joins: the blend must beat the method by the M4 criterion on the batch's validation
 * windows (ratio < 1), AND beat it on significantly more series than it loses, by a one-sided exact sign test at
 * JOIN_LEVEL. Each series' difference is its share of the criterion,
 *   d_i = ½·((sMAPE_blend,i − sMAPE_method,i) / mean sMAPE_method + (MASE_blend,i − MASE_method,i) / mean MASE_method),
 * so that 1 + mean(d) is the ratio itself. Why both: the ratio is a mean, which a few series can carry (or wreck)
 * while most series go the other way; the test asks whether the gain is spread over the batch, which is what a
 * forecast of the series' next h points needs to carry over. Series are the paired units (distinct series, one
 * window each), which is what the sign test assumes; the sign test rather than a t / Diebold-Mariano test since
 * per-series MASE differences are heavy-tailed and the test must hold at batch sizes of a few dozen.
 */
export function judgeJoin(errors: readonly SeriesValidationErrors[], level = JOIN_LEVEL): JoinDecision | undefined {
  if (errors.length === 0) return undefined;
  const method = { smape: mean(errors.map((e) => e.method.smape)), mase: mean(errors.map((e) => e.method.mase)) };
  const blend = { smape: mean(errors.map((e) => e.blend.smape)), mase: mean(errors.map((e) => e.blend.mase)) };
  const scaled = method.smape > 0 && method.mase > 0;
  const d = scaled
    ? errors.map(
        (e) => 0.5 * ((e.blend.smape - e.method.smape) / method.smape + (e.blend.mase - e.method.mase) / method.mase),
      )
    : [];
  // a method with no error on any window cannot be beaten: ratio Infinity, no difference to test
  const ratio = scaled ? 0.5 * (blend.smape / method.smape + blend.mase / method.mase) : Infinity;
  const test = signTest(d);
  return { joined: ratio < 1 && test.pValue < level, ratio, test, series: errors.length, method, blend };
}

/** One line for logs and the CLI: the ratio, the count of series the blend won and the test's p-value. */
export function describeJoin(j: JoinDecision, level = JOIN_LEVEL): string {
  const p = j.test.pValue < 1e-4 ? j.test.pValue.toExponential(1) : j.test.pValue.toFixed(4);
  return (
    `blend/method on validation windows: ${j.ratio.toFixed(3)} (${j.series} series); blend better on ` +
    `${j.test.better}, worse on ${j.test.worse}: one-sided sign test p = ${p} ` +
    `(${j.joined ? 'joins' : 'does not join'} at ${level * 100} %)`
  );
}
