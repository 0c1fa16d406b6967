import type { KpiValue } from '@bsc/common';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { KpiCascade, type CascadeOptions } from './kpi-cascade';
import { ModelIndex } from './model-index';
import type { KpiValues } from './scorecard.types';

interface ModelCascades {
  index: ModelIndex;
  /** Per cascaded family KPI, the KPIs whose stored values deriving it reads, however deep. */
  inputs: Map<string, KpiDef[]>;
  /** Per KPI, the cascaded family KPIs its value feeds, however deep. */
  above: Map<string, KpiDef[]>;
}

// once per model version: KPI queries and the alert runtime ask per request and per batch of values
const memo = new WeakMap<TwinModel, ModelCascades>();

function cascadesOf(model: TwinModel): ModelCascades {
  let found = memo.get(model);
  if (found) return found;
  const index = new ModelIndex(model);
  const cascade = new KpiCascade(index, new Map(), { periodKeyFor: () => '' });
  const inputs = new Map<string, KpiDef[]>();
  const above = new Map<string, KpiDef[]>();
  for (const kpi of model.kpis) {
    if (!cascade.isDerived(kpi)) continue;
    const read = cascade.inputsOf([kpi]).filter((input) => input.id !== kpi.id);
    inputs.set(kpi.id, read);
    for (const input of read) {
      const feeds = above.get(input.id);
      if (feeds) feeds.push(kpi);
      else above.set(input.id, [kpi]);
    }
  }
  memo.set(model, (found = { index, inputs, above }));
  return found;
}

/** The KPIs and every KPI whose stored value their cascades read (see KpiCascade): what to read to value them. */
export function cascadeInputs(model: TwinModel, kpis: readonly KpiDef[]): KpiDef[] {
  const { inputs } = cascadesOf(model);
  const found = new Map<string, KpiDef>();
  for (const kpi of kpis) for (const k of [kpi, ...(inputs.get(kpi.id) ?? [])]) found.set(k.id, k);
  return [...found.values()];
}

/**
 * The values a scorecard gives these KPIs: a stored value as it is, and a cascaded family KPI's from its
 * descendants' KPIs, so that a KPI read on its own says what the scorecard says. `values` holds the stored values
 * of cascadeInputs.
 */
export function cascadedKpiValues(
  model: TwinModel,
  kpis: readonly KpiDef[],
  values: KpiValues,
  options: CascadeOptions,
): Map<string, KpiValue | null> {
  const cascade = new KpiCascade(cascadesOf(model).index, values, options);
  return new Map(kpis.map((kpi) => [kpi.id, cascade.valueOf(kpi).value]));
}

/** The cascaded family KPIs that values of these KPIs feed, valued from `values` (those with a value only). */
export function cascadedValuesAbove(
  model: TwinModel,
  changed: Iterable<string>,
  values: KpiValues,
  options: CascadeOptions,
): KpiValue[] {
  const { index, above } = cascadesOf(model);
  const targets = new Map<string, KpiDef>();
  for (const id of changed) for (const kpi of above.get(id) ?? []) targets.set(kpi.id, kpi);
  if (targets.size === 0) return [];
  const cascade = new KpiCascade(index, values, options);
  return [...targets.values()].flatMap((kpi) => {
    const resolved = cascade.valueOf(kpi);
    return resolved.derived && resolved.value ? [resolved.value] : [];
  });
}
