import { parseDuration } from '@bsc/common';
import { PROFILE_SUB_PERIODS } from '../../model/model-defaults';
import { parsePeriodKey } from '../../model/period-key';
import type { KpiDef, ReportingPeriod } from '../../model/twin-model.types';
import { issuePath } from '../issue-path';
import type { RuleContext } from './rule-context';

const PERIOD_KEY_EXAMPLE: Readonly<Record<ReportingPeriod, string>> = {
  year: '2026',
  quarter: '2026-Q3',
  month: '2026-11',
  week: '2026-W47',
  day: '2026-11-22',
};

const DURATION_HINT = 'expected e.g. 500ms, 30s, 15m, 1h, 1d, 1w';

/** A duration field must parse and (for frequencies) be positive. */
export function checkDuration(ctx: RuleContext, path: string, text: unknown, allowZero: boolean): void {
  if (typeof text !== 'string') return;
  const ms = parseDuration(text);
  if (ms === null) ctx.issues.add(path, `invalid duration '${text}' (${DURATION_HINT})`);
  else if (ms === 0 && !allowZero) ctx.issues.add(path, 'must be longer than 0');
}

/** Scoring needs a target or a band, thresholds in order, well-formed period keys, and data from somewhere. */
export function kpiRule(ctx: RuleContext): void {
  ctx.model.kpis.forEach((kpi, i) => {
    const at = (...rest: Array<string | number>): string => issuePath('kpis', i, ...rest);
    checkDuration(ctx, at('updateFrequency'), kpi.updateFrequency, false);
    checkTargets(ctx, kpi, at);
    checkPhasing(ctx, kpi, at);
    const { atRisk, offTarget } = kpi.thresholds;
    if (typeof atRisk === 'number' && typeof offTarget === 'number' && atRisk > offTarget) {
      ctx.issues.add(at('thresholds'), `atRisk (${atRisk}) must not exceed offTarget (${offTarget})`);
    }
    if (
      kpi.range &&
      typeof kpi.range.min === 'number' &&
      typeof kpi.range.max === 'number' &&
      kpi.range.min > kpi.range.max
    ) {
      ctx.issues.add(at('range'), `min (${kpi.range.min}) must not exceed max (${kpi.range.max})`);
    }
    if (kpi.formula === undefined && !kpi.manualEntry && kpi.family === undefined) {
      ctx.issues.add(at('formula'), 'a KPI needs a formula, manualEntry: true, or a family to roll up from');
    }
    if (kpi.formula === undefined && !kpi.manualEntry && kpi.family !== undefined && !hasFamilyBelow(ctx, kpi)) {
      ctx.issues.add(
        at('family'),
        `no KPI of family '${kpi.family}' in the units below '${kpi.orgUnit}' to roll up from`,
      );
    }
  });
}

/** Profiles weigh the sub-periods of the KPI's period; a band is a level and is never phased. */
function checkPhasing(ctx: RuleContext, kpi: KpiDef, at: (...rest: Array<string | number>) => string): void {
  const phasing = kpi.phasing;
  if (!phasing || typeof phasing.mode !== 'string') return;
  if (kpi.direction === 'band' && phasing.mode !== 'none') {
    ctx.issues.add(at('phasing', 'mode'), "a band KPI is a level: its target cannot be phased (use mode 'none')");
  }
  const weights = phasing.weights;
  if (phasing.mode !== 'profile') {
    if (weights !== undefined) ctx.issues.add(at('phasing', 'weights'), "weights apply only to mode 'profile'");
    return;
  }
  const sub = PROFILE_SUB_PERIODS[kpi.period];
  if (!sub) {
    ctx.issues.add(
      at('phasing', 'mode'),
      `a profile needs a week, quarter or year KPI (this one is per ${kpi.period})`,
    );
  } else if (!Array.isArray(weights)) {
    ctx.issues.add(
      at('phasing', 'weights'),
      `a profile needs ${sub.count} weights, one per ${sub.unit} of the ${kpi.period}`,
    );
  } else if (weights.length !== sub.count) {
    ctx.issues.add(
      at('phasing', 'weights'),
      `expected ${sub.count} weights (one per ${sub.unit} of the ${kpi.period}), got ${weights.length}`,
    );
  } else if (!(weights.reduce((s, w) => s + w, 0) > 0)) {
    ctx.issues.add(at('phasing', 'weights'), 'the weights must not all be 0');
  }
}

