import type { KpiDef } from '@bsc/twin';
import type { ResolvedTarget, TargetOverrides } from './scoring.types';

interface TargetSource {
  value: number;
  lower?: number;
  upper?: number;
}

/**
 * The target of a KPI for one period. Precedence: the model's per-period target with exactly this key, then the
 * override map, then the KPI's default target (or default band). Band KPIs only accept sources that give a band;
 * a band KPI with nothing but a point target gets a zero-width band at that point.
 */
export function resolveTarget(
  def: KpiDef,
  periodKey: string,
  overrides?: TargetOverrides,
): ResolvedTarget | null {
  const isBand = def.direction === 'band';
  const period = def.targets.find((t) => t.period === periodKey);
  const override = overrides?.get(def.id)?.get(periodKey);
  const candidates: Array<[TargetSource | undefined, ResolvedTarget['source']]> = [
    [period, 'period'],
    [override, 'override'],
  ];
  for (const [source, origin] of candidates) {
    if (!source || !Number.isFinite(source.value)) continue;
    if (!isBand) return { value: source.value, source: origin };
    if (isFiniteNumber(source.lower) && isFiniteNumber(source.upper)) {
      return { value: source.value, band: orderedBand(source.lower, source.upper), source: origin };
    }
  }
  if (isBand && def.band) {
    const band = orderedBand(def.band.lower, def.band.upper);
    return { value: def.target ?? (band.lower + band.upper) / 2, band, source: 'default' };
  }
  if (isFiniteNumber(def.target)) {
    return isBand
      ? { value: def.target, band: { lower: def.target, upper: def.target }, source: 'default' }
      : { value: def.target, source: 'default' };
  }
  return null;
}

function isFiniteNumber(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function orderedBand(a: number, b: number): { lower: number; upper: number } {
  return a <= b ? { lower: a, upper: b } : { lower: b, upper: a };
}
