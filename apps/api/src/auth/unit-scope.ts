import { BscError, BscErrorCode } from '@bsc/common';
import type { TwinIndex } from '../twin/twin-index';
import type { Principal } from './principal';

/** The org units a principal may see: the union of its granted units' subtrees; null = every unit. */
export function visibleUnits(principal: Principal, index: TwinIndex): ReadonlySet<string> | null {
  if (principal.units === null) return null;
  const set = new Set<string>();
  for (const unit of principal.units) for (const id of index.unitSubtree(unit)) set.add(id);
  return set;
}

export function canSeeUnit(principal: Principal, index: TwinIndex, unitId: string | null): boolean {
  const units = visibleUnits(principal, index);
  // nodes outside any unit (perspectives, unbound signals) are only visible to unscoped principals
  return units === null || (unitId !== null && units.has(unitId));
}

/** Refuses with FORBIDDEN naming the field, so a scoped caller learns why and nothing else. */
export function assertUnitVisible(principal: Principal, index: TwinIndex, unitId: string | null, field: string): void {
  if (!canSeeUnit(principal, index, unitId)) {
    throw new BscError(
      BscErrorCode.Forbidden,
      `${field}: outside the org units granted to ${principal.subject}`,
      field,
    );
  }
}

/**
 * The units a list query may show: `unit`'s subtree when given (FORBIDDEN outside the grant, NOT_FOUND when no such
 * unit), else every unit the principal may see; null = every unit.
 */
export function scopedUnits(
  principal: Principal,
  index: TwinIndex,
  unit: string | undefined,
  field: string,
): ReadonlySet<string> | null {
  if (unit === undefined) return visibleUnits(principal, index);
  assertUnitVisible(principal, index, unit, field);
  if (!index.units.has(unit)) throw new BscError(BscErrorCode.NotFound, `${field}: no org unit '${unit}'`, field);
  return new Set(index.unitSubtree(unit));
}

/** Perspectives are shared by every unit; any other node is visible with its org unit. */
export function canSeeNode(
  principal: Principal,
  index: TwinIndex,
  node: { kind: string; unitId: string | null },
): boolean {
  return node.kind === 'perspective' || canSeeUnit(principal, index, node.unitId);
}

/**
 * Whether the caller may see the node with this id (a KPI, objective, signal, asset, unit): an unscoped caller sees
 * every id, one a scoped caller's model version does not know is no one's.
 */
export function canSeeId(principal: Principal, index: TwinIndex, id: string): boolean {
  if (principal.units === null) return true;
  const node = index.nodes.get(id);
  return node !== undefined && canSeeNode(principal, index, node);
}
