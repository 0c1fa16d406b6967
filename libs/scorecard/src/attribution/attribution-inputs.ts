import { analyzeFormula, parseFormula } from '@bsc/formula';
import type { TwinModel } from '@bsc/twin';

export interface AttributionInputs {
  /** The KPI and every KPI its formula reads, directly or through other KPIs. */
  kpiIds: string[];
  /** Signals those formulas read: the only samples attribution needs. */
  signalIds: string[];
}

/** What a KPI's value depends on through formula lineage. */
export function attributionInputs(model: TwinModel, kpiId: string): AttributionInputs {
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const seen = new Set<string>();
  const signals = new Set<string>();
  const stack = [kpiId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const def = kpis.get(id);
    if (!def || seen.has(id)) continue;
    seen.add(id);
    if (!def.formula) continue;
    for (const input of analyzeFormula(parseFormula(def.formula)).identifiers) {
      if (kpis.has(input)) stack.push(input);
      else signals.add(input);
    }
  }
  return { kpiIds: [...seen], signalIds: [...signals] };
}
