import type { AlertRuleDef } from '@bsc/scorecard';
import type { IngestionConfig } from '../config/ingestion.config';
import { alertRulesFromConfig } from './alert-rules';

/** Escalation and staleness are checked this often (stale KPIs produce no events of their own). */
export const ALERT_TICK_INTERVAL_MS = 30_000;

/**
 * The process's part in a scale-out: none (it computes every KPI, and watches the signals it stores), an intake
 * (SAMPLE_LOG=jetstream: it stores nothing) or a KPI worker (it watches the signals of the partitions it holds).
 */
export type ScaleOutRole = 'none' | 'intake' | 'worker';

export interface AlertRuntimeOptions {
  enabled: boolean;
  rules: readonly AlertRuleDef[];
  escalateAfter: string;
  tickIntervalMs: number;
  /** 'none' unless given. */
  scaleOut?: ScaleOutRole;
  /**
   * Elected: how long the events of an evaluation that does not run here wait for it to start (LEASE_TTL_S, the
   * longest a successor waits for the lease of a holder that died); unbounded unless given.
   */
  holdMs?: number;
}

export const ALERT_RUNTIME_OPTIONS = Symbol('ALERT_RUNTIME_OPTIONS');

/** Time source of the runtime; tests move it by hand. */
export interface AlertClock {
  now(): number;
}

export const ALERT_CLOCK = Symbol('ALERT_CLOCK');
export const SYSTEM_CLOCK: AlertClock = { now: () => Date.now() };

export function alertRuntimeOptions(
  config: Pick<
    IngestionConfig,
    | 'ALERTS_ENABLED'
    | 'ALERT_RULES'
    | 'ALERT_RULES_FILE'
    | 'ALERT_ESCALATE_AFTER'
    | 'INGEST_ROLE'
    | 'SAMPLE_LOG'
    | 'LEASE_TTL_S'
  >,
): AlertRuntimeOptions {
  return {
    enabled: config.ALERTS_ENABLED,
    rules: alertRulesFromConfig(config),
    escalateAfter: config.ALERT_ESCALATE_AFTER,
    tickIntervalMs: ALERT_TICK_INTERVAL_MS,
    scaleOut: config.INGEST_ROLE === 'worker' ? 'worker' : config.SAMPLE_LOG === 'jetstream' ? 'intake' : 'none',
    holdMs: config.LEASE_TTL_S * 1000,
  };
}
