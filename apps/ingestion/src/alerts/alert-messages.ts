import type { Alert } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';
import type { KpiState } from './kpi-observation-tracker';

/**
 * The message stored and sent for an alert. The evaluator's wording describes the condition; here forecast alerts
 * say what is at stake (the period target), and resolutions say what the KPI is now rather than repeating the
 * problem that has gone.
 */
export function alertMessage(alert: Alert, kpi: KpiDef | undefined, state: KpiState | undefined): string {
  if (!kpi || !state) return alert.message;
  const forecast = state.forecast;
  const target = state.target === null ? '' : ` of ${fmt(state.target)} ${kpi.unit}`;
  if (alert.status === 'resolved') {
    if (alert.kind === 'forecast' && forecast?.probability != null) {
      return `${kpi.name} is back on course for its ${forecast.periodKey} target${target}: ${pct(forecast.probability)} probability of meeting it`;
    }
    const status = state.observation?.status;
    if (alert.kind === 'status_change' && status && state.value !== null) {
      return `${kpi.name} is ${status.replace('_', ' ')} again (value ${fmt(state.value)}${state.target === null ? '' : `, target ${fmt(state.target)}`})`;
    }
    return `Cleared: ${alert.message}`;
  }
  const status = state.observation?.status;
  if (alert.kind === 'status_change' && (status === 'at_risk' || status === 'off_target') && state.value !== null) {
    return `${kpi.name} is ${status.replace('_', ' ')}: ${fmt(state.value)} ${kpi.unit}${state.target === null ? '' : ` against a target of ${fmt(state.target)} ${kpi.unit}`}`;
  }
  if (alert.kind === 'forecast' && forecast?.probability != null) {
    return (
      `${kpi.name} is likely to miss its ${forecast.periodKey} target${target}: ` +
      `${pct(forecast.probability)} probability of meeting it, expected ${fmt(forecast.expected)} ${kpi.unit} at period end`
    );
  }
  return alert.message;
}

function pct(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** Four significant digits below 1000 (0.0501 vs 0.048 must stay apart), whole numbers above. */
export function fmt(x: number): string {
  return Math.abs(x) >= 1_000 ? String(Math.round(x)) : String(Number(x.toPrecision(4)));
}
