import type { KpiValue, SampleQuality } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import { canonicalPeriodKey, resolveTarget } from '../scoring/target-resolver';
import type { TargetOverrides } from '../scoring/scoring.types';
import type { ModelIndex } from './model-index';
import { combineByRule, type RuleInput } from './rollup-rule';
import type { KpiValues, PredictedValue } from './scorecard.types';

/** A KpiDef that may name a family (additive model convention for cascading). */
export type KpiDefWithFamily = KpiDef & { family?: string };

export const defaultFamilyOf = (kpi: KpiDef): string | undefined => (kpi as KpiDefWithFamily).family;

export interface CascadeOptions {
  periodKeyFor: (kpi: KpiDef) => string;
  familyOf?: (kpi: KpiDef) => string | undefined;
  predicted?: ReadonlyMap<string, PredictedValue>;
  targetsOverride?: TargetOverrides;
}

export interface ResolvedValue {
  value: KpiValue | null;
  derived: boolean;
}

interface Contributor {
  kpi: KpiDef;
  weight: number;
}

const QUALITY_RANK: Record<SampleQuality, number> = { good: 0, uncertain: 1, bad: 2 };

/**
 * Cascading convention: a KPI that names a `family`, has no formula and is not entered manually takes its value
 * from the nearest descendant units' KPIs of the same family (a child unit without one is looked through to its
 * own children), combined by the parent KPI's `rollup` rule with OrgUnitDef.weight as weights. Only child values
 * for the parent's period key count. A value supplied for the parent KPI itself always wins.
 */
export class KpiCascade {
  private readonly familyOf: (kpi: KpiDef) => string | undefined;
  private readonly byUnitFamily = new Map<string, Map<string, KpiDef[]>>();
  private readonly resolved = new Map<string, ResolvedValue>();
  private readonly expectedMemo = new Map<string, number | null>();

  constructor(
    private readonly index: ModelIndex,
    private readonly values: KpiValues,
    private readonly options: CascadeOptions,
  ) {
    this.familyOf = options.familyOf ?? defaultFamilyOf;
    for (const kpi of index.kpis.values()) {
      const family = this.familyOf(kpi);
      if (family === undefined) continue;
      let families = this.byUnitFamily.get(kpi.orgUnit);
      if (!families) this.byUnitFamily.set(kpi.orgUnit, (families = new Map<string, KpiDef[]>()));
      families.set(family, [...(families.get(family) ?? []), kpi]);
    }
  }

  isDerived(kpi: KpiDef): boolean {
    return this.familyOf(kpi) !== undefined && !kpi.formula?.trim() && !kpi.manualEntry;
  }

  valueOf(kpi: KpiDef): ResolvedValue {
    const memo = this.resolved.get(kpi.id);
    if (memo) return memo;
    const periodKey = this.options.periodKeyFor(kpi);
    const supplied = this.values.get(kpi.id);
    let result: ResolvedValue;
    if (supplied && samePeriod(supplied.periodKey, periodKey)) result = { value: supplied, derived: false };
    else if (this.isDerived(kpi)) result = { value: this.derive(kpi, periodKey), derived: true };
    else result = { value: null, derived: false };
    this.resolved.set(kpi.id, result);
    return result;
  }

  /** These KPIs and every KPI whose supplied value resolving them may read (a cascade's contributors, deeply). */
  inputsOf(kpis: Iterable<KpiDef>): KpiDef[] {
    const found = new Map<string, KpiDef>();
    const visit = (kpi: KpiDef): void => {
      if (found.has(kpi.id)) return;
      found.set(kpi.id, kpi);
      if (this.isDerived(kpi)) for (const c of this.contributors(kpi)) visit(c.kpi);
    };
    for (const kpi of kpis) visit(kpi);
    return [...found.values()];
  }

