import { parseDuration } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import type {
  AlertRuleDef,
  AlertSeverity,
  AnomalyRule,
  KpiObservation,
  ObservedAnomaly,
  StaleRule,
} from './alert.types';

/** Per rule + KPI memory between observations. */
export interface ConditionState {
  active: boolean;
  /** rate_of_change: (time, value) pairs inside the window, oldest first. */
  samples: Array<{ at: number; value: number }>;
  /** stale: newest event time with a value, or when watching started. */
  lastDataAt?: number;
  /** stale: the KPI reported stale itself. */
  reportedStale: boolean;
  /**
   * anomaly: when the newest input scored at or above the rule's minScore, and what the alert says about it; a
   * restored alert holds from its last stored anomaly (else from its restore), saying what it said (its kind and
   * score are not stored with it).
   */
  anomaly?: { at: number; message: string };
  /** stale: when watching began (start, or the model version that bound the KPI); undefined = no grace period. */
  watchingSince?: number;
}

/** undefined = no opinion (e.g. no value for a value rule): the condition keeps its state. */
export type Verdict = { active: boolean; severity: AlertSeverity; message: string } | undefined;

/** A rate-of-change window never holds more than this many samples; older ones are dropped first. */
export const MAX_WINDOW_SAMPLES = 10_000;
const STALE_PERIODS = 2;
/** Anomaly rule defaults: a one-in-10^5 event (the detector's score 0.5), held a quarter of an hour. */
export const DEFAULT_ANOMALY_MIN_SCORE = 0.5;
export const DEFAULT_ANOMALY_HOLD = '15m';

export function newConditionState(watchingSince?: number): ConditionState {
  return { active: false, samples: [], reportedStale: false, watchingSince };
}

/** Judges one observation against one rule; mutates `state` (not `active`, which the evaluator owns). */
export function judgeObservation(rule: AlertRuleDef, state: ConditionState, kpi: KpiDef, obs: KpiObservation): Verdict {
  const hasValue = obs.value !== null && Number.isFinite(obs.value);
  switch (rule.kind) {
    case 'status_change': {
      if (obs.status !== 'on_target' && obs.status !== 'at_risk' && obs.status !== 'off_target') return undefined;
      const into = rule.into ?? ['at_risk', 'off_target'];
      const active = (into as readonly string[]).includes(obs.status);
      const severity = rule.severity ?? (obs.status === 'off_target' ? 'critical' : 'warning');
      return { active, severity, message: `${kpi.name} is ${obs.status.replace('_', ' ')}${describe(obs)}` };
    }
    case 'threshold': {
      if (!hasValue) return undefined;
      const v = obs.value as number;
      const above = rule.direction === 'above';
      const clearAt = above ? rule.value - rule.hysteresis : rule.value + rule.hysteresis;
      // raises at the threshold itself and stays raised until back past threshold -/+ hysteresis; a value still
      // at the threshold keeps it raised, or with hysteresis 0 it would raise and clear on every observation
      const reached = above ? v >= rule.value : v <= rule.value;
      const active = reached || (state.active && (above ? v > clearAt : v < clearAt));
      const message = `${kpi.name} ${rule.direction === 'above' ? '>=' : '<='} ${rule.value} ${kpi.unit} (value ${fmt(v)})`;
      return { active, severity: rule.severity ?? 'warning', message };
    }
    case 'rate_of_change': {
      if (!hasValue) return undefined;
      const windowMs = parseDuration(rule.window) ?? 0;
      const last = state.samples[state.samples.length - 1];
      if (last && obs.at < last.at) return undefined; // out of order: the window only moves forward
      state.samples.push({ at: obs.at, value: obs.value as number });
      while (
        state.samples.length > 1 &&
        (state.samples[0].at < obs.at - windowMs || state.samples.length > MAX_WINDOW_SAMPLES)
      ) {
        state.samples.shift();
      }
      const delta = (obs.value as number) - state.samples[0].value;
      const message = `${kpi.name} changed by ${fmt(delta)} ${kpi.unit} within ${rule.window}`;
      return { active: Math.abs(delta) > rule.maxDelta, severity: rule.severity ?? 'warning', message };
    }
    case 'stale': {
      if (hasValue) state.lastDataAt = Math.max(state.lastDataAt ?? -Infinity, obs.updatedAt ?? obs.at);
      else state.lastDataAt ??= obs.at;
      state.reportedStale = obs.status === 'stale';
      return judgeStale(rule, state, kpi, obs.at);
    }
    case 'forecast': {
      const p = obs.probability;
      if (p === null || p === undefined || !Number.isFinite(p)) return undefined;
      const active = state.active ? p < rule.minProbability + (rule.hysteresis ?? 0) : p < rule.minProbability;
      const message = `${kpi.name}: ${Math.round(p * 100)} % probability of meeting the target by period end`;
      return { active, severity: rule.severity ?? 'warning', message };
    }
    case 'anomaly': {
      const a = obs.anomaly;
      if (a && a.score >= (rule.minScore ?? DEFAULT_ANOMALY_MIN_SCORE)) {
        const message = `${kpi.name}: ${ANOMALY_WORDING[a.kind](a.signalId)} (anomaly score ${a.score.toFixed(2)})`;
        const at = Math.min(a.detectedAt ?? obs.at, obs.at);
        if (!state.anomaly || at >= state.anomaly.at) state.anomaly = { at, message };
      }
      return judgeAnomaly(rule, state, obs.at);
    }
  }
}

