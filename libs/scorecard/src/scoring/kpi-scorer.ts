import { parseDuration } from '@bsc/common';
import { targetPhasingOf, type KpiDef, type TargetPhasing, type ThresholdsDef } from '@bsc/twin';
import type { KpiScoring, KpiStatus, ResolvedTarget, ScoringContext } from './scoring.types';
import { phasedShare } from './target-phasing';
import { resolveTarget } from './target-resolver';

/** Top of the score scale: at or better than target (inside the band). */
export const MAX_SCORE = 10;
/** A value is stale when older than this many update periods, unless the context says otherwise. */
export const DEFAULT_STALE_AFTER_PERIODS = 2;
/** The default baseline sits this many off-target deviations beyond the target. */
export const DEFAULT_BASELINE_OFF_TARGET_MULTIPLE = 2;

// Boundaries are compared with a small relative tolerance so that e.g. 10 % of 0.3 lands exactly on the boundary.
const RELATIVE_EPSILON = 1e-9;

/**
 * Scores one KPI value against its target.
 *
 * Deviation is the unfavourable distance from target in the KPI's unit (target - value for higher_is_better,
 * value - target for lower_is_better, distance outside the band for band KPIs). Thresholds are absolute, or in
 * percent of the target (5 = 5 %; for bands, of the bound that was crossed). Status boundaries follow the model
 * contract (ThresholdsDef): deviation <= atRisk is on target ("still counted on target"), deviation >= offTarget is
 * off target ("from which the KPI is off target"), anything between is at risk.
 *
 * Score scale 0..10: 10 at or better than target (inside the band), 0 at the baseline (def.baseline when it lies
 * on the unfavourable side, else target -/+ 2 x the off-target deviation), linear in between, capped to [0, 10].
 * With the default baseline a KPI exactly at the off-target boundary scores 5.
 *
 * Like is compared with like: a phased target (see targetPhasingOf) is scaled to the share due by `ctx.now`, and
 * so are an explicit baseline and absolute thresholds, so a period-to-date value meets a to-date target. Period-end
 * values (`ctx.atPeriodEnd`) and scoring without a calendar use the full target.
 */
export function scoreKpi(def: KpiDef, value: number | null, ctx: ScoringContext): KpiScoring {
  const { full, target, share, phasing } = targetDue(def, ctx);
  const targetValue = full?.value ?? null;
  const toDateTarget = target?.value ?? null;
  const band = target?.band;
  if (value === null || !Number.isFinite(value)) {
    return { status: 'no_data', score: null, target: targetValue, toDateTarget, phasing, band, deviation: null };
  }
  const stale = isStale(def, ctx);
  if (!target) {
    return {
      status: stale ? 'stale' : 'no_target',
      score: null,
      target: null,
      toDateTarget: null,
      phasing,
      deviation: null,
    };
  }
  const { deviation, reference, baselineSpan } = measure(def, value, target, share);
  const eps = RELATIVE_EPSILON * Math.max(1, Math.abs(reference));
  const atRisk = thresholdInUnits(def.thresholds, 'atRisk', reference, share);
  const offTarget = thresholdInUnits(def.thresholds, 'offTarget', reference, share);
  const span = baselineSpan ?? DEFAULT_BASELINE_OFF_TARGET_MULTIPLE * offTarget;
  const status: KpiStatus = stale ? 'stale' : judge(deviation, atRisk, offTarget, eps);
  return { status, score: scoreOf(deviation, span, eps), target: targetValue, toDateTarget, phasing, band, deviation };
}

/**
 * The target a value of ctx.periodKey is judged against at ctx.now: the full target, scaled by the KPI's phasing
 * to the share due by then (see scoreKpi). Whoever compares a period-to-date value with a target uses this.
 */
export function targetDue(
  def: KpiDef,
  ctx: ScoringContext,
): { full: ResolvedTarget | null; target: ResolvedTarget | null; share: number; phasing: TargetPhasing } {
  const full = resolveTarget(def, ctx.periodKey, ctx.targetsOverride);
  const { share, phasing } = phaseOf(def, ctx);
  return { full, target: full && share !== 1 ? phased(full, share) : full, share, phasing };
}

/** The part of a target due by now: a band declared phased is phased whole (80..100 by mid-period is 40..50). */
function phased(full: ResolvedTarget, share: number): ResolvedTarget {
  const band = full.band && { lower: full.band.lower * share, upper: full.band.upper * share };
  return { ...full, value: full.value * share, ...(band && { band }) };
}

