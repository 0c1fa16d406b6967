/** API keys are limited to org units stored as one comma-separated column; unit ids never contain commas. */
export function encodeUnitScope(units: readonly string[] | null): string | null {
  return units === null || units.length === 0 ? null : units.join(',');
}

export function decodeUnitScope(scope: string | null): string[] | null {
  return scope === null || scope === ''
    ? null
    : scope
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u.length > 0);
}
