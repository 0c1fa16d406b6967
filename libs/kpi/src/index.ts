export { FiscalCalendar, isValidPeriodKey, MAX_PERIODS_BETWEEN } from './calendar/fiscal-calendar';
export type { FiscalPeriod } from './calendar/fiscal-calendar';
export { createTimeZone, parseUtcOffset } from './calendar/time-zone';
export type { TimeZone } from './calendar/time-zone';
export { PlannedDowntime } from './calendar/planned-downtime';
export type { DowntimeState } from './calendar/planned-downtime';
export { KpiEngine, REPLAY_CHUNK } from './engine/kpi-engine';
export { MAX_PERIODS_MARKED } from './engine/period-marker';
export { newestPerPeriod } from './engine/kpi-plan-values';
export { fittedFineHorizon } from './engine/fine-horizon';
export type { FittedHorizonOptions } from './engine/fine-horizon';
export { MinHeap } from './engine/min-heap';
export type { ReplayHorizon } from './engine/replay-horizon';
export { CHECKPOINT_FORMAT } from './checkpoint/kpi-checkpoint';
export type { KpiCheckpoint } from './checkpoint/kpi-checkpoint';
export type { CheckpointSlicing } from './checkpoint/sliced-checkpoint';
export { checkpointBytes, checkpointData } from './checkpoint/checkpoint-bytes';
export type { KpiEngineStats } from './engine/kpi-engine';
export {
  DEFAULT_BUCKET_MS,
  DEFAULT_CHECKPOINT_REPLAY_MS,
  DEFAULT_MAX_PERIODS_PER_TYPE,
  DEFAULT_RETENTION_MS,
  STALE_AFTER_UPDATE_INTERVALS,
} from './engine/kpi-engine.options';
export type { KpiEngineOptions } from './engine/kpi-engine.options';
export { SampleAccumulator } from './aggregation/sample-accumulator';
export { counterStep, CounterSteps } from './aggregation/signal-shape';
