import { attributeFormula, formulaTerms, parseFormula, type FormulaTerm } from '@bsc/formula';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { kpiShare, termShare, type Share } from './driver-reads';
import type { EffectPath, KpiBaseline, ScenarioDriver } from './what-if.types';

export interface ExactEffects {
  /** Change of each KPI's period-end value through formula lineage (0 when none). */
  delta: Map<string, number>;
  paths: Map<string, EffectPath[]>;
}

// aggregates that follow a signal's level (an absolute change adds to them); sums and counts of amounts do not
const LEVEL_FUNCTIONS = new Set(['avg', 'avg_samples', 'min', 'max', 'first', 'last']);

/**
 * Recomputes every KPI downstream of the drivers with the changed inputs, in dependency order, through the same
 * formula evaluator the engine uses. `steady` applies every driver in full (its level once ramped up, before it
 * stops), otherwise each driver counts as the input it changes is read over the KPI's period (see termShare,
 * kpiShare). An input's effect is split over the paths it came by with the Shapley attribution, so the path effects
 * of a KPI add up to its change.
 */
export function propagateExact(
  model: TwinModel,
  baselines: ReadonlyMap<string, KpiBaseline>,
  drivers: readonly ScenarioDriver[],
  steady: boolean,
): ExactEffects {
  const delta = new Map<string, number>();
  const paths = new Map<string, EffectPath[]>();
  const kpiIds = new Set(model.kpis.map((k) => k.id));
  for (const def of dependencyOrder(model)) {
    const base = baselines.get(def.id);
    if (!base) continue;
    const cover = (share: Share): Share => (steady ? () => 1 : share);
    let change = 0;
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
      const before = new Map(base.terms);
      for (const t of terms)
        if (kpiIds.has(t.id) && t.node.kind === 'identifier') before.set(t.key, baselines.get(t.id)?.expected ?? null);
      const after = new Map(before);
      for (const t of terms) {
        const share = cover(termShare(t, base.period));
        after.set(t.key, changedTerm(t, before.get(t.key) ?? null, delta, drivers, share));
      }
      const split = attributeFormula(ast, before, after);
      if (split.ok) {
        change += split.change;
        for (const part of split.terms) {
          if (part.contribution === 0) continue;
          const inputPaths = paths.get(part.id) ?? [{ kind: 'exact' as const, via: [part.id], lagMs: 0, effect: 1 }];
          const inputTotal = delta.get(part.id) || 1;
          for (const p of inputPaths) {
            const share = paths.has(part.id) ? p.effect / inputTotal : 1;
            own.push({ kind: 'exact', via: [...p.via, def.id], lagMs: 0, effect: part.contribution * share });
          }
        }
      }
    }
    if (change !== 0) {
      delta.set(def.id, change);
      paths.set(def.id, own);
    }
  }
  return { delta, paths };
}

function changedTerm(
  term: FormulaTerm,
  value: number | null,
  delta: ReadonlyMap<string, number>,
  drivers: readonly ScenarioDriver[],
  share: Share,
): number | null {
  if (value === null) return null;
  let out = value;
  if (term.node.kind === 'identifier') out += delta.get(term.id) ?? 0;
  for (const d of drivers.filter((x) => x.kind === 'signal' && x.id === term.id)) {
    const level = term.node.kind === 'identifier' || LEVEL_FUNCTIONS.has(term.node.fn);
    const fn = term.node.kind === 'window' ? term.node.fn : 'last';
    if (fn === 'count') continue;
    // an absolute or set level of a signal moves level aggregates; totals and rates only scale (relative)
    if (d.change === 'relative' || level) out += levelChange(d, value) * share(d);
  }
  return out;
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