/**
 * Restored from storage, an alert's condition held but its memory is gone: without it a stale alert would be
 * resolved by the first tick (the KPI looks fresh) and an anomaly alert never (no opinion before an anomaly). The
 * stale one holds from `at` until a value arrives; the anomaly one for its `hold` from `anomalyAt`, when its rule
 * last counted an anomaly if that is known, else from `at` as if one had just been seen.
 */
export function holdRestored(
  rule: AlertRuleDef,
  state: ConditionState,
  message: string,
  at: number,
  anomalyAt: number = at,
): void {
  if (rule.kind === 'stale') {
    state.reportedStale = true;
    state.lastDataAt ??= at;
  }
  if (rule.kind === 'anomaly') state.anomaly ??= { at: anomalyAt, message };
}

/**
 * rate_of_change: values judged before a start (read back from storage, oldest first) go in front of what the window
 * took since, so they count as they did live; they are not judged again. A window that took a later value keeps it.
 */
export function seedWindow(
  rule: AlertRuleDef,
  state: ConditionState,
  seeds: ReadonlyArray<{ at: number; value: number }>,
): void {
  if (rule.kind !== 'rate_of_change') return;
  const first = state.samples[0]?.at ?? Infinity;
  const older = seeds.filter((s) => s.at < first && Number.isFinite(s.value));
  state.samples = [...older, ...state.samples].slice(-MAX_WINDOW_SAMPLES);
}

/** rate_of_change: the values `windows` hold, oldest first, each instant once (what a memory can seed a window with). */
export function heldSamples(
  windows: Iterable<{ rule: AlertRuleDef; condition: ConditionState }>,
): Array<{ at: number; value: number }> {
  const byAt = new Map<number, number>();
  for (const { rule, condition } of windows)
    if (rule.kind === 'rate_of_change') for (const s of condition.samples) byAt.set(s.at, s.value);
  return [...byAt].sort(([a], [b]) => a - b).map(([at, value]) => ({ at, value }));
}

/** Time-driven part: data that stops arriving produces no observations, so staleness is also checked on ticks. */
export function judgeTime(rule: AlertRuleDef, state: ConditionState, kpi: KpiDef, now: number): Verdict {
  if (rule.kind === 'anomaly') return judgeAnomaly(rule, state, now);
  if (rule.kind !== 'stale') return undefined;
  state.lastDataAt ??= now;
  return judgeStale(rule, state, kpi, now);
}

const ANOMALY_WORDING: Record<ObservedAnomaly['kind'], (signalId: string | null) => string> = {
  signal: (signalId) => `input ${signalId ?? '?'} behaves abnormally`,
  kpi_interval: () => "value outside its forecast's 95 % interval",
  kpi_change_point: () => 'level changed (change point)',
};

/** Active from an anomaly until `hold` has passed without another; no opinion before the first one. */
function judgeAnomaly(rule: AnomalyRule, state: ConditionState, now: number): Verdict {
  const last = state.anomaly;
  if (!last) return undefined;
  const hold = parseDuration(rule.hold ?? DEFAULT_ANOMALY_HOLD) ?? 0;
  return { active: now - last.at < hold, severity: rule.severity ?? 'warning', message: last.message };
}

function judgeStale(rule: StaleRule, state: ConditionState, kpi: KpiDef, now: number): Verdict {
  const after = staleAfterMs(rule, kpi);
  const silentFor = now - (state.lastDataAt ?? now);
  const silent = after !== null && silentFor > after;
  const active = state.reportedStale || silent;
  // Grace period: an input that has not had the time to report since watching began is not stale yet (no
  // opinion, so a restored alert stays as it is); data that arrives may still clear the condition.
  if (active && state.watchingSince !== undefined && now - state.watchingSince <= (after ?? 0)) return undefined;
  const message = silent
    ? `${kpi.name} has had no data for ${Math.round(silentFor / 60_000)} min`
    : `${kpi.name} is stale (inputs stopped updating)`;
  return { active, severity: rule.severity ?? 'warning', message };
}

function staleAfterMs(rule: StaleRule, kpi: KpiDef): number | null {
  if (rule.after !== undefined) return parseDuration(rule.after);
  const period = parseDuration(kpi.updateFrequency);
  return period === null ? null : STALE_PERIODS * period;
}

function describe(obs: KpiObservation): string {
  if (obs.value === null) return '';
  return obs.target === undefined || obs.target === null
    ? ` (value ${fmt(obs.value)})`
    : ` (value ${fmt(obs.value)}, target ${fmt(obs.target)})`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
