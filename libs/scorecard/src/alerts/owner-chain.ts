import type { KpiDef, OrgUnitDef } from '@bsc/twin';

/**
 * Who is responsible for a KPI's alerts, nearest first: the KPI owner (else its unit's owner), then the owners of
 * the units above, skipping units without an owner and repeats. Escalation walks this list.
 */
export function ownerChain(kpi: KpiDef, units: readonly OrgUnitDef[] | ReadonlyMap<string, OrgUnitDef>): string[] {
  const byId = isUnitMap(units) ? units : new Map(units.map((u) => [u.id, u]));
  const chain: string[] = [];
  const add = (owner: string | undefined) => {
    if (owner && !chain.includes(owner)) chain.push(owner);
  };
  add(kpi.owner);
  const seen = new Set<string>();
  for (
    let unit = byId.get(kpi.orgUnit);
    unit && !seen.has(unit.id);
    unit = unit.parent ? byId.get(unit.parent) : undefined
  ) {
    seen.add(unit.id);
    add(unit.owner);
  }
  return chain;
}

/** `instanceof Map` alone would narrow to Map<any, any>. */
function isUnitMap(
  units: readonly OrgUnitDef[] | ReadonlyMap<string, OrgUnitDef>,
): units is ReadonlyMap<string, OrgUnitDef> {
  return units instanceof Map;
}
