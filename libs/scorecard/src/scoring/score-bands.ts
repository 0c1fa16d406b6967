import type { AggregateStatus } from './scoring.types';

/**
 * Score bands that turn an aggregate's score (objective, perspective, unit) into a status. Inclusive like the KPI
 * thresholds: score >= onTarget is on target, score <= offTarget is off target, between is at risk.
 * The defaults match a single KPI on the default scale with atRisk = offTarget / 2: deviation == atRisk scores 7.5
 * and deviation == offTarget scores 5, so a one-KPI objective gets the KPI's own status.
 */
export interface ScoreBands {
  onTarget: number;
  offTarget: number;
}

export const DEFAULT_SCORE_BANDS: Readonly<ScoreBands> = Object.freeze({ onTarget: 7.5, offTarget: 5 });

const EPSILON = 1e-9;

export function statusFromScore(score: number | null, bands: ScoreBands = DEFAULT_SCORE_BANDS): AggregateStatus {
  if (score === null || !Number.isFinite(score)) return 'no_data';
  if (score >= bands.onTarget - EPSILON) return 'on_target';
  if (score <= bands.offTarget + EPSILON) return 'off_target';
  return 'at_risk';
}
