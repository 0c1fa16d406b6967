import { Inject, Injectable } from '@nestjs/common';
import { maxOf, minOf, type KpiValue } from '@bsc/common';
import { FiscalCalendar, KpiEngine } from '@bsc/kpi';
import type { KpiValueRevision } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { KPI_VALUE_STORE, type KpiValueStore } from '../stores/kpi-value.store';
import { SAMPLE_STORE, type SampleStore } from '../stores/sample.store';

export interface PastEngineOptions {
  /**
   * The earliest instant whose periods must be exact: the replay reads back from each KPI's period holding it as far
   * as its windows need, and carries in each signal's newest sample from before (see ReplayHorizon).
   */
  from: number;
  /** Exclusive. */
  to: number;
  knownAt: number;
  signalIds?: readonly string[];
}

/** Months of samples are read per answer: large pages, few round trips. */
const REPLAY_PAGE_SIZE = 20_000;

/**
 * KPI values of a past instant, recomputed the way the live engine computed them: the model then in force, fed the
 * samples with ts <= `at` that the platform had received by `knownAt`, plus the manual values entered by then.
 * The stored revisions cannot answer this: a revision holds a whole period's value as it was written, including
 * data after `at` (the period's final value), and history loaded in bulk has revisions stamped with the load time.
 */
@Injectable()
export class PastKpiValues {
  constructor(
    @Inject(SAMPLE_STORE) private readonly samples: SampleStore,
    @Inject(KPI_VALUE_STORE) private readonly revisions: KpiValueStore,
  ) {}

  /**
   * Each KPI's value for the period containing `at` and the one before it, as revisions recorded at `knownAt`
   * (the shape the scorecard's time travel selects from).
   */
  async at(model: TwinModel, at: number, knownAt: number): Promise<KpiValueRevision[]> {
    const calendar = new FiscalCalendar(model.calendar);
    const wanted = model.kpis.flatMap((kpi) => {
      const current = calendar.periodOf(at, kpi.period);
      return [
        { kpi, period: current },
        { kpi, period: calendar.previousPeriod(current) },
      ];
    });
    const from = minOf(wanted.map((w) => w.period.start));
    // samples at or before `at`: the replay's upper bound is exclusive
    const engine = await this.engine(model, { from, to: at + 1, knownAt });
    // staleness as it was judged at `at`, not now
    engine.tick(at);
    const out: KpiValueRevision[] = [];
    for (const { kpi, period } of wanted) {
      const value = engine.valueOf(kpi.id, period.key);
      if (value) out.push(asRevision(value, knownAt));
    }
    return out;
  }

  /**
   * A KPI engine giving exact values for the periods from `from` on, as known at `knownAt`: fed the samples with
   * ts < `to` received by then of the signals its KPIs read (only those of `signalIds` when given) that those periods read, windows reaching
   * back and values carried in included, and the manual values of those periods entered by then.
   */
  async engine(model: TwinModel, options: PastEngineOptions): Promise<KpiEngine> {
    const { from, to, knownAt, signalIds } = options;
    const engine = new KpiEngine(model);
    // as the ingestion's bounded replay: windows reaching back, each signal's newest sample before carried in
    const horizon = engine.replayHorizon(Infinity, from);
    engine.limitTo(horizon);
    // only the signals the KPIs read (the horizon knows them from the formulas): a model's other signals, however
    // noisy, change no value
    const wanted = signalIds && new Set(signalIds);
    const read = [...horizon.signals.keys()].filter((id) => !wanted || wanted.has(id));
    if (read.length > 0 && Number.isFinite(horizon.from)) {
      engine.replay(await this.samples.carriedIn(read, horizon.from, knownAt));
      const replay = { from: horizon.from, to, receivedBy: knownAt, signalIds: read, pageSize: REPLAY_PAGE_SIZE };
      for await (const page of this.samples.replay(replay)) engine.replay(page);
    }
    if (read.length < horizon.signals.size)
      await this.advanceToModelTime(engine, [...horizon.signals.keys()], to, knownAt);
    await this.applyManualValues(engine, model, (id) => horizon.floors.get(id) ?? from, to, knownAt);
    return engine;
  }

  /**
   * An engine fed only some of the signals the model's KPIs read stands where the whole model's would: at the newest
   * of their samples before `to` known by then. Open periods end there (a gauge's level held until then, the input
   * KPI period a bare id reads), as the scorecard of the same instant values them.
   */
  private async advanceToModelTime(engine: KpiEngine, signalIds: string[], to: number, knownAt: number) {
    const newest = await this.samples.carriedIn(signalIds, to, knownAt);
    if (newest.length > 0) engine.advanceTo(maxOf(newest.map((s) => s.ts)));
  }

  /** Every period a manual KPI is read for, from its floor (earlier ones under a longer period's sum or a window). */
  private async applyManualValues(
    engine: KpiEngine,
    model: TwinModel,
    floor: (kpiId: string) => number,
    to: number,
    knownAt: number,
  ): Promise<void> {
    const manual = model.kpis.filter((k) => k.manualEntry).map((k) => k.id);
    if (manual.length === 0) return;
    const from = minOf(manual.map(floor));
    const entered = await this.revisions.historyOfMany(manual, from, to, knownAt);
    for (const r of [...entered.values()].flat()) {
      if (r.value === null) continue;
      // a value that no longer fits the model then in force (range, period kind) is not shown
      try {
        engine.setManualValue(r.kpiId, r.periodKey, r.value, r.asOf);
      } catch {
        continue;
      }
    }
  }
}

function asRevision(value: KpiValue, recordedAt: number): KpiValueRevision {
  return { ...value, recordedAt };
}
