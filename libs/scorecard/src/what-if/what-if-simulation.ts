import { normalFrom, seededNormal, seededRandom, studentTFrom } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import { resolveTarget } from '../scoring/target-resolver';
import { shareAtEnd } from './driver-coverage';
import { kpiShare } from './driver-reads';
import { levelChange, propagateExact } from './exact-propagation';
import { orientation, propagateAlongLinks, type ObjectiveShift } from './link-propagation';
import { linkSources } from './link-sources';
import { rollUpWhatIf } from './what-if-rollup';
import type {
  EffectPath,
  KpiBaseline,
  KpiWhatIf,
  MeasuredLink,
  Outlook,
  Scenario,
  ScenarioDriver,
  WhatIfInput,
  WhatIfResult,
} from './what-if.types';

export const DEFAULT_WHAT_IF_DRAWS = 2_000;
export const MAX_WHAT_IF_DRAWS = 20_000;

/**
 * A scenario's predicted scorecard next to the baseline, for each KPI's current period and for each later period
 * of the horizon (see laterBaselines): the same simulation on each period's baselines, a driver or a lagged link
 * effect counting in a period as the value it moves is read over it (see kpiShare, termShare). Rolled up period by
 * period.
 */
export function simulateWhatIf(input: WhatIfInput, scenario: Scenario): WhatIfResult {
  const periods = [input.baselines, ...(input.laterBaselines ?? [])];
  const runs = periods.map((baselines, ahead) => simulatePeriod({ ...input, baselines }, scenario, ahead, periods));
  // reached now (or once the change has started) but without a baseline later: said, not silently left out
  const unavailable = periods
    .slice(1)
    .flatMap((baselines, i) =>
      runs[0].reached.filter((id) => !baselines.has(id)).map((kpiId) => ({ kpiId, periodsAhead: i + 1 })),
    );
  return {
    linksUsed: runs[0].linksUsed,
    linksExcluded: runs[0].linksExcluded,
    draws: runs[0].draws,
    unavailable,
    kpis: runs.flatMap((r) => r.kpis),
    objectives: runs.flatMap((r) => r.objectives),
    perspectives: runs.flatMap((r) => r.perspectives),
    units: runs.flatMap((r) => r.units),
  };
}

/**
 * One period of the scenario. Exact effects follow formula lineage (deterministic); statistical effects follow the
 * strategy map's measured links (slope per link, drawn from its estimate and standard error), reach the KPIs of the
 * effect objectives after the links' lags (each driver's own window shifted by them), count as the receiving KPI is
 * aggregated (a closing level at the period end, an average or a total for the share covered), and skip KPIs that
 * already move exactly. A target change counts as far as it is in force at the period end, where the status is judged.
 * Each draw also adds the KPI's own forecast error, shared by baseline and scenario.
 */
