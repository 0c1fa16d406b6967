import { BscError, BscErrorCode, KpiValue, parseDuration } from '@bsc/common';
import {
  analyzeFormula,
  CompiledFormula,
  compileFormula,
  FormulaSyntaxError,
  parseFormula,
  WindowSpec,
} from '@bsc/formula';
import type { KpiDef, ReportingPeriod, TwinModel } from '@bsc/twin';
import { SAMPLE_SHAPE, type SignalShape } from '../aggregation/signal-shape';
import { WindowAccumulator } from '../aggregation/window-accumulator';
import type { FiscalPeriod } from '../calendar/fiscal-calendar';
import type { LatestSample, SignalSeries } from '../series/signal-series';
import { STALE_AFTER_UPDATE_INTERVALS } from './kpi-engine.options';

/** One distinct (input, window) pair of a formula, with the accumulator it is filled into. */
export interface WindowSlot {
  spec: WindowSpec;
  readonly acc: WindowAccumulator;
  /** A gauge averaged over time: the value moves with the watermark while a level is held (see KpiSchedule). */
  readonly timeWeighted: boolean;
  /** Last window-change deadlines queued for this slot (KpiSchedule), so a bucket's samples queue one. */
  leavesAt: number;
  carryEndsAt: number;
}

interface InputBase {
  id: string;
  usesLatest: boolean;
  slots: WindowSlot[];
  /** Longest duration window over this input (0 when only period windows / latest). */
  maxSlidingMs: number;
  /** Scratch for the latest value during one evaluation. */
  readonly latest: LatestSample & { found: boolean };
}
export interface SignalInput extends InputBase {
  kind: 'signal';
  series: SignalSeries;
}
export interface KpiInput extends InputBase {
  kind: 'kpi';
  plan: KpiPlan;
}
export type PlanInput = SignalInput | KpiInput;

/** Who must be recomputed when an input changes, and how far its windows reach. */
export interface Dependent {
  plan: KpiPlan;
  input: PlanInput;
}

/** Scheduling state of one KPI; instants are event time (ms). */
export interface PlanSchedule {
  /** In the current pass's queue (or being evaluated). */
  queued: boolean;
  /** Re-judge the open period's staleness in the current pass. */
  checkStale: boolean;
  /** Staleness checked on every pass (the reference mode, visitAll). */
  everyPass: boolean;
  /** Windows follow every watermark move (they read other KPIs, or the engine visits everything). */
  alwaysMoving: boolean;
  /** Reads a signal through a sliding window or a time-weighted average: its value may change with time alone. */
  windowed: boolean;
  /** Watermark at which the KPI was last marked for time moving (one mark per move). */
  slidAt: number;
  /** End of the period that was open when last scheduled. */
  closesAt: number;
  /** From this instant on the open value may have turned stale. */
  staleAt: number;
  /** A moving KPI, queued for its next refresh. */
  moving: boolean;
  /** The instant the moving KPI is queued for (entries at other instants are stale). */
  moveAt: number;
  /** Watermark of the KPI's last visit (its open value is up to date as of then). */
  visitedAt: number;
}

/** Everything the engine knows about one KPI: its compiled formula, inputs, values and pending work. */
export class KpiPlan {
  readonly inputs: PlanInput[] = [];
  readonly inputByLatestId = new Map<string, PlanInput>();
  readonly slotsById = new Map<string, Map<WindowSpec, WindowAccumulator>>();
  readonly dependents: Dependent[] = [];
  readonly computed = new Map<string, KpiValue>();
  readonly manual = new Map<string, KpiValue>();
  /** Periods to recompute in the next pass, by start. */
  readonly dirty = new Map<number, FiscalPeriod>();
  readonly staleAfterMs: number;
  maxSlidingMs = 0;
  /** A time-weighted period average holds its inputs' last values up to the watermark: re-read as it moves. */
  followsWatermark = false;
  /** Position in dependency order: inputs always come first. */
  order = 0;
  /** Periods starting earlier are never evaluated: a bounded replay left their history out (see ReplayHorizon). */
  floor = -Infinity;
  /** When the engine must visit this KPI without being told by a sample (see KpiSchedule). */
  readonly schedule: PlanSchedule = {
    queued: false,
    checkStale: false,
    everyPass: false,
    alwaysMoving: false,
    windowed: false,
    slidAt: -Infinity,
    closesAt: Infinity,
    staleAt: Infinity,
    moving: false,
    moveAt: Infinity,
    visitedAt: -Infinity,
  };

  constructor(
    readonly def: KpiDef,
    readonly path: string,
    readonly formula: CompiledFormula | null,
  ) {
    const updateMs = parseDuration(def.updateFrequency);
    if (updateMs === null) {
      throw new BscError(
        BscErrorCode.ModelInvalid,
        `KPI '${def.id}': invalid updateFrequency '${def.updateFrequency}'`,
        path.replace(/formula$/, 'updateFrequency'),
      );
    }
    this.staleAfterMs = STALE_AFTER_UPDATE_INTERVALS * updateMs;
    this.id = def.id;
    this.period = def.period;
  }

