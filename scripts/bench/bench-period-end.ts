/*
 * Period-end projection benchmark: how honest the KPI forecasts' period-end intervals are, and what the past
 * origins that make them cost, on the public competition sets (../shared/data/forecasting from the repo root, or
 * --data DIR / BSC_FORECAST_DATA). Each series' test part stands for a period: its value (the sum of its steps) is
 * projected from the training part at the period's start and again halfway through (the first half's steps then
 * known), with the default method and the job's past origins (PAST_ORIGINS), as the forecast job projects a KPI.
 * Side by side in one run, the past origins' forecasts made by a fit at every origin ('each') and by one fit per
 * doubling of the history ('doubling', see OriginFits), and the intervals' bounds as the projection gives them
 * (split-conformal around its expectation, see conformalBounds) and as finite-sample order statistics of the same outcomes (see
 * orderStatisticBounds): 80 % and 95 % coverage and the mean scaled interval score at 95 % (width plus 2/0.05 times
 * the miss, over the mean absolute step change of the training part) of the projections whose spread came from past
 * origins, the Brier score of their probability of ending at or above each of their bounds (see exceedanceBrier),
 * and the CPU time per projection. --sets a,b limits the sets, --stride k keeps every k-th
 * series, --modes doubling limits the fit modes, --origins 20,40 compares counts of past origins (default the
 * job's, PAST_ORIGINS), --scales absolute,recent-level compares how past errors are brought to today's scale
 * (see ErrorScale; default absolute). Last line: one JSON object.
 *   node dist/scripts/bench/bench-period-end.js [--sets tourismMonthly] [--stride 1] [--modes each,doubling]
 *     [--origins 20] [--scales absolute,recent-change,recent-level]
 */
import { loadavg } from 'os';
import {
  projectionFromOutcomes,
  projectPeriodEnd,
  type ErrorScale,
  type OriginFits,
  type PeriodEndProjection,
} from '@bsc/forecasting';
import { PAST_ORIGINS } from '../../apps/api/src/forecasts/job/series-projection';
import { forecastDataDir, round, setsFromArgs, type LoadedSet } from './forecast/bench-sets';
import { argChoices, argNumber, argText } from './support/bench-args';
import { ownCpuMs } from './support/bench-stats';

const ALL_MODES: readonly OriginFits[] = ['each', 'doubling'];
const ALL_SCALES: readonly ErrorScale[] = ['absolute', 'recent-change', 'recent-level'];

interface ModeFigures {
  projections: number;
  empirical: number;
  coverage80: number;
  coverage95: number;
  intervalScore95: number;
  /** The same outcomes' bounds as finite-sample order statistics (see orderStatisticBounds). */
  orderCoverage80: number;
  orderCoverage95: number;
  orderIntervalScore95: number;
  /** Brier score of "the period ends at or above t" at t = each of the four bounds (see exceedanceBrier). */
  brierAtBounds: number;
  /** Mean probability of ending at or above the 80 % upper bound, and the share of actuals that did (%). */
  meanProbabilityAbove80: number;
  shareAbove80: number;
  cpuMsPerProjection: number;
}

/**
 * Bounds of a central interval as finite-sample order statistics (split conformal: Vovk, Gammerman & Shafer 2005;
 * Lei et al. 2018): the ⌊(n+1)(1−c)/2⌋-th and ⌈(n+1)(1+c)/2⌉-th smallest of n outcomes, which cover one more
 * exchangeable outcome with probability at least c, clamped to the extremes when n is too small for the level
 * (20 outcomes at 95 %). The projection's own bounds pool both tails (the absolute errors' order statistic, see
 * conformalBounds): shown side by side, not used by the platform.
 */
function orderStatisticBounds(outcomes: readonly number[], level: number): [number, number] {
  const sorted = [...outcomes].sort((a, b) => a - b);
  const n = sorted.length;
  // 1 − 0.8 is 0.19999999999999996 in binary: without the slack, 20 outcomes' 2nd would read as the 1st
  const slack = 1e-7;
  const lower = Math.min(n, Math.max(1, Math.floor(((n + 1) * (1 - level)) / 2 + slack)));
  const upper = Math.max(1, Math.min(n, Math.ceil(((n + 1) * (1 + level)) / 2 - slack)));
  return [sorted[lower - 1], sorted[upper - 1]];
}

/** Mean absolute step change of the training part: the interval score's scale (1 when the part is flat). */
function scaleOf(y: readonly number[]): number {
  let sum = 0;
  for (let t = 1; t < y.length; t++) sum += Math.abs(y[t] - y[t - 1]);
  return y.length > 1 && sum > 0 ? sum / (y.length - 1) : 1;
}

function intervalScore([lower, upper]: readonly [number, number], actual: number): number {
  const miss = Math.max(0, lower - actual) + Math.max(0, actual - upper);
  return upper - lower + (2 / 0.05) * miss;
}

/**
 * Sum over t = lower95, lower80, upper80, upper95 of (P(Y >= t) - [actual >= t])²: the Brier score, a proper scoring
 * rule for the probability of a binary event (Gneiting & Raftery 2007), of the probability the projection gives a
 * higher-is-better target at each of its own bounds. The thresholds are fixed before the actual is seen, so the
 * score stays proper; its sum over all thresholds would be the CRPS.
 */
