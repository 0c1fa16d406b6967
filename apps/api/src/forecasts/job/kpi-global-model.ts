import {
  DEFAULT_WINDOWS_PER_SERIES,
  globalTrainingSize,
  partsFingerprint,
  seriesFingerprint,
  trainGlobalWindowModel,
  type GlobalTrainingOptions,
} from '@bsc/forecasting';
import type { DailySeries } from '../series/daily-kpi-series';
import type { KpiGlobalModel } from './kpi-global-model.types';
import { BACKTEST, completeDays, DAILY_SEASON } from './series-projection';

/**
 * The tenant's global model, as `bsc forecast` trains one per batch: daily KPI histories, a weekly season, the
 * horizon of the per-KPI backtests (longer periods are forecast by re-applying it). 20 epochs decide the weights
 * (seeded, so a run on a loaded machine gives the same forecasts); one minute of wall time is a safety stop only.
 */
export const KPI_GLOBAL_TRAINING = {
  m: DAILY_SEASON,
  h: BACKTEST.h,
  options: { maxEpochs: 20, timeBudgetMs: 60_000, seed: 1 } satisfies GlobalTrainingOptions,
} as const;

/**
 * Training windows of the tenant's global model at most (about): each series gives its newest
 * ⌊KPI_GLOBAL_MAX_WINDOWS / series⌋, at most the library's default and at least one. Up to 200 KPI series nothing
 * changes; 10,000 give two windows each, so 20 epochs run in seconds and to the end, where a million windows ran
 * into the one-minute safety stop after a few epochs (the weights then the machine's and its load's, and the
 * windows alone hundreds of MB). Chosen from cost (about 25 µs a window and epoch on one core), not from any data.
 */
export const KPI_GLOBAL_MAX_WINDOWS = 20_000;

export function kpiWindowsPerSeries(series: number): number {
  return Math.max(1, Math.min(DEFAULT_WINDOWS_PER_SERIES, Math.floor(KPI_GLOBAL_MAX_WINDOWS / Math.max(1, series))));
}

/**
 * Trains the global window model on the tenant's own daily KPI histories, each without its last h complete
 * days (held out, so every KPI can judge the model on days it never saw). Not trained when the histories give
 * fewer windows than the network has parameters, the rule `bsc forecast` applies. Training is seeded and stops
 * after a set number of epochs, so a `previous` result on the same data and settings is kept instead of trained again.
 */
export async function trainKpiGlobalModel(
  series: ReadonlyMap<string, DailySeries>,
  today: number,
  options: GlobalTrainingOptions = {},
  previous?: KpiGlobalModel,
): Promise<KpiGlobalModel> {
  const { h } = KPI_GLOBAL_TRAINING;
  const settings = { ...KPI_GLOBAL_TRAINING.options, ...options };
  const parts = [...series.values()]
    .map((s) => completeDays(s, today))
    .filter((y) => y.length > h)
    .map((y) => y.slice(0, y.length - h));
  settings.windowsPerSeries ??= kpiWindowsPerSeries(parts.length);
  const key = trainingKey(parts, settings);
  if (previous?.key === key) return keep(previous);
  return { ...(await train(parts, settings)), key };
}

async function train(parts: number[][], settings: GlobalTrainingOptions): Promise<KpiGlobalModel> {
  const { m, h } = KPI_GLOBAL_TRAINING;
  const size = globalTrainingSize(parts, m, h, settings);
  const base = { series: parts.length, windows: size.windows, parameters: size.parameters };
  if (!size.enough) {
    const reason = `not trained: ${size.windows} training windows from ${parts.length} KPI series, fewer than the model's ${size.parameters} parameters`;
    return { report: { trained: false, reason, ...base } };
  }
  const model = await trainGlobalWindowModel(parts, m, h, settings);
  if (!model) return { report: { trained: false, reason: 'not trained: no training windows', ...base } };
  const nets = model.members.length > 1 ? ` (${model.members.length} nets together)` : '';
  const stop = model.stoppedBy === 'time-budget' ? ', stopped by the time budget' : '';
  return {
    model,
    report: {
      trained: true,
      reason: `trained ${model.epochs} epochs${nets} on ${model.windows} windows from ${parts.length} KPI series in ${model.trainMs} ms${stop}`,
      ...base,
      epochs: model.epochs,
      stoppedBy: model.stoppedBy,
      trainMs: model.trainMs,
      backend: model.backend,
    },
  };
}

/**
 * The training settings and the parts (their lengths and values, in the order training reads them) by fingerprint:
 * short, since series' projection keys repeat it.
 */
function trainingKey(parts: readonly number[][], settings: GlobalTrainingOptions): string {
  const { m, h } = KPI_GLOBAL_TRAINING;
  const lengths = seriesFingerprint(parts.map((y) => y.length));
  return `m${m}|h${h}|${JSON.stringify(settings)}|${parts.length}:${lengths}:${partsFingerprint(parts)}`;
}

function keep(previous: KpiGlobalModel): KpiGlobalModel {
  const { joined: _joined, ...report } = previous.report;
  const reason = report.reason.startsWith('kept') ? report.reason : `kept, training data unchanged (${report.reason})`;
  return { ...previous, report: { ...report, kept: true, reason } };
}
