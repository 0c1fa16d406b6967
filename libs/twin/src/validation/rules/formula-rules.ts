import { formulaReferences } from '../../model/formula-references';
import { cycleThrough, cyclicComponents } from '../../util/graph-algorithms';
import { issuePath } from '../issue-path';
import { NODE_KIND_LABEL, type RuleContext } from './rule-context';

/**
 * Formulas parse, read only signals and KPIs, and KPIs never depend on themselves through other KPIs
 * (the engine evaluates KPIs in dependency order).
 */
export function formulaRule(ctx: RuleContext): void {
  const kpiDeps = new Map<string, string[]>();
  const kpiIndex = new Map<string, number>();
  ctx.model.kpis.forEach((kpi, i) => {
    if (typeof kpi.id !== 'string' || kpiIndex.has(kpi.id)) return;
    kpiIndex.set(kpi.id, i);
    if (typeof kpi.formula !== 'string') return;
    const path = issuePath('kpis', i, 'formula');
    const refs = formulaReferences(kpi.formula);
    if (!refs.ok) {
      ctx.issues.add(path, `syntax error at position ${refs.position}: ${refs.message}`);
      return;
    }
    const deps: string[] = [];
    for (const id of refs.identifiers) {
      const node = ctx.nodes.get(id);
      if (!node) ctx.issues.add(path, `unknown signal or KPI '${id}'`);
      else if (node.kind === 'kpi') deps.push(id);
      else if (node.kind !== 'signal')
        ctx.issues.add(path, `'${id}' is a ${NODE_KIND_LABEL[node.kind]}, not a signal or KPI`);
    }
    kpiDeps.set(kpi.id, deps);
  });

  const successors = (id: string): string[] => kpiDeps.get(id) ?? [];
  for (const component of cyclicComponents([...kpiDeps.keys()], successors)) {
    const members = new Set(component);
    for (const id of component) {
      const cycle = cycleThrough(id, members, successors);
      const message =
        cycle.length === 2
          ? `KPI '${id}' refers to itself`
          : `circular dependency between KPI formulas: ${cycle.join(' -> ')}`;
      ctx.issues.add(issuePath('kpis', kpiIndex.get(id)!, 'formula'), message);
    }
  }
}