  // Copied from the definition: read on every visit, and definitions of many shapes make `def.period` a slow load.
  readonly id: string;
  readonly period: ReportingPeriod;

  valueOf(periodKey: string): KpiValue | undefined {
    return this.manual.get(periodKey) ?? this.computed.get(periodKey);
  }
}

export interface SeriesProvider {
  /** `staleAfterMs` of the reading KPI: the default maximum hold of a gauge is the shortest one. */
  seriesFor(signalId: string, period: ReportingPeriod, slidingMs: number, staleAfterMs: number): SignalSeries;
}

/** Parses every KPI formula, resolves its inputs and orders KPIs so that inputs are computed first. */
export function buildKpiPlans(model: TwinModel, series: SeriesProvider): KpiPlan[] {
  const signalIds = new Set(model.signals.map((s) => s.id));
  const plans = new Map<string, KpiPlan>();
  const analyses = model.kpis.map((def, i) => {
    const path = `kpis[${i}].formula`;
    if (def.formula === undefined || def.formula.trim() === '') {
      plans.set(def.id, new KpiPlan(def, path, null));
      return null;
    }
    const ast = parseOrThrow(def.formula, path);
    plans.set(def.id, new KpiPlan(def, path, compileFormula(ast)));
    return analyzeFormula(ast);
  });
  model.kpis.forEach((def, i) => {
    const analysis = analyses[i];
    const plan = plans.get(def.id) as KpiPlan;
    if (!analysis) return;
    for (const id of analysis.identifiers) {
      const windows = analysis.windows.filter((w) => w.id === id);
      const specs = dedupeSpecs(windows.map((w) => w.window));
      const maxSlidingMs = Math.max(0, ...specs.map((spec) => (spec === 'period' ? 0 : spec)));
      const latest = { found: false, ts: 0, value: 0, quality: 'good' as const };
      const base = { id, usesLatest: analysis.latest.includes(id), maxSlidingMs, latest };
      const source = plans.get(id);
      let input: PlanInput;
      if (source) {
        // A KPI's per-period values are aggregated per value.
        input = {
          ...base,
          slots: specs.map((spec) => newSlot(spec, SAMPLE_SHAPE, false)),
          kind: 'kpi',
          plan: source,
        };
      } else if (signalIds.has(id)) {
        const signal = series.seriesFor(id, def.period, maxSlidingMs, plan.staleAfterMs);
        input = {
          ...base,
          // Only a gauge's avg weighs time (min and max change only as levels enter or leave the window).
          slots: specs.map((spec) =>
            newSlot(
              spec,
              signal.shape,
              signal.shape.kind === 'gauge' && windows.some((w) => w.fn === 'avg' && w.window === spec),
            ),
          ),
          kind: 'signal',
          series: signal,
        };
        if (signal.shape.kind === 'gauge' && windows.some((w) => w.fn === 'avg' && w.window === 'period'))
          plan.followsWatermark = true;
      } else {
        throw new BscError(
          BscErrorCode.ModelInvalid,
          `KPI '${def.id}': formula reads unknown signal or KPI '${id}'`,
          plan.path,
        );
      }
      plan.inputs.push(input);
      if (input.usesLatest) plan.inputByLatestId.set(id, input);
      plan.slotsById.set(id, new Map(input.slots.map((s) => [s.spec, s.acc])));
      plan.maxSlidingMs = Math.max(plan.maxSlidingMs, maxSlidingMs);
      if (input.kind === 'kpi') input.plan.dependents.push({ plan, input });
    }
  });
  return topologicalOrder([...plans.values()]);
}

function parseOrThrow(text: string, path: string) {
  try {
    return parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaSyntaxError) throw new BscError(BscErrorCode.ModelInvalid, error.message, path);
    throw error;
  }
}

function newSlot(spec: WindowSpec, shape: Readonly<SignalShape>, timeWeighted: boolean): WindowSlot {
  return { spec, acc: new WindowAccumulator(shape), timeWeighted, leavesAt: -Infinity, carryEndsAt: -Infinity };
}

function dedupeSpecs(specs: WindowSpec[]): WindowSpec[] {
  return [...new Set(specs)];
}

/** Kahn's algorithm over KPI -> KPI references; a cycle is a model error naming one of its KPIs. */
function topologicalOrder(plans: KpiPlan[]): KpiPlan[] {
  const pending = new Map<KpiPlan, number>();
  for (const plan of plans) pending.set(plan, plan.inputs.filter((i) => i.kind === 'kpi').length);
  const ready = plans.filter((p) => pending.get(p) === 0);
  const ordered: KpiPlan[] = [];
  while (ready.length > 0) {
    const plan = ready.shift() as KpiPlan;
    plan.order = ordered.length;
    ordered.push(plan);
    for (const { plan: dependent } of plan.dependents) {
      const left = (pending.get(dependent) ?? 0) - 1;
      pending.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (ordered.length < plans.length) {
    const cyclic = plans.find((p) => (pending.get(p) ?? 0) > 0) as KpiPlan;
    throw new BscError(
      BscErrorCode.ModelInvalid,
      `KPI '${cyclic.id}' depends on itself through its formula inputs`,
      cyclic.path,
    );
  }
  return ordered;
}
