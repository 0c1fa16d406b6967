import { BscError, BscErrorCode } from '@bsc/common';
import { attributeFormula, formulaTerms, parseFormula } from '@bsc/formula';
import type { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { targetDue } from '../scoring/kpi-scorer';
import { resolveTarget } from '../scoring/target-resolver';
import type { TargetOverrides } from '../scoring/scoring.types';
import {
  OTHER_UNITS,
  type AttributionData,
  type AttributionGroup,
  type AttributionPart,
  type AttributionSource,
  type KpiAttribution,
} from './kpi-attribution.types';

export interface AttributionRequest {
  kpiId: string;
  fromKey: string;
  toKey: string;
  /** Instants compared within their periods (period-to-date values); absent for whole periods. */
  fromAt?: number;
  toAt?: number;
  /** The from period's value as it was known then (time travel); null leaves corrections unknown. */
  reportedFrom?: number | null;
  targetsOverride?: TargetOverrides;
  /**
   * The model in force at `to` and the data as it evaluates them, when another version than `model` (the one in
   * force at `from`) was: the formulas of `model` are split, and the difference at `to` is the model's change.
   */
  modelTo?: { model: TwinModel; data: AttributionData };
  /**
   * The inputs (signal or KPI ids) the reader may see; the others of a formula are summed into one part, OTHER_UNITS,
   * that is not split further, so the parts still add up and name none of them. Absent: every input.
   */
  shown?: (inputId: string) => boolean;
}

/**
 * Why a KPI changed between two periods: its formula's change split over its terms (Shapley, so the parts add up
 * exactly), recursively through input KPIs down to signals, then summed per signal, asset and unit; beside it the
 * share of data corrections, of the target's own move and of a change of the model between the two. The parts
 * split the formulas in force at `from`, applied to both periods; the model's share is what the formulas in force at
 * `to` make of the to period beyond that (measured at `to`: the new formula may read data the from period lacks).
 */
export function attributeKpiChange(
  model: TwinModel,
  calendar: FiscalCalendar,
  source: AttributionData | { from: AttributionData; to: AttributionData },
  request: AttributionRequest,
): KpiAttribution {
  // one source for two periods; two when comparing instants (each end as of its own instant)
  const ends = 'from' in source ? source : { from: source, to: source };
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const def = kpis.get(request.kpiId);
  if (!def) throw new BscError(BscErrorCode.NotFound, `unknown KPI '${request.kpiId}'`, 'id');
  const before = ends.from.value(def.id, request.fromKey);
  // the to period under the formulas of `from` (what the parts split), and under those in force at `to`
  const afterSameModel = ends.to.value(def.id, request.toKey);
  const defTo = request.modelTo ? request.modelTo.model.kpis.find((k) => k.id === def.id) : def;
  const after = request.modelTo ? request.modelTo.data.value(def.id, request.toKey) : afterSameModel;
  if (before === null)
    throw new BscError(BscErrorCode.BadInput, `from: KPI '${def.id}' has no value for ${request.fromKey}`, 'from');
  if (after === null || !defTo)
    throw new BscError(BscErrorCode.BadInput, `to: KPI '${def.id}' has no value for ${request.toKey}`, 'to');
  if (afterSameModel === null)
    throw new BscError(
      BscErrorCode.BadInput,
      `to: KPI '${def.id}' has no value for ${request.toKey} under the model in force at ${request.fromKey}`,
      'to',
    );
  const shown = request.shown ?? (() => true);
  const walk = new AttributionWalk(kpis, ends, shown);
  const split = walk.split(def, request.fromKey, request.toKey);
  const parts = split?.parts ?? [walk.leaf(def, before, afterSameModel)];
  // periods compare with their full targets; instants compare to-date values, so with the target due by each
  // instant, as the scorecard judges them (a cumulative KPI's target phased, a level's whole)
  const targetOf = (kpi: KpiDef, periodKey: string, at: number | undefined) => {
    const { targetsOverride } = request;
    const target =
      at === undefined
        ? resolveTarget(kpi, periodKey, targetsOverride)
        : targetDue(kpi, { periodKey, targetsOverride, now: at, calendar }).target;
    return target?.value ?? null;
  };
  const targetFrom = targetOf(def, request.fromKey, request.fromAt);
  const targetTo = targetOf(defTo, request.toKey, request.toAt);
  const change = after - before;
  const modelChange = after - afterSameModel;
  const reported = request.reportedFrom ?? null;
  const corrections = reported === null ? null : before - reported;
  const targetChange = targetFrom === null || targetTo === null ? null : targetTo - targetFrom;
  const groups = groupLeaves(model, parts);
  return {
    kpiId: def.id,
    from: { periodKey: request.fromKey, value: before, target: targetFrom, reportedValue: reported },
    to: { periodKey: request.toKey, value: after, target: targetTo, reportedValue: null },
    change,
    exact: split?.exact ?? true,
    parts,
    ...groups,
    modelChange,
    corrections,
    reportedChange: corrections === null ? null : change + corrections,
    targetChange,
    gapChange: targetChange === null ? null : change - targetChange,
  };
}

class AttributionWalk {
  constructor(
    private readonly kpis: ReadonlyMap<string, KpiDef>,
    private readonly data: { from: AttributionData; to: AttributionData },
    private readonly shown: (inputId: string) => boolean,
  ) {}

  /** The formula split of one KPI between two of its periods, or null when it cannot be split. */
  split(def: KpiDef, fromKey: string, toKey: string): { parts: AttributionPart[]; exact: boolean } | null {
    if (!def.formula) return null;
    const ast = parseFormula(def.formula);
    const terms = formulaTerms(ast);
    const before = this.data.from.terms(def.id, fromKey, terms);
    const after = this.data.to.terms(def.id, toKey, terms);
    if (!before || !after) return null;
    const result = attributeFormula(ast, before, after);
    if (!result.ok) return null;
    let exact = result.exact;
    const parts = result.terms.map((t, i): AttributionPart => {
      const input = this.kpis.get(t.id);
      const part: AttributionPart = {
        term: t.key,
        id: t.id,
        source: sourceOf(input),
        before: t.before,
        after: t.after,
        contribution: t.contribution,
        parts: [],
      };
      // a bare KPI id reads the period of that KPI the engine read for ours: split it in turn (unless hidden)
      const periods =
        input && terms[i].node.kind === 'identifier' && this.shown(t.id)
          ? this.inputPeriods(def.id, fromKey, toKey, input.id)
          : null;
      if (input && periods) {
        part.periods = periods;
        const inner = t.contribution === 0 ? null : this.split(input, periods.from, periods.to);
        const innerChange = inner ? sum(inner.parts) : 0;
        if (inner && innerChange !== 0) {
          exact &&= inner.exact;
          // the input's own parts, scaled so that they add up to its share of our change
          part.parts = inner.parts.map((p) => scale(p, t.contribution / innerChange));
        }
      }
      return part;
    });
    return { parts: this.foldHidden(parts), exact };
  }

  /** The input KPI's periods the data read for ours at both ends (null when it does not say). */
  private inputPeriods(kpiId: string, fromKey: string, toKey: string, inputId: string) {
    const from = this.data.from.inputPeriod(kpiId, fromKey, inputId);
    const to = this.data.to.inputPeriod(kpiId, toKey, inputId);
    return from === null || to === null ? null : { from, to };
  }

  /** The parts of inputs the reader may not see, summed into one that names none of them. */
  private foldHidden(parts: AttributionPart[]): AttributionPart[] {
    const hidden = parts.filter((p) => !this.shown(p.id));
    if (hidden.length === 0) return parts;
    const other: AttributionPart = {
      term: OTHER_UNITS,
      id: OTHER_UNITS,
      source: 'other',
      before: null,
      after: null,
      contribution: sum(hidden),
      parts: [],
    };
    return [...parts.filter((p) => this.shown(p.id)), other];
  }

  leaf(def: KpiDef, before: number, after: number): AttributionPart {
    return { term: def.id, id: def.id, source: sourceOf(def), before, after, contribution: after - before, parts: [] };
  }
}

function sourceOf(def: KpiDef | undefined): AttributionSource {
  if (!def) return 'signal';
  return def.formula ? 'kpi' : 'manual';
}

function scale(part: AttributionPart, factor: number): AttributionPart {
  return { ...part, contribution: part.contribution * factor, parts: part.parts.map((p) => scale(p, factor)) };
}

const sum = (parts: readonly AttributionPart[]) => parts.reduce((s, p) => s + p.contribution, 0);

function leaves(parts: readonly AttributionPart[], out: AttributionPart[] = []): AttributionPart[] {
  for (const p of parts) {
    if (p.parts.length === 0) out.push(p);
    else leaves(p.parts, out);
  }
  return out;
}

/** Signals by what they measure (asset or process) and its unit; KPI leaves by themselves and their unit. */
function groupLeaves(
  model: TwinModel,
  parts: readonly AttributionPart[],
): { bySignal: AttributionGroup[]; byAsset: AttributionGroup[]; byUnit: AttributionGroup[] } {
  const signals = new Map(model.signals.map((s) => [s.id, s]));
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const processUnit = new Map(model.processes.map((p) => [p.id, p.unit]));
  const assetProcess = new Map(model.assets.map((a) => [a.id, a.process]));
  const unitOf = (node: string | undefined): string | undefined =>
    node === undefined ? undefined : (processUnit.get(node) ?? processUnit.get(assetProcess.get(node) ?? ''));
  const bySignal = new Map<string, number>();
  const byAsset = new Map<string, number>();
  const byUnit = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, x: number) => map.set(key, (map.get(key) ?? 0) + x);
  for (const leaf of leaves(parts)) {
    const kpi = kpis.get(leaf.id);
    const measures = kpi ? leaf.id : (signals.get(leaf.id)?.measures ?? leaf.id);
    // the hidden inputs' part is a group of its own in every grouping: their assets and units are hidden too
    const unit =
      leaf.source === 'other'
        ? OTHER_UNITS
        : kpi
          ? kpi.orgUnit
          : (unitOf(signals.get(leaf.id)?.measures) ?? 'unassigned');
    add(bySignal, leaf.id, leaf.contribution);
    add(byAsset, measures, leaf.contribution);
    add(byUnit, unit, leaf.contribution);
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .map(([id, contribution]) => ({ id, contribution }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return { bySignal: list(bySignal), byAsset: list(byAsset), byUnit: list(byUnit) };
}
