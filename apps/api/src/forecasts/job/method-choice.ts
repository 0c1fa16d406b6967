import {
  blendMeans,
  blendRatio,
  chooseMethod,
  chooseMethodKept,
  globalPath,
  seriesFingerprint,
  seriesStructures,
  type BacktestResult,
  type SeriesStructures,
  type Forecaster,
  type GlobalWindowModel,
} from '@bsc/forecasting';
import type { RunMemo } from './run-memo';

export interface GlobalVerdict {
  joined: boolean;
  /** Blend against method on the held-out days (mean of relative sMAPE and MASE); NaN without a verdict. */
  ratio: number;
}

/**
 * Whether the global model joins the chosen method on this series: trained without the series' last h days, it
 * joins only if the blend beats the method alone on those days (the rule `bsc forecast` applies to a batch).
 */
export function globalVerdict(
  y: readonly number[],
  method: Forecaster,
  model: GlobalWindowModel,
  m: number,
  structures?: SeriesStructures,
): GlobalVerdict {
  const h = model.h;
  if (y.length <= h) return { joined: false, ratio: Number.NaN };
  const train = y.slice(0, y.length - h);
  const actual = y.slice(y.length - h);
  const g = globalPath(model, train, h);
  if (!g) return { joined: false, ratio: Number.NaN };
  const c = method.forecast({ y: train, h, m, levels: [], structures }).mean;
  const ratio = blendRatio(train, actual, c, blendMeans(c, g), m);
  return { joined: ratio < 1, ratio };
}

/**
 * Days a series' method choice serves at most (see chooseMethodKept): its backtests run about every third day.
 * Measured in bench:method-choice (mode choice3 against kept) under a rule written before the run.
 */
export const METHOD_CHOICE_KEPT_DAYS = 3;

export interface BacktestPlan {
  h: number;
  m: number;
  origins: number;
}

/**
 * What a method choice depends on, as a key: the candidates (by name: a pool's forecasters are deterministic and
 * named apart), the backtest's horizon, season and origins, and the complete days by length and fingerprint.
 */
export function methodChoiceKey(y: readonly number[], candidates: readonly Forecaster[], plan: BacktestPlan): string {
  const names = candidates.map((c) => c.name).join(',');
  return `${names}|m${plan.m}|h${plan.h}|o${plan.origins}|${y.length}:${seriesFingerprint(y)}`;
}

export interface SeriesMethod {
  chosen: Forecaster;
  results: BacktestResult[];
  verdict?: GlobalVerdict;
}

/**
 * The method a series' backtests choose and, with a global model, its verdict on the series. A memo hands both
 * from the previous run while the complete days are the same (and, for the verdict, the model's training data).
 */
export function chooseSeriesMethod(
  y: readonly number[],
  candidates: readonly Forecaster[],
  plan: BacktestPlan,
  global?: GlobalWindowModel,
  memo?: RunMemo,
): SeriesMethod {
  const key = memo && methodChoiceKey(y, candidates, plan);
  const kept = key ? memo.choice(key) : undefined;
  const keptChosen = kept && candidates.find((c) => c.name === kept.chosen);
  const { chosen, results, models } = keptChosen
    ? { chosen: keptChosen, results: kept.results, models: kept.models }
    : backtested(y, candidates, plan, memo);
  if (!global) {
    if (key && !keptChosen) memo.setChoice(key, { chosen: chosen.name, results, models });
    return { chosen, results };
  }
  const globalKey = memo?.globalKey;
  if (keptChosen && globalKey !== undefined && kept.verdict?.globalKey === globalKey) {
    const { joined, ratio } = kept.verdict;
    return { chosen, results, verdict: { joined, ratio } };
  }
  const verdict = globalVerdict(y, chosen, global, plan.m, memo && seriesStructures(memo, y));
  if (key)
    memo.setChoice(key, {
      chosen: chosen.name,
      results,
      models,
      ...(globalKey !== undefined ? { verdict: { globalKey, ...verdict } } : {}),
    });
  return { chosen, results, verdict };
}

/**
 * chooseMethod with the series' kept structures (see seriesStructures), kept itself for a few days (see
 * METHOD_CHOICE_KEPT_DAYS), and the memo's model entries it used.
 */
function backtested(
  y: readonly number[],
  candidates: readonly Forecaster[],
  plan: BacktestPlan,
  memo?: RunMemo,
): { chosen: Forecaster; results: BacktestResult[]; models?: string[] } {
  if (!memo) return chooseMethod(y, candidates, plan);
  const { value, models } = memo.modelsOf(() =>
    chooseMethodKept(y, candidates, {
      ...plan,
      structures: seriesStructures(memo, y),
      keepFor: METHOD_CHOICE_KEPT_DAYS,
    }),
  );
  return { ...value, models };
}
