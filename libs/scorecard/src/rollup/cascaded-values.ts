import type { KpiValue } from '@bsc/common';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { KpiCascade, type CascadeOptions } from './kpi-cascade';
import { ModelIndex } from './model-index';
import type { KpiValues } from './scorecard.types';

// one index per model version: the KPI queries ask per request
const indexes = new WeakMap<TwinModel, ModelIndex>();

/**
 * The values a scorecard gives these KPIs: a stored value as it is, and a cascaded family KPI's (see KpiCascade)
 * from its descendants' KPIs, so that a KPI read on its own says what the scorecard says. `read` is asked once,
 * for the KPIs and every KPI their cascades read.
 */
export async function cascadedKpiValues(
  model: TwinModel,
  kpis: readonly KpiDef[],
  read: (kpis: readonly KpiDef[]) => Promise<KpiValues>,
  options: CascadeOptions,
): Promise<Map<string, KpiValue | null>> {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = new ModelIndex(model)));
  const needed = new KpiCascade(index, new Map(), options).inputsOf(kpis);
  const cascade = new KpiCascade(index, await read(needed), options);
  return new Map(kpis.map((kpi) => [kpi.id, cascade.valueOf(kpi).value]));
}
