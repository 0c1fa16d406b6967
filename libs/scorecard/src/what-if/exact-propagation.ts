import { attributeFormula, formulaTerms, parseFormula, type FormulaTerm } from '@bsc/formula';
import { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { kpiShare, termEnds, termShare, type Share } from './driver-reads';
import { baselineToDate } from './input-to-date';
import type { Approximation, EffectPath, KpiBaseline, ScenarioDriver } from './what-if.types';

export interface ExactEffects {
  /** Change of each KPI's period-end value through formula lineage (0 when none). */
  delta: Map<string, number>;
  paths: Map<string, EffectPath[]>;
  /** Why a KPI's change is approximate (see baselineToDate), by KPI; absent when it is exact. */
  approximate: Map<string, Approximation>;
}

type Cover = (share: Share) => Share;

// aggregates that follow a signal's level (an absolute change adds to them); sums and counts of amounts do not
const LEVEL_FUNCTIONS = new Set(['avg', 'avg_samples', 'min', 'max', 'first', 'last']);

/**
 * Recomputes every KPI downstream of the drivers with the changed inputs, in dependency order, through the same
 * formula evaluator the engine uses. `steady` applies every driver in full (its level once ramped up, before it
 * stops), otherwise each driver counts as the input it changes is read over the KPI's period (see termShare,
 * kpiShare). An input's effect is split over the paths it came by with the Shapley attribution, so the path effects
 * of a KPI add up to its change. `horizon` holds the baselines of the other periods of the scenario, where an input
 * read to date finds the period it is read in.
 */
export function propagateExact(
  model: TwinModel,
  baselines: ReadonlyMap<string, KpiBaseline>,
  drivers: readonly ScenarioDriver[],
  steady: boolean,
  horizon: ReadonlyArray<ReadonlyMap<string, KpiBaseline>> = [],
): ExactEffects {
  const delta = new Map<string, number>();
  const paths = new Map<string, EffectPath[]>();
  const approximate = new Map<string, Approximation>();
  const changes = kpiChanges(model, [baselines, ...horizon], drivers, steady);
  for (const def of dependencyOrder(model)) {
    const base = baselines.get(def.id);
    const kpi = base && changes(def, base);
    if (kpi && kpi.change !== 0) {
      delta.set(def.id, kpi.change);
      paths.set(def.id, kpi.paths);
      if (kpi.approximate) approximate.set(def.id, kpi.approximate);
    }
  }
  return { delta, paths, approximate };
}

const NOT_PROJECTED_TO_DATE =
  "read to date at this period's end, where its forecast path gives no value: its period-end value stands in";
const NO_BASELINE_TO_DATE = "read to date at this period's end, a period it has no baseline of: another one stands in";

interface KpiChange {
  change: number;
  paths: EffectPath[];
  approximate?: Approximation;
}

/** An input's change as a KPI reads it, and the value it reads without the scenario. */
interface InputRead extends KpiChange {
  value: number;
}

/**
 * A KPI's change in the period its baseline is of (memoised by period end). A KPI read by one of a longer period
 * stands at that period's end in its own period containing the end (a monthly KPI of a daily one reads the month's
 * last day, moved by a step from the 16th though today is not), its baseline standing in there as it does for the
 * KPI's later periods: its change is worked out again over that period. One read by a KPI of a shorter period stands
 * to date at that period's end (a daily KPI of a monthly total reads the month to date at the day's end, see
 * baselineToDate), from the baseline of its period containing that end (`periods`: the current one first).
 */
function kpiChanges(
  model: TwinModel,
  periods: ReadonlyArray<ReadonlyMap<string, KpiBaseline>>,
  drivers: readonly ScenarioDriver[],
  steady: boolean,
): (def: KpiDef, base: KpiBaseline) => KpiChange {
  const baselines = periods[0];
  const byId = new Map(model.kpis.map((k) => [k.id, k]));
  const kpiIds = new Set(byId.keys());
  const counters = new Set(model.signals.filter((s) => s.kind === 'counter').map((s) => s.id));
  const memo = new Map<string, KpiChange>();
  let calendar: FiscalCalendar | null = null;
  const cover: Cover = (share) => (steady ? () => 1 : share);

  // the change of input KPI `id` as a KPI whose period ends at `end` reads it
  const inputAt = (id: string, end: number): InputRead | null => {
    const def = byId.get(id);
    const containing = periods.map((p) => p.get(id)).find((b) => b && b.period.start < end && end <= b.period.end);
    const base = containing ?? baselines.get(id);
    if (!def || !base) return null;
    if (end === base.period.end) return { ...changeOf(def, base), value: base.expected };
    if (end < base.period.end && end > base.period.start) {
      const toDate = baselineToDate(def, base, end, kpiIds, counters);
      const read = changeOf(def, toDate.base);
      const own = toDate.standsIn ? { kpiId: id, reason: NOT_PROJECTED_TO_DATE } : undefined;
      const approximate = read.change === 0 ? undefined : (read.approximate ?? own);
      return { ...read, approximate, value: toDate.base.expected };
    }
    if (end < base.period.end) {
      // no baseline of the input's period the reading ends in: the one at hand stands in
      const approximate = { kpiId: id, reason: NO_BASELINE_TO_DATE };
      const read = changeOf(def, base);
      return { ...read, approximate: read.change === 0 ? read.approximate : approximate, value: base.expected };
    }
    calendar ??= new FiscalCalendar(model.calendar);
    const { key, start, end: until } = calendar.periodOf(end - 1, def.period);
    return { ...changeOf(def, { ...base, period: { key, start, end: until } }), value: base.expected };
  };

  const changeOf = (def: KpiDef, base: KpiBaseline): KpiChange => {
    const memoKey = `${def.id}@${base.period.end}`;
    const known = memo.get(memoKey);
    if (known) return known;
    // a KPI reading itself (or a loop) reads no change of its own
    memo.set(memoKey, { change: 0, paths: [] });
    let change = 0;
    let approximate: Approximation | undefined;
    const own: EffectPath[] = [];
    const ownShare = cover(kpiShare(def, base.period));
    for (const d of drivers.filter((x) => x.kind === 'kpi' && x.id === def.id)) {
      const effect = levelChange(d, base.expected) * ownShare(d);
      change += effect;
      own.push({ kind: 'exact', via: [def.id], lagMs: 0, effect });
    }
    if (def.formula && base.terms) {
      const ast = parseFormula(def.formula);
      const terms = formulaTerms(ast);
      const inputs = new Map<string, KpiChange>();
      const before = new Map(base.terms);
      for (const t of terms) {
        if (!byId.has(t.id) || t.node.kind !== 'identifier') continue;
        const input = t.id === def.id ? null : inputAt(t.id, base.period.end);
        before.set(t.key, input ? input.value : (baselines.get(t.id)?.expected ?? null));
        if (input && input.change !== 0) inputs.set(t.id, input);
        approximate ??= input && input.change !== 0 ? input.approximate : undefined;
      }
      const delta = new Map([...inputs].map(([id, input]) => [id, input.change]));
      const after = new Map(before);
      for (const t of terms) {
        const read = termRead(t, base, counters, cover);
        after.set(t.key, changedTerm(t, before.get(t.key) ?? null, delta, drivers, read));
      }
      const split = attributeFormula(ast, before, after);
      if (split.ok) {
        change += split.change;
        for (const part of split.terms) {
          if (part.contribution === 0) continue;
          const input = inputs.get(part.id);
          const inputPaths = input?.paths ?? [{ kind: 'exact' as const, via: [part.id], lagMs: 0, effect: 1 }];
          const inputTotal = input?.change || 1;
          for (const p of inputPaths) {
            const share = input ? p.effect / inputTotal : 1;
            own.push({ kind: 'exact', via: [...p.via, def.id], lagMs: 0, effect: part.contribution * share });
          }
        }
      }
    }
    const out = { change, paths: own, approximate };
    memo.set(memoKey, out);
    return out;
  };
  return changeOf;
}

/** How a signal driver changes a term's value (the value without any driver). */
type TermRead = (d: ScenarioDriver, value: number) => number;

function changedTerm(
  term: FormulaTerm,
  value: number | null,
  delta: ReadonlyMap<string, number>,
  drivers: readonly ScenarioDriver[],
  read: TermRead,
): number | null {
  if (value === null) return null;
  let out = value;
  if (term.node.kind === 'identifier') out += delta.get(term.id) ?? 0;
  for (const d of drivers.filter((x) => x.kind === 'signal' && x.id === term.id)) out += read(d, value);
  return out;
}

/**
 * A term's change by a driver: a level's change over the window (`delta` of any kind but a counter, its last reading
 * less its first) by the driver at the window's end less at its start (see differenceChange), and its rate (that
 * change per second between the two readings, taken as the window's span) the same per second; the other aggregates
 * by their share of the driver (see termShare), where an absolute or set level moves level aggregates and totals
 * and rates only scale (relative). A counter's delta is its increase, a total, and its rate that per second.
 */
function termRead(term: FormulaTerm, base: KpiBaseline, counters: ReadonlySet<string>, cover: Cover): TermRead {
  const node = term.node;
  const period = base.period;
  if (node.kind === 'window' && (node.fn === 'delta' || node.fn === 'rate') && !counters.has(node.id)) {
    const ends = termEnds(term, period);
    const [atStart, atEnd] = [cover(ends.atStart), cover(ends.atEnd)];
    // the opening read in the period is the window's first reading only when the window is the period
    const opening = node.window === 'period' ? (base.openings?.get(node.id) ?? null) : null;
    const perChange = node.fn === 'rate' ? (period.end - ends.start) / 1000 : 1;
    return (d, value) => differenceChange(d, value * perChange, atStart(d), atEnd(d), opening) / perChange;
  }
  if (node.kind === 'window' && node.fn === 'count') return () => 0;
  const share = cover(termShare(term, period));
  const level = node.kind === 'identifier' || LEVEL_FUNCTIONS.has(node.fn);
  return (d, value) => (d.change === 'relative' || level ? levelChange(d, value) * share(d) : 0);
}

/**
 * The change of `end - start` of a level when a driver is at `atStart` of its size at the start and `atEnd` at the
 * end. Absolute: exactly value * (atEnd - atStart) (a step from mid-period +value, one in force all period 0).
 * Relative and set move each end by its own level: with the opening at hand, exactly (x_end * (1 + r * atEnd) -
 * x_start * (1 + r * atStart), the closing level being the opening plus the change); without it, the term, the
 * change alone, does not carry the levels: the part of the driver in force at both ends is counted (exact for a
 * driver of one size at both, (1 + r) * delta for r all period, 0 for a level set all period), the jump by the rest
 * (r * x_end for a step from mid-period) is left out.
 */
function differenceChange(
  d: ScenarioDriver,
  change: number,
  atStart: number,
  atEnd: number,
  opening: number | null,
): number {
  if (d.change === 'absolute') return d.value * (atEnd - atStart);
  if (opening !== null) {
    const closing = opening + change;
    return levelChange(d, closing) * atEnd - levelChange(d, opening) * atStart;
  }
  const both = Math.min(atStart, atEnd);
  return d.change === 'relative' ? change * d.value * both : -change * both;
}

export function levelChange(d: ScenarioDriver, level: number): number {
  switch (d.change) {
    case 'absolute':
      return d.value;
    case 'relative':
      return level * d.value;
    case 'set':
      return d.value - level;
  }
}

/** KPIs with every formula input before the KPIs that read it. */
export function dependencyOrder(model: TwinModel): KpiDef[] {
  const byId = new Map(model.kpis.map((k) => [k.id, k]));
  const done = new Set<string>();
  const out: KpiDef[] = [];
  const visit = (def: KpiDef, depth: number) => {
    if (done.has(def.id) || depth > model.kpis.length) return;
    if (def.formula) {
      for (const t of formulaTerms(parseFormula(def.formula))) {
        const input = byId.get(t.id);
        if (input && input.id !== def.id) visit(input, depth + 1);
      }
    }
    if (done.has(def.id)) return;
    done.add(def.id);
    out.push(def);
  };
  for (const def of model.kpis) visit(def, 0);
  return out;
}
