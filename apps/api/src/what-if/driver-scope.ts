import type { Principal } from '../auth/principal';
import { canSeeUnit } from '../auth/unit-scope';
import type { TwinIndex } from '../twin/twin-index';

/**
 * Whether a scenario driver names a KPI or signal of the caller's units (an unknown id is no one's): a driver
 * outside them is refused as an unknown one, and a saved scenario with one is not listed.
 */
export function driverVisible(principal: Principal, index: TwinIndex, driver: { kind: string; id: string }): boolean {
  if (driver.kind === 'signal') {
    const node = index.nodes.get(driver.id);
    return node?.kind === 'signal' && canSeeUnit(principal, index, node.unitId);
  }
  const kpi = index.kpis.get(driver.id);
  return kpi !== undefined && canSeeUnit(principal, index, kpi.orgUnit);
}
