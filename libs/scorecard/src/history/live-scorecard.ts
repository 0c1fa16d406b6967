import { sameKpiReading, type KpiValue } from '@bsc/common';
import { FiscalCalendar, MinHeap } from '@bsc/kpi';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { ScorecardBuilder, type TimeDependence } from '../rollup/scorecard-builder';
import type { BuildScorecardOptions, PredictedValue } from '../rollup/scorecard.types';
import type { KpiValueRevision, ModelVersion } from './history.types';
import { periodKeysAt, previousPeriodKeysAt } from './period-keys';
import type { ExtraScorecardOptions, PeriodComparison } from './scorecard-at';
import { compareScorecards, DeltaMemo } from './scorecard-delta';
import { selectRevisions } from './time-travel';

/** Superseded deadlines allowed in the queue beyond one per KPI before it is rebuilt. */
const DEADLINE_SLACK = 64;

/**
 * The scorecard of "now" against the previous period (what compareWithPreviousPeriod gives in mode as_corrected),
 * kept up to date instead of rebuilt: `update` takes the newest revisions of the KPIs that changed and only the
 * path from them up to the root is scored again; `advance` moves the instant and re-scores only the KPIs whose
 * score moves with time (phased targets, values whose staleness deadline passed, from a queue of deadlines). A
 * period boundary changes which values count at all: `advance` refuses it and the caller builds a new one.
 */
export class LiveScorecard {
  private readonly current: Side;
  private readonly previous: Side;
  private readonly deltas = new DeltaMemo();
  private readonly phased = new Set<string>();
  /** Staleness deadlines by instant; an entry superseded by a later scoring of its KPI stays until popped. */
  private readonly deadlines = new MinHeap<string>();
  private readonly deadlineOf = new Map<string, number>();
  private readonly periodKeyList: string[];
  /** The period-end predictions the current side scores (its own copy, changed by `predict`). */
  private readonly predicted?: Map<string, PredictedValue>;
  private at: number;
  /** The first instant at which some KPI's reporting period rolls over. */
  readonly rolloverAt: number;

  /** `revisions`: the newest revisions of the KPIs for `periodKeys()` at `at` (others are ignored). */
  constructor(
    readonly version: ModelVersion,
    at: number,
    revisions: readonly KpiValueRevision[],
    extra: ExtraScorecardOptions = {},
  ) {
    this.at = at;
    const model = version.model;
    const calendar = new FiscalCalendar(model.calendar);
    let rolloverAt = Infinity;
    for (const type of new Set(model.kpis.map((k) => k.period)))
      rolloverAt = Math.min(rolloverAt, calendar.periodOf(at, type).end);
    this.rolloverAt = rolloverAt;
    const time: TimeDependence = {
      phased: (kpiId) => this.phased.add(kpiId),
      staleAfter: (kpiId, deadline) => {
        // a held deadline has its entry queued (one is dropped only once past, with the deadline)
        if (this.deadlineOf.get(kpiId) === deadline) return;
        this.deadlineOf.set(kpiId, deadline);
        this.deadlines.push(deadline, kpiId);
        // a KPI rescored at every new value (every few seconds) pushes a deadline each time, days ahead for a
        // daily update frequency: without this the queue grows with every value until the period rolls over
        if (this.deadlines.size > 2 * this.deadlineOf.size + DEADLINE_SLACK)
          this.deadlines.retain((at, id) => this.deadlineOf.get(id) === at);
      },
    };
    this.predicted = extra.predicted ? new Map(extra.predicted) : undefined;
    const base = { ...extra, predicted: this.predicted, asOf: at, modelVersion: version.version };
    this.current = new Side(version, memoKeys(periodKeysAt(model, at)), base, time);
    // as compareWithPreviousPeriod: closed periods are final (not stale by age) and predictions are the current's
    this.previous = new Side(version, memoKeys(previousPeriodKeysAt(model, at)), {
      ...base,
      predicted: undefined,
      staleAfterPeriods: Infinity,
    });
    this.periodKeyList = liveKeys(model, this.current.keyOf, this.previous.keyOf);
    this.update(
      model.kpis.map((k) => k.id),
      revisions,
    );
  }

  /** The period keys a LiveScorecard of `model` at `at` wants revisions of (to read them before building it). */
  static periodKeysAt(model: TwinModel, at: number): string[] {
    return liveKeys(model, periodKeysAt(model, at), previousPeriodKeysAt(model, at));
  }

  /** The instant the scorecard describes. */
  get asOf(): number {
    return this.at;
  }

  /** The period keys whose revisions `update` wants (current and previous period of every KPI). */
  periodKeys(): readonly string[] {
    return this.periodKeyList;
  }

  /** These KPIs changed; `revisions` holds their newest revisions (a KPI without one has no value any more). */
  update(kpiIds: readonly string[], revisions: readonly KpiValueRevision[]): void {
    this.current.update(kpiIds, revisions);
    this.previous.update(kpiIds, revisions);
  }