function simulatePeriod(
  input: WhatIfInput,
  scenario: Scenario,
  periodsAhead: number,
  horizon: ReadonlyArray<ReadonlyMap<string, KpiBaseline>>,
): Omit<WhatIfResult, 'unavailable'> & { reached: string[] } {
  const { model, baselines } = input;
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const draws = Math.min(MAX_WHAT_IF_DRAWS, Math.max(1, scenario.draws ?? DEFAULT_WHAT_IF_DRAWS));
  const exact = propagateExact(model, baselines, scenario.drivers, false, horizon);
  const steady = propagateExact(model, baselines, scenario.drivers, true, horizon);
  const usable = input.links.filter((l) => scenario.includeNonSignificant || l.significant);
  const scales = new Map(input.links.flatMap((l) => Object.entries(l.kpiScales)));
  // targets move no level, so they send nothing along the links
  const sources = linkSources(model, baselines, scenario.drivers, steady.delta, scales);
  // the chains are the same for every source: followed once per draw from a unit shift, scaled per source
  const unit = new Map(sources.flatMap((s) => [...s.shifts.keys()]).map((id) => [id, 1]));
  const uniform = seededRandom(scenario.seed ?? 1);
  const normal = normalFrom(uniform);
  const studentT = studentTFrom(uniform, normal);
  // a least-squares slope's (b - beta) / se is Student's t with points - 2 df: wider than the normal on few points
  const slopeError = (l: MeasuredLink) => (l.points !== undefined && l.points > 2 ? studentT(l.points - 2) : normal());
  const targets = scenario.drivers.filter((d) => d.kind === 'target');
  const targetShare = (d: ScenarioDriver) => {
    const base = baselines.get(d.id);
    return base ? shareAtEnd(base.period.end, d) : 0;
  };

  // per KPI, per draw: forecast error, statistical effect in the period and at steady state
  const affected = new Set<string>([
    ...exact.delta.keys(),
    ...targets.filter((d) => targetShare(d) > 0).map((d) => d.id),
  ]);
  // how each KPI's period value reads a change of its level, worked out once for all the draws
  const reads = new Map(
    model.kpis.flatMap((def) => {
      const base = baselines.get(def.id);
      return base ? [[def.id, kpiShare(def, base.period)] as const] : [];
    }),
  );
  const statistical = new Map<string, { period: Float64Array; steady: Float64Array; paths: Map<string, EffectPath> }>();
  const errors = new Map<string, Float64Array>();
  for (let k = 0; k < draws; k++) {
    const slopes = usable.map((l) => (k === 0 ? l.slope : l.slope + l.slopeStdError * slopeError(l)));
    for (const chain of propagateAlongLinks(model, unit, usable, slopes)) {
      for (const ref of model.objectives.find((o) => o.id === chain.objective)?.kpis ?? []) {
        const def = kpis.get(ref.kpi);
        const base = baselines.get(ref.kpi);
        const scale = scales.get(ref.kpi);
        if (!def || !base || !scale || exact.delta.has(def.id) || orientation(def) === 0) continue;
        const share = reads.get(def.id)!;
        const lag = chain.lagMs;
        for (const { window, shifts } of sources) {
          const z = shifts.get(chain.via[0]);
          if (z === undefined) continue;
          const full = orientation(def) * z * chain.z * scale;
          // the lag shifts the whole window, its end too
          const inPeriod = full * share({ from: window.from + lag, rampMs: window.rampMs, until: window.until + lag });
          record(statistical, def.id, draws, k, inPeriod, full, chain);
        }
        affected.add(def.id);
      }
    }
  }
  // each KPI's forecast errors from a stream of its own (seed and place in the model), not from the one the slopes
  // use: a KPI's baseline stays the same whatever else a scenario moves or lets through
  const place = new Map(model.kpis.map((k, i) => [k.id, i]));
  for (const id of affected) {
    const below = baselines.get(id)?.sd ?? 0;
    const above = baselines.get(id)?.sdAbove ?? below;
    const own = seededNormal(errorSeed(scenario.seed ?? 1, place.get(id)!));
    // each half of the normal scaled on its own: the draws' 10 % and 90 % quantiles are the forecast's
    errors.set(
      id,
      Float64Array.from({ length: draws }, () => {
        const z = own();
        return (z < 0 ? below : above) * z;
      }),
    );
  }

  const results: KpiWhatIf[] = [];
  for (const id of affected) {
    const def = kpis.get(id);
    const base = baselines.get(id);
    if (!def || !base) continue;
    const stat = statistical.get(id);
    const eps = errors.get(id) as Float64Array;
    const exactEffect = exact.delta.get(id) ?? 0;
    const resolved = resolveTarget(def, base.period.key, input.targetsOverride);
    const target = resolved?.value ?? null;
    const targetDrivers = targets.filter((d) => d.id === id);
    const scenarioTarget =
      target === null ? null : targetDrivers.reduce((t, d) => t + levelChange(d, t) * targetShare(d), target);
    // a band moves with its target: the same width around the scenario's middle
    const band = resolved?.band;
    const moved = target === null || scenarioTarget === null ? 0 : scenarioTarget - target;
    const scenarioBand = band && { lower: band.lower + moved, upper: band.upper + moved };
    const baselineDraws = eps.map((e) => base.expected + e);
    const scenarioDraws = baselineDraws.map((v, k) => v + exactEffect + (stat?.period[k] ?? 0));
    const steadyExact = steady.delta.get(id) ?? 0;
    results.push({
      kpiId: id,
      periodKey: base.period.key,
      periodsAhead,
      baseline: outlook(def, base.expected, baselineDraws, target, band),
      scenario: outlook(
        def,
        base.expected + exactEffect + mean(stat?.period),
        scenarioDraws,
        scenarioTarget,
        scenarioBand,
      ),
      exactEffect,
      termsPeriodKey: base.terms ? (base.termsPeriodKey ?? base.period.key) : null,
      approximate: exact.approximate.get(id) ?? null,
      statisticalEffect: summary(stat?.period ?? new Float64Array(draws)),
      steadyStateEffect: summary((stat?.steady ?? new Float64Array(draws)).map((v) => v + steadyExact)),
      paths: [
        ...(exact.paths.get(id) ?? []),
        ...[...(stat?.paths.values() ?? [])].map((p) => ({ ...p, effect: p.effect / draws })),
      ],
    });
  }
  results.sort((a, b) => a.kpiId.localeCompare(b.kpiId));
  const linkName = (l: MeasuredLink) => `${l.from}->${l.to}`;
  return {
    kpis: results,
    ...rollUpWhatIf(model, results, periodsAhead),
    linksUsed: usable.map(linkName),
    linksExcluded: input.links.filter((l) => !usable.includes(l)).map(linkName),
    draws,
    // every KPI the scenario moves at full size or retargets, in this period or not
    reached: [...new Set([...affected, ...steady.delta.keys(), ...targets.map((d) => d.id)])].sort(),
  };
}

