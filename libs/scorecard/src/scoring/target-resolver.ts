import type { KpiDef } from '@bsc/twin';
import type { ResolvedTarget, TargetOverrides } from './scoring.types';

interface TargetSource {
  value: number;
  lower?: number;
  upper?: number;
}

/**
 * The target of a KPI for one period. Precedence: a run-time override for this period (set through the API after
 * the model was written, so it is the newer decision), then the model's per-period target for this key
 * ("FY2026-Q3" and "2026-Q3" name the same period), then the KPI's default target (or default band).
 * Band KPIs only accept sources that give a band; one with nothing but a point target gets a zero-width band.
 */
export function resolveTarget(def: KpiDef, periodKey: string, overrides?: TargetOverrides): ResolvedTarget | null {
  const isBand = def.direction === 'band';
  const key = canonicalPeriodKey(periodKey);
  const period = def.targets.find((t) => canonicalPeriodKey(t.period) === key);
  const perKpi = overrides?.get(def.id);
  const override = perKpi?.get(periodKey) ?? perKpi?.get(key) ?? perKpi?.get(`FY${key}`);
  const candidates: Array<[TargetSource | undefined, ResolvedTarget['source']]> = [
    [override, 'override'],
    [period, 'period'],
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

// Fiscal year and quarter keys may be written with or without "FY" ("FY2026-Q3" = "2026-Q3"), see @bsc/kpi.
const FISCAL_PREFIX_RE = /^FY(?=\d{4}(?:-Q[1-4])?$)/;

/** The same period key without the optional "FY" prefix of fiscal years and quarters. */
export function canonicalPeriodKey(key: string): string {
  return key.replace(FISCAL_PREFIX_RE, '');
}

function isFiniteNumber(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function orderedBand(a: number, b: number): { lower: number; upper: number } {
  return a <= b ? { lower: a, upper: b } : { lower: b, upper: a };
}