/** Share of the period's target due at ctx.now; 1 (the full target) without a calendar or at period end. */
function phaseOf(def: KpiDef, ctx: ScoringContext): { share: number; phasing: TargetPhasing } {
  if (!ctx.calendar || ctx.atPeriodEnd) return { share: 1, phasing: 'none' };
  const declared = targetPhasingOf(def);
  if (declared.mode === 'none') return { share: 1, phasing: 'none' };
  const period = ctx.calendar.tryParsePeriodKey(ctx.periodKey);
  if (!period) return { share: 1, phasing: 'none' };
  const share = phasedShare(declared, ctx.calendar, period, ctx.now);
  return share >= 1 ? { share: 1, phasing: 'none' } : { share, phasing: declared.mode };
}

function judge(deviation: number, atRisk: number, offTarget: number, eps: number): KpiStatus {
  if (deviation <= atRisk + eps) return 'on_target';
  if (deviation >= offTarget - eps) return 'off_target';
  return 'at_risk';
}

function scoreOf(deviation: number, span: number, eps: number): number {
  if (deviation <= eps) return MAX_SCORE;
  // A zero span (no usable baseline, zero thresholds) leaves no room between "met" and "worst".
  if (span <= eps) return 0;
  return clamp(MAX_SCORE * (1 - deviation / span), 0, MAX_SCORE);
}

interface Measurement {
  deviation: number;
  /** What percent thresholds are relative to. */
  reference: number;
  /** Distance from target (or crossed bound) to a valid explicit baseline; null to use the default. */
  baselineSpan: number | null;
}

function measure(def: KpiDef, value: number, target: ResolvedTarget, share: number): Measurement {
  // A baseline of a phased target is phased with it (0 EUR of revenue by now, not of the whole quarter).
  const baseline = Number.isFinite(def.baseline) ? (def.baseline as number) * share : null;
  // A baseline on the favourable side is a model mistake; fall back to the default rather than invert the scale.
  const spanBelow = (from: number) => (baseline !== null && baseline < from ? from - baseline : null);
  const spanAbove = (from: number) => (baseline !== null && baseline > from ? baseline - from : null);
  switch (def.direction) {
    case 'higher_is_better':
      return { deviation: target.value - value, reference: target.value, baselineSpan: spanBelow(target.value) };
    case 'lower_is_better':
      return { deviation: value - target.value, reference: target.value, baselineSpan: spanAbove(target.value) };
    case 'band': {
      const band = target.band ?? { lower: target.value, upper: target.value };
      if (value < band.lower)
        return { deviation: band.lower - value, reference: band.lower, baselineSpan: spanBelow(band.lower) };
      if (value > band.upper)
        return { deviation: value - band.upper, reference: band.upper, baselineSpan: spanAbove(band.upper) };
      return { deviation: 0, reference: value < target.value ? band.lower : band.upper, baselineSpan: null };
    }
  }
}

function thresholdInUnits(
  thresholds: ThresholdsDef,
  which: 'atRisk' | 'offTarget',
  reference: number,
  share: number,
): number {
  const raw = Math.max(0, thresholds[which]);
  // Percent thresholds follow the (phased) reference by themselves; absolute ones are phased like the target.
  return thresholds.mode === 'percent' ? (raw / 100) * Math.abs(reference) : raw * share;
}

function isStale(def: KpiDef, ctx: ScoringContext): boolean {
  if (ctx.stale) return true;
  const deadline = ageLimit(def, ctx);
  return deadline !== null && ctx.now > deadline;
}

/** The last instant a value is fresh by its age (null: age never makes it stale). */
function ageLimit(def: KpiDef, ctx: ScoringContext): number | null {
  if (ctx.lastUpdate === undefined) return null;
  const period = parseDuration(def.updateFrequency);
  if (period === null || period <= 0) return null;
  const limit = ctx.lastUpdate + (ctx.staleAfterPeriods ?? DEFAULT_STALE_AFTER_PERIODS) * period;
  return Number.isFinite(limit) ? limit : null;
}

/**
 * The instant after which the value turns stale by age alone, when that is still ahead of ctx.now; null when time
 * alone will not change the staleness (already stale, no update frequency, no value time).
 */
export function staleDeadline(def: KpiDef, ctx: ScoringContext): number | null {
  if (ctx.stale) return null;
  const limit = ageLimit(def, ctx);
  return limit !== null && limit >= ctx.now ? limit : null;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