// Weyl step (golden ratio) between the KPIs' seeds, so their mulberry32 streams start far apart
const errorSeed = (seed: number, place: number): number => (seed + Math.imul(place + 1, 0x9e3779b9)) >>> 0;

function record(
  statistical: Map<string, { period: Float64Array; steady: Float64Array; paths: Map<string, EffectPath> }>,
  kpiId: string,
  draws: number,
  k: number,
  inPeriod: number,
  full: number,
  shift: ObjectiveShift,
): void {
  let entry = statistical.get(kpiId);
  if (!entry) {
    entry = { period: new Float64Array(draws), steady: new Float64Array(draws), paths: new Map() };
    statistical.set(kpiId, entry);
  }
  entry.period[k] += inPeriod;
  entry.steady[k] += full;
  const key = shift.via.join('>');
  const path = entry.paths.get(key) ?? {
    kind: 'statistical' as const,
    via: [...shift.via, kpiId],
    lagMs: shift.lagMs,
    effect: 0,
  };
  // summed over draws here, averaged when reported
  path.effect += inPeriod;
  entry.paths.set(key, path);
}

type Band = { lower: number; upper: number } | undefined;

/** `expected` is the forecast's expectation moved by the mean effects; the draws give the interval and probability. */
function outlook(def: KpiDef, expected: number, draws: Float64Array, target: number | null, band: Band): Outlook {
  const sorted = Float64Array.from(draws).sort();
  const meets = target === null ? null : draws.filter((v) => meetsTarget(def, v, target, band)).length / draws.length;
  return {
    expected,
    lower80: quantile(sorted, 0.1),
    upper80: quantile(sorted, 0.9),
    probabilityOfMeetingTarget: meets,
    target,
  };
}

/** The band (its period's, overrides applied) decides for a band KPI; the target for the others. */
function meetsTarget(def: KpiDef, value: number, target: number, band: Band): boolean {
  if (def.direction === 'lower_is_better') return value <= target;
  if (def.direction === 'band') return band ? value >= band.lower && value <= band.upper : value === target;
  return value >= target;
}

function summary(values: Float64Array): { mean: number; lower80: number; upper80: number } {
  const sorted = Float64Array.from(values).sort();
  return { mean: mean(values), lower80: quantile(sorted, 0.1), upper80: quantile(sorted, 0.9) };
}

const mean = (values: Float64Array | undefined) => (values ? values.reduce((s, v) => s + v, 0) / values.length : 0);

function quantile(sorted: Float64Array, q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