  /**
   * Drops the resolved values of these KPIs and of the derived KPIs of the same family above them (their values
   * come from these); returns all of them.
   */
  forget(kpiIds: Iterable<string>): Set<string> {
    const dropped = new Set<string>();
    for (const id of kpiIds) {
      dropped.add(id);
      const kpi = this.index.kpis.get(id);
      const family = kpi && this.familyOf(kpi);
      if (!kpi || family === undefined) continue;
      for (const unit of this.index.ancestry(kpi.orgUnit).slice(1))
        for (const above of this.byUnitFamily.get(unit.id)?.get(family) ?? []) dropped.add(above.id);
    }
    for (const id of dropped) {
      this.resolved.delete(id);
      this.expectedMemo.delete(id);
    }
    return dropped;
  }

  /** Expected period-end value: the supplied prediction, else cascaded from the children's expectations. */
  expectedOf(kpi: KpiDef): number | null {
    if (this.expectedMemo.has(kpi.id)) return this.expectedMemo.get(kpi.id) ?? null;
    const supplied = this.options.predicted?.get(kpi.id);
    let expected: number | null = null;
    if (supplied && Number.isFinite(supplied.expected)) expected = supplied.expected;
    else if (this.isDerived(kpi)) {
      const inputs: RuleInput[] = [];
      for (const c of this.contributors(kpi)) {
        const e = this.expectedOf(c.kpi);
        if (e !== null) inputs.push({ value: e, weight: c.weight });
      }
      expected = this.combine(kpi, inputs);
    }
    this.expectedMemo.set(kpi.id, expected);
    return expected;
  }

  private derive(kpi: KpiDef, periodKey: string): KpiValue | null {
    const contributors = this.contributors(kpi);
    const inputs: RuleInput[] = [];
    const used: KpiValue[] = [];
    let totalWeight = 0;
    let coveredWeight = 0;
    for (const c of contributors) {
      const weight = kpi.rollup === 'weighted_average' ? c.weight : 1;
      totalWeight += weight;
      const v = this.valueOf(c.kpi).value;
      if (!v || !samePeriod(v.periodKey, periodKey) || v.value === null || !Number.isFinite(v.value)) continue;
      inputs.push({ value: v.value, weight: c.weight });
      used.push(v);
      coveredWeight += weight * v.quality.coverage;
    }
    const value = this.combine(kpi, inputs);
    if (value === null) return null;
    const first = used[0];
    return {
      kpiId: kpi.id,
      periodKey,
      periodStart: first.periodStart,
      periodEnd: first.periodEnd,
      value,
      asOf: Math.max(...used.map((v) => v.asOf)),
      computedAt: Math.max(...used.map((v) => v.computedAt)),
      quality: {
        coverage: totalWeight > 0 ? coveredWeight / totalWeight : 0,
        stale: used.some((v) => v.quality.stale),
        quality: used.reduce<SampleQuality>(
          (worst, v) => (QUALITY_RANK[v.quality.quality] > QUALITY_RANK[worst] ? v.quality.quality : worst),
          'good',
        ),
      },
      origin: 'computed',
    };
  }

  private combine(kpi: KpiDef, inputs: RuleInput[]): number | null {
    const band =
      kpi.direction === 'band'
        ? resolveTarget(kpi, this.options.periodKeyFor(kpi), this.options.targetsOverride)?.band
        : undefined;
    return combineByRule(kpi.rollup, kpi.direction, inputs, band);
  }

  private contributors(kpi: KpiDef): Contributor[] {
    const family = this.familyOf(kpi);
    if (family === undefined) return [];
    const found: Contributor[] = [];
    const visit = (unitId: string) => {
      for (const child of this.index.children(unitId)) {
        const kpis = this.byUnitFamily.get(child.id)?.get(family);
        if (kpis && kpis.length > 0) for (const k of kpis) found.push({ kpi: k, weight: child.weight ?? 1 });
        else visit(child.id);
      }
    };
    visit(kpi.orgUnit);
    return found;
  }
}

function samePeriod(a: string, b: string): boolean {
  return a === b || canonicalPeriodKey(a) === canonicalPeriodKey(b);
}
