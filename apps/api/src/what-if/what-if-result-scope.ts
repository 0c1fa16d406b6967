import { OTHER_UNITS, rollUpWhatIf, type EffectPath, type KpiWhatIf, type WhatIfResult } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';

/**
 * What a caller sees of a run, `sees` telling which KPIs, objectives, signals and units are theirs: only those
 * KPIs, objectives and units; links with both objectives theirs; perspectives rolled up from their objectives
 * alone (the same roll-up as the run's); and every path kept, a stretch through other units' nodes named
 * OTHER_UNITS, so that a KPI's paths still add up to its effect and name no node of another unit (nor does the
 * input an approximate effect names).
 */
export function scopeWhatIfResult(result: WhatIfResult, model: TwinModel, sees: (id: string) => boolean): WhatIfResult {
  const visible = { ...model, objectives: model.objectives.filter((o) => sees(o.id)) };
  const byPeriod = new Map<number, KpiWhatIf[]>();
  for (const k of result.kpis) {
    const same = byPeriod.get(k.periodsAhead);
    if (same) same.push(k);
    else byPeriod.set(k.periodsAhead, [k]);
  }
  // ids hold no '>', so a link's name splits back into its two objectives
  const linkSeen = (name: string) => name.split('->').every(sees);
  return {
    kpis: result.kpis
      .filter((k) => sees(k.kpiId))
      .map((k) => ({
        ...k,
        paths: elidePaths(k.paths, sees),
        approximate: k.approximate && { ...k.approximate, kpiId: shown(k.approximate.kpiId, sees) },
      })),
    objectives: result.objectives.filter((o) => sees(o.id)),
    perspectives: [...byPeriod].flatMap(([ahead, kpis]) => rollUpWhatIf(visible, kpis, ahead).perspectives),
    units: result.units.filter((u) => sees(u.id)),
    linksUsed: result.linksUsed.filter(linkSeen),
    linksExcluded: result.linksExcluded.filter(linkSeen),
    draws: result.draws,
    unavailable: result.unavailable.filter((u) => sees(u.kpiId)),
  };
}

const shown = (id: string, sees: (id: string) => boolean): string => (sees(id) ? id : OTHER_UNITS);

/**
 * Each run of hidden nodes becomes one OTHER_UNITS; elided paths that then read the same are one, their effects
 * summed (how many ways ran through other units is theirs too). Paths through visible nodes stay as they are.
 */
function elidePaths(paths: readonly EffectPath[], sees: (id: string) => boolean): EffectPath[] {
  const out: EffectPath[] = [];
  const elided = new Map<string, EffectPath>();
  for (const p of paths) {
    if (p.via.every(sees)) {
      out.push(p);
      continue;
    }
    const via: string[] = [];
    for (const id of p.via) {
      const name = shown(id, sees);
      if (name !== OTHER_UNITS || via[via.length - 1] !== OTHER_UNITS) via.push(name);
    }
    const key = `${p.kind}|${p.lagMs}|${via.join('>')}`;
    const same = elided.get(key);
    if (same) same.effect += p.effect;
    else {
      const path = { ...p, via };
      elided.set(key, path);
      out.push(path);
    }
  }
  return out;
}