  /**
   * New period-end predictions of these KPIs (null: none any more); only the paths from those that changed are
   * scored again. False, changing nothing, when it was built without predictions (build one with them).
   */
  predict(changes: ReadonlyMap<string, PredictedValue | null>): boolean {
    if (!this.predicted) return false;
    const changed: string[] = [];
    for (const [kpiId, next] of changes) {
      const held = this.predicted.get(kpiId);
      if (next ? held && held.expected === next.expected && held.probability === next.probability : !held) continue;
      changed.push(kpiId);
      if (next) this.predicted.set(kpiId, next);
      else this.predicted.delete(kpiId);
    }
    this.current.builder.forget(changed);
    return true;
  }

  /**
   * Moves the instant forward; false when `at` is in another reporting period of some KPI (build a new one).
   * Instants before the current one are ignored: the live scorecard does not go back in time.
   */
  advance(at: number): boolean {
    if (at >= this.rolloverAt) return false;
    if (at <= this.at) return true;
    const rescore = new Set(this.phased);
    this.phased.clear();
    // stale once `at` is past the deadline (see staleDeadline)
    while (this.deadlines.peekKey() < at) {
      const kpiId = this.deadlines.pop() as string;
      const deadline = this.deadlineOf.get(kpiId);
      if (deadline !== undefined && deadline < at) {
        this.deadlineOf.delete(kpiId);
        rescore.add(kpiId);
      }
    }
    this.at = at;
    this.current.builder.moveTo(at, rescore);
    this.previous.builder.moveTo(at, []);
    return true;
  }

  /** Entries in the queue of staleness deadlines (at most about twice the KPIs that have one). */
  get queuedDeadlines(): number {
    return this.deadlines.size;
  }

  /**
   * Scores now what the changes since the last build left to score (every unit, both periods), so that a
   * `comparison` after it only looks up cards: a caller applying many changes does it between slices of them.
   */
  prepare(): void {
    for (const unit of this.version.model.units)
      if (!unit.parent) {
        this.current.builder.build(unit.id);
        this.previous.builder.build(unit.id);
      }
  }

  comparison(unitId: string): PeriodComparison {
    const current = this.current.builder.build(unitId);
    const previous = this.previous.builder.build(unitId);
    return { current, previous, delta: compareScorecards(current, previous, this.deltas) };
  }
}

/** One period side: its values by KPI and the builder kept over them. */
class Side {
  readonly values = new Map<string, KpiValue>();
  readonly builder: ScorecardBuilder;
  private readonly kpis: Map<string, KpiDef>;

  constructor(
    version: ModelVersion,
    readonly keyOf: (kpi: KpiDef) => string,
    options: Omit<BuildScorecardOptions, 'periodKeyFor'>,
    time?: TimeDependence,
  ) {
    this.kpis = new Map(version.model.kpis.map((k) => [k.id, k]));
    this.builder = new ScorecardBuilder(version.model, this.values, { ...options, periodKeyFor: keyOf }, time);
  }

  update(kpiIds: readonly string[], revisions: readonly KpiValueRevision[]): void {
    const chosen = selectRevisions(revisions, (kpiId) => {
      const kpi = this.kpis.get(kpiId);
      return kpi ? this.keyOf(kpi) : undefined;
    });
    // only values that differ are re-scored: the previous period's rarely do when the current one's change
    const changed: string[] = [];
    for (const kpiId of kpiIds) {
      const revision = chosen.get(kpiId);
      const held = this.values.get(kpiId);
      if (revision ? held && sameValue(held, revision) : !held) continue;
      changed.push(kpiId);
      if (revision) this.values.set(kpiId, withoutRecordedAt(revision));
      else this.values.delete(kpiId);
    }
    this.builder.forget(changed);
  }
}

function liveKeys(model: TwinModel, current: (k: KpiDef) => string, previous: (k: KpiDef) => string): string[] {
  const keys = new Set<string>();
  for (const kpi of model.kpis) keys.add(current(kpi)).add(previous(kpi));
  return [...keys];
}

/** Period keys are asked for every KPI many times per build; the calendar lookup is done once per KPI. */
function memoKeys(keyOf: (kpi: KpiDef) => string): (kpi: KpiDef) => string {
  const known = new Map<string, string>();
  return (kpi) => {
    let key = known.get(kpi.id);
    if (key === undefined) known.set(kpi.id, (key = keyOf(kpi)));
    return key;
  };
}

/** The same reading at the same times: a value equal to the held one changes no score. */
function sameValue(a: KpiValue, b: KpiValue): boolean {
  return (
    a.kpiId === b.kpiId &&
    a.periodKey === b.periodKey &&
    a.asOf === b.asOf &&
    a.computedAt === b.computedAt &&
    sameKpiReading(a, b)
  );
}

function withoutRecordedAt({ recordedAt: _recordedAt, ...value }: KpiValueRevision): KpiValue {
  return value;
}
