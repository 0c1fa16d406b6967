import type { AlertRuleDef } from '@bsc/scorecard';
import type { IngestionConfig } from '../config/ingestion.config';
import { alertRulesFromConfig } from './alert-rules';

/** Escalation and staleness are checked this often (stale KPIs produce no events of their own). */
export const ALERT_TICK_INTERVAL_MS = 30_000;

export interface AlertRuntimeOptions {
  enabled: boolean;
  rules: readonly AlertRuleDef[];
  escalateAfter: string;
  tickIntervalMs: number;
}

export const ALERT_RUNTIME_OPTIONS = Symbol('ALERT_RUNTIME_OPTIONS');

/** Time source of the runtime; tests move it by hand. */
export interface AlertClock {
  now(): number;
}

export const ALERT_CLOCK = Symbol('ALERT_CLOCK');
export const SYSTEM_CLOCK: AlertClock = { now: () => Date.now() };

export function alertRuntimeOptions(
  config: Pick<IngestionConfig, 'ALERTS_ENABLED' | 'ALERT_RULES' | 'ALERT_RULES_FILE' | 'ALERT_ESCALATE_AFTER'>,
): AlertRuntimeOptions {
  return {
    enabled: config.ALERTS_ENABLED,
    rules: alertRulesFromConfig(config),
    escalateAfter: config.ALERT_ESCALATE_AFTER,
    tickIntervalMs: ALERT_TICK_INTERVAL_MS,
  };
}
