import { cycleThrough, cyclicComponents } from '../../util/graph-algorithms';
import { issuePath } from '../issue-path';
import type { RuleContext } from './rule-context';

interface Hierarchical {
  id: string;
  parent?: string;
}

/** Org units and processes form trees: a parent chain must never come back to where it started. */
export function hierarchyRule(ctx: RuleContext): void {
  checkTree(ctx, 'units', 'org unit', ctx.model.units);
  checkTree(ctx, 'processes', 'process', ctx.model.processes);
}

function checkTree(ctx: RuleContext, collection: string, label: string, items: readonly Hierarchical[]): void {
  const parentOf = new Map<string, string>();
  const indexOf = new Map<string, number>();
  items.forEach((item, i) => {
    if (typeof item.id !== 'string' || indexOf.has(item.id)) return;
    indexOf.set(item.id, i);
    if (typeof item.parent === 'string') parentOf.set(item.id, item.parent);
  });
  const successors = (id: string): string[] => {
    const parent = parentOf.get(id);
    return parent !== undefined && indexOf.has(parent) ? [parent] : [];
  };
  for (const component of cyclicComponents([...indexOf.keys()], successors)) {
    const members = new Set(component);
    for (const id of component) {
      const cycle = cycleThrough(id, members, successors);
      const message =
        cycle.length === 2
          ? `${label} '${id}' is its own parent`
          : `cycle in ${label} hierarchy: ${cycle.join(' -> ')}`;
      ctx.issues.add(issuePath(collection, indexOf.get(id)!, 'parent'), message);
    }
  }
}