/** A family KPI without a formula takes its value from the same family in descendant units: there must be one. */
function hasFamilyBelow(ctx: RuleContext, kpi: KpiDef): boolean {
  const parentOf = new Map(ctx.model.units.map((u) => [u.id, u.parent]));
  const isBelow = (unit: string): boolean => {
    const seen = new Set<string>();
    for (let p = parentOf.get(unit); p !== undefined && !seen.has(p); p = parentOf.get(p)) {
      if (p === kpi.orgUnit) return true;
      seen.add(p);
    }
    return false;
  };
  return ctx.model.kpis.some((other) => other !== kpi && other.family === kpi.family && isBelow(other.orgUnit));
}

function checkTargets(ctx: RuleContext, kpi: KpiDef, at: (...rest: Array<string | number>) => string): void {
  const isBand = kpi.direction === 'band';
  if (kpi.band && kpi.band.lower > kpi.band.upper)
    ctx.issues.add(at('band'), `lower (${kpi.band.lower}) must not exceed upper (${kpi.band.upper})`);
  if (
    isBand &&
    !kpi.band &&
    (kpi.targets.length === 0 || kpi.targets.some((t) => t.lower === undefined || t.upper === undefined))
  ) {
    ctx.issues.add(at('band'), "direction 'band' needs a band { lower, upper } (or lower and upper on every target)");
  }
  if (!isBand && kpi.target === undefined && kpi.targets.length === 0) {
    ctx.issues.add(at('target'), 'a KPI needs a target or per-period targets');
  }
  if (kpi.range && typeof kpi.target === 'number' && !withinRange(kpi.target, kpi.range)) {
    ctx.issues.add(at('target'), `target ${kpi.target} is outside the KPI's range ${rangeText(kpi.range)}`);
  }
  const seen = new Map<string, number>();
  kpi.targets.forEach((target, j) => {
    const key = target.period;
    const parsed = parsePeriodKey(key);
    const canonical = key.replace(/^FY/, '');
    if (!parsed) {
      ctx.issues.add(
        at('targets', j, 'period'),
        `malformed period key '${key}' (expected 2026, 2026-Q3, 2026-11, 2026-W47 or 2026-11-22)`,
      );
    } else if (typeof kpi.period === 'string' && parsed.granularity !== kpi.period) {
      // Targets are looked up by the exact key of the KPI's reporting period: any other granularity never applies.
      ctx.issues.add(
        at('targets', j, 'period'),
        `a ${parsed.granularity} target never applies to a KPI reported per ${kpi.period} (expected a key like ${PERIOD_KEY_EXAMPLE[kpi.period]})`,
      );
    } else if (seen.has(canonical)) {
      ctx.issues.add(
        at('targets', j, 'period'),
        `duplicate target for period '${key}' (also targets[${seen.get(canonical)}])`,
      );
    } else {
      seen.set(canonical, j);
    }
    if (kpi.range && !withinRange(target.value, kpi.range)) {
      ctx.issues.add(
        at('targets', j, 'value'),
        `target ${target.value} is outside the KPI's range ${rangeText(kpi.range)}`,
      );
    }
    if (target.lower !== undefined && target.upper !== undefined && target.lower > target.upper) {
      ctx.issues.add(at('targets', j), `lower (${target.lower}) must not exceed upper (${target.upper})`);
    }
  });
}

/** Objectives are measured by at least one KPI, each listed once; strategy links carry a valid lag. */
export function objectiveRule(ctx: RuleContext): void {
  ctx.model.objectives.forEach((objective, i) => {
    if (objective.kpis.length === 0) ctx.issues.add(issuePath('objectives', i, 'kpis'), 'objective has no KPIs');
    const seen = new Set<string>();
    objective.kpis.forEach((ref, j) => {
      if (seen.has(ref.kpi))
        ctx.issues.add(issuePath('objectives', i, 'kpis', j, 'kpi'), `KPI '${ref.kpi}' is listed twice`);
      seen.add(ref.kpi);
    });
  });
  const links = new Map<string, number>();
  ctx.model.links.forEach((link, i) => {
    checkDuration(ctx, issuePath('links', i, 'lag'), link.lag, true);
    if (link.from === link.to)
      ctx.issues.add(issuePath('links', i, 'to'), `objective '${link.from}' cannot cause itself`);
    const key = `${link.from}\u0000${link.to}`;
    if (links.has(key))
      ctx.issues.add(
        issuePath('links', i),
        `duplicate link ${link.from} -> ${link.to} (also links[${links.get(key)}])`,
      );
    else links.set(key, i);
  });
}

function withinRange(value: number, range: { min?: number; max?: number }): boolean {
  return !(typeof range.min === 'number' && value < range.min) && !(typeof range.max === 'number' && value > range.max);
}

function rangeText(range: { min?: number; max?: number }): string {
  return `[${range.min ?? '-inf'}, ${range.max ?? '+inf'}]`;
}
