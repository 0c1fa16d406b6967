import { parseDuration } from '@bsc/common';
import { parsePeriodKey } from '../../model/period-key';
import type { KpiDef } from '../../model/twin-model.types';
import { issuePath } from '../issue-path';
import type { RuleContext } from './rule-context';

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
    const { atRisk, offTarget } = kpi.thresholds;
    if (typeof atRisk === 'number' && typeof offTarget === 'number' && atRisk > offTarget) {
      ctx.issues.add(at('thresholds'), `atRisk (${atRisk}) must not exceed offTarget (${offTarget})`);
    }
    if (kpi.range && typeof kpi.range.min === 'number' && typeof kpi.range.max === 'number' && kpi.range.min > kpi.range.max) {
      ctx.issues.add(at('range'), `min (${kpi.range.min}) must not exceed max (${kpi.range.max})`);
    }
    if (kpi.formula === undefined && !kpi.manualEntry) {
      ctx.issues.add(at('formula'), 'a KPI needs a formula or manualEntry: true');
    }
  });
}

function checkTargets(ctx: RuleContext, kpi: KpiDef, at: (...rest: Array<string | number>) => string): void {
  const isBand = kpi.direction === 'band';
  if (kpi.band && kpi.band.lower > kpi.band.upper) ctx.issues.add(at('band'), `lower (${kpi.band.lower}) must not exceed upper (${kpi.band.upper})`);
  if (isBand && !kpi.band && (kpi.targets.length === 0 || kpi.targets.some((t) => t.lower === undefined || t.upper === undefined))) {
    ctx.issues.add(at('band'), "direction 'band' needs a band { lower, upper } (or lower and upper on every target)");
  }
  if (!isBand && kpi.target === undefined && kpi.targets.length === 0) {
    ctx.issues.add(at('target'), 'a KPI needs a target or per-period targets');
  }
  const seen = new Map<string, number>();
  kpi.targets.forEach((target, j) => {
    const key = target.period;
    if (!parsePeriodKey(key)) {
      ctx.issues.add(at('targets', j, 'period'), `malformed period key '${key}' (expected 2026, 2026-Q3, 2026-11, 2026-W47 or 2026-11-22)`);
    } else if (seen.has(key)) {
      ctx.issues.add(at('targets', j, 'period'), `duplicate target for period '${key}' (also targets[${seen.get(key)}])`);
    } else {
      seen.set(key, j);
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
      if (seen.has(ref.kpi)) ctx.issues.add(issuePath('objectives', i, 'kpis', j, 'kpi'), `KPI '${ref.kpi}' is listed twice`);
      seen.add(ref.kpi);
    });
  });
  const links = new Map<string, number>();
  ctx.model.links.forEach((link, i) => {
    checkDuration(ctx, issuePath('links', i, 'lag'), link.lag, true);
    if (link.from === link.to) ctx.issues.add(issuePath('links', i, 'to'), `objective '${link.from}' cannot cause itself`);
    const key = `${link.from}\u0000${link.to}`;
    if (links.has(key)) ctx.issues.add(issuePath('links', i), `duplicate link ${link.from} -> ${link.to} (also links[${links.get(key)}])`);
    else links.set(key, i);
  });
}