function exceedanceBrier(p: PeriodEndProjection, actual: number): number {
  let sum = 0;
  for (const value of [p.lower95, p.lower80, p.upper80, p.upper95]) {
    const target = { direction: 'higher_is_better' as const, value };
    const q = projectionFromOutcomes(p.expected, p.outcomes, target, p.method, p.uncertainty);
    sum += (q.probabilityOfMeetingTarget! - (actual >= value ? 1 : 0)) ** 2;
  }
  return sum / 4;
}

/** The projection's probability of ending at or above its own 80 % upper bound. */
function probabilityAbove80(p: PeriodEndProjection): number {
  const target = { direction: 'higher_is_better' as const, value: p.upper80 };
  return projectionFromOutcomes(p.expected, p.outcomes, target, p.method, p.uncertainty).probabilityOfMeetingTarget!;
}

const inside = ([lower, upper]: readonly [number, number], v: number): number => (v >= lower && v <= upper ? 1 : 0);

function measure(set: LoadedSet, fits: OriginFits, maxOrigins: number, errorScale: ErrorScale): ModeFigures {
  let projections = 0;
  let empirical = 0;
  let in80 = 0;
  let in95 = 0;
  let score = 0;
  let order80 = 0;
  let order95 = 0;
  let orderScore = 0;
  let brier = 0;
  let above80 = 0;
  let hitAbove80 = 0;
  let cpu = 0;
  set.train.forEach((history, i) => {
    const period = set.test[i];
    const scale = scaleOf(history);
    const actual = period.reduce((s, v) => s + v, 0);
    for (const known of [0, Math.floor(period.length / 2)]) {
      const started = ownCpuMs();
      const p = projectPeriodEnd({
        history,
        elapsed: period.slice(0, known),
        remaining: period.length - known,
        aggregation: 'sum',
        m: set.m,
        maxOrigins,
        originFits: fits,
        errorScale,
      });
      cpu += ownCpuMs() - started;
      if (!p) continue;
      projections++;
      if (p.uncertainty !== 'empirical') continue;
      empirical++;
      in80 += inside([p.lower80, p.upper80], actual);
      in95 += inside([p.lower95, p.upper95], actual);
      score += intervalScore([p.lower95, p.upper95], actual) / scale;
      const o95 = orderStatisticBounds(p.outcomes, 0.95);
      order80 += inside(orderStatisticBounds(p.outcomes, 0.8), actual);
      order95 += inside(o95, actual);
      orderScore += intervalScore(o95, actual) / scale;
      brier += exceedanceBrier(p, actual);
      above80 += probabilityAbove80(p);
      hitAbove80 += actual >= p.upper80 ? 1 : 0;
    }
  });
  const share = (k: number): number => (empirical > 0 ? round((100 * k) / empirical, 1) : Number.NaN);
  return {
    projections,
    empirical,
    coverage80: share(in80),
    coverage95: share(in95),
    intervalScore95: empirical > 0 ? round(score / empirical) : Number.NaN,
    orderCoverage80: share(order80),
    orderCoverage95: share(order95),
    orderIntervalScore95: empirical > 0 ? round(orderScore / empirical) : Number.NaN,
    brierAtBounds: empirical > 0 ? round(brier / empirical, 4) : Number.NaN,
    meanProbabilityAbove80: share(above80),
    shareAbove80: share(hitAbove80),
    cpuMsPerProjection: projections > 0 ? round(cpu / projections, 2) : Number.NaN,
  };
}

function main(): void {
  const sets = setsFromArgs(forecastDataDir('bench-period-end'));
  const stride = argNumber('stride', 1);
  const modes = argChoices('modes', ALL_MODES);
  const scales = argText('scales') === undefined ? ALL_SCALES.slice(0, 1) : argChoices('scales', ALL_SCALES);
  const originCounts = (argText('origins') ?? `${PAST_ORIGINS}`).split(',').map(Number);
  const figures: Record<string, Record<string, ModeFigures>> = {};
  for (const set of sets) {
    figures[set.key] = {};
    for (const origins of originCounts)
      for (const fits of modes)
        for (const scale of scales) {
          const f = measure(set, fits, origins, scale);
          const label = [
            fits,
            ...(originCounts.length > 1 ? [origins] : []),
            ...(scales.length > 1 ? [scale] : []),
          ].join('/');
          figures[set.key][label] = f;
          console.log(
            `${set.key.padEnd(18)} ${label.padEnd(12)} projections ${f.projections} (from past origins ${f.empirical}): ` +
              `cov 80 ${f.coverage80} / 95 ${f.coverage95}, interval score 95 ${f.intervalScore95}; ` +
              `order statistics: cov ${f.orderCoverage80} / ${f.orderCoverage95}, score ${f.orderIntervalScore95}; ` +
              `Brier at the bounds ${f.brierAtBounds}, above upper 80 P ${f.meanProbabilityAbove80} / ` +
              `actual ${f.shareAbove80}; ` +
              `CPU ${f.cpuMsPerProjection} ms per projection`,
          );
        }
  }
  console.log(JSON.stringify({ stride, origins: originCounts, load1: round(loadavg()[0], 1), sets: figures }));
}

main();
