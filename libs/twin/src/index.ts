export * from './model/twin-model.types';
export {
  DEFAULT_CALENDAR,
  DEFAULT_THRESHOLDS,
  DEFAULT_UPDATE_FREQUENCY,
  DEFAULT_LINK_LAG,
  DEFAULT_WEIGHT,
  DEFAULT_WORKING_DAYS,
  KPI_DEFAULTS,
  PROFILE_SUB_PERIODS,
  DEFAULT_SIGNAL_KIND,
  signalKindOf,
} from './model/model-defaults';
export { parsePeriodKey } from './model/period-key';
export type { ParsedPeriodKey } from './model/period-key';
export { formulaReferences } from './model/formula-references';
export type { FormulaReferences } from './model/formula-references';
export { TWIN_MODEL_JSON_SCHEMA, schemaIssues } from './schema/schema-validator';
export { validateModel } from './validation/validate-model';
export type { ValidationResult } from './validation/validate-model';
export { ModelValidationError } from './validation/model-validation.error';
export {
  loadModelFromFile,
  loadModelFromText,
  loadValidModelFromFile,
  modelFormatOf,
  parseModelText,
} from './loader/model-loader';
export type { LoadResult, ModelFormat } from './loader/model-loader';
export { serializeModel } from './loader/model-serializer';
export { TwinGraph } from './graph/twin-graph';
export { kpiPartitions, samplePartition } from './graph/kpi-partitions';
export type { KpiPartitioning } from './graph/kpi-partitions';
export { TWIN_NODE_KINDS, DERIVED_EDGE_TYPES, TWIN_EDGE_TYPES } from './graph/twin-graph.types';
export type {
  TwinNode,
  TwinNodeKind,
  TwinEdge,
  TwinEdgeType,
  TwinSubgraph,
  SubgraphOptions,
  KpiLineage,
  SignalLineage,
} from './graph/twin-graph.types';
export { unitConverter } from './signals/unit-conversion';
export type { UnitConverter } from './signals/unit-conversion';
export { compileSignalCatalog, findUnitIssues } from './signals/signal-catalog';
export { bindingTopicFilter, SPARKPLUG_NAMESPACE } from './signals/binding-topics';
export { TopicFilterTree } from './signals/topic-filter-tree';
export type { CatalogSignal, SignalCatalog } from './signals/signal-catalog';
export { REJECT_REASONS, validateSample } from './signals/sample-validator';
export type { RejectReason, ValidationLimits, ValidationOutcome } from './signals/sample-validator';
export { TwinModelBuilder } from './testing/twin-model.builder';
export { isPeriodTotal, kpiAccumulation, targetPhasingOf } from './model/kpi-accumulation';
export { nonNegativity } from './model/kpi-non-negativity';
export type { NonNegativity } from './model/kpi-non-negativity';
export type { KpiAccumulation } from './model/kpi-accumulation';
export { ingestionTestModel } from './testing/ingestion-model.builder';
