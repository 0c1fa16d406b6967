import type { ActiveModelSnapshot } from '@bsc/app-kit';
import { FiscalCalendar } from '@bsc/kpi';
import { AlertEvaluator } from '@bsc/scorecard';
import { rulesForModel } from './alert-rules';
import type { AlertRuntimeOptions } from './alert-runtime.options';
import { AnomalyMonitors } from './anomaly-monitors';
import { KpiObservationTracker } from './kpi-observation-tracker';

/** What the alert evaluation judges with under one model version. */
export interface ModelEvaluation {
  evaluator: AlertEvaluator;
  monitors: AnomalyMonitors;
  tracker: KpiObservationTracker;
}

/**
 * The evaluator, anomaly monitors and KPI tracker of a model version at `now`, the monitors keeping the history of
 * `previous` for the KPIs still in the model (the caller carries the evaluator's and the tracker's state over).
 */
export function modelEvaluation(
  snapshot: ActiveModelSnapshot,
  options: Pick<AlertRuntimeOptions, 'rules' | 'escalateAfter' | 'scaleOut'>,
  now: number,
  previous?: AnomalyMonitors,
): ModelEvaluation {
  const { kpis, units, calendar } = snapshot.model;
  const rules = rulesForModel(options.rules, kpis);
  // stale grace from start and from every new model version (its bindings are new)
  const evaluator = new AlertEvaluator({ kpis, units, rules, escalateAfter: options.escalateAfter, startedAt: now });
  // scaled out, the workers watch the signals (see WorkerSignalAnomalies)
  const watchSignals = !isScaledOut(options) && rules.some((r) => r.kind === 'anomaly');
  const monitors = new AnomalyMonitors(snapshot, watchSignals, previous);
  const tracker = new KpiObservationTracker(kpis, new FiscalCalendar(calendar), snapshot.model);
  return { evaluator, monitors, tracker };
}

/** Scaled out, the KPI workers watch the signals and the elected runtime hears their anomalies. */
export function isScaledOut(options: Pick<AlertRuntimeOptions, 'scaleOut'>): boolean {
  return (options.scaleOut ?? 'none') !== 'none';
}
