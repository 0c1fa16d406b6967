import type { SampleQuality, SignalSample } from '@bsc/common';
import { joinsSamples } from '../aggregation/signal-shape';
import type { SignalSeriesRegistry } from '../series/signal-series-registry';
import type { KpiEngineCheckpoints } from './kpi-engine.checkpoints';
import type { KpiEngineStats } from './kpi-engine.stats';
import type { EvaluationClock } from './kpi-evaluator';
import type { SignalDependent } from './kpi-plan-values';
import type { KpiSchedule } from './kpi-schedule';
import type { PeriodMarker } from './period-marker';
import type { WatermarkAdvance } from './watermark-advance';

type IntakeCounters = Pick<KpiEngineStats, 'accepted' | 'duplicates' | 'beyondRetention' | 'ignored' | 'invalid'>;

/**
 * One sample into the engine: its signal's series takes it, event time follows it, and the (KPI, period) pairs it
 * can change are marked for the next pass. Samples of unknown signals or with no finite time are counted and dropped.
 */
export class SampleIntake {
  constructor(
    private readonly series: SignalSeriesRegistry,
    private readonly dependents: ReadonlyMap<string, SignalDependent[]>,
    private readonly clock: EvaluationClock,
    private readonly time: WatermarkAdvance,
    private readonly marker: PeriodMarker,
    private readonly schedule: KpiSchedule,
    private readonly checkpoints: KpiEngineCheckpoints,
    private readonly counters: IntakeCounters,
  ) {}

  accept(sample: SignalSample): void {
    const series = this.series.get(sample.signalId);
    if (!series) {
      this.counters.ignored++;
      return;
    }
    if (!Number.isFinite(sample.ts)) {
      this.counters.invalid++;
      return;
    }
    const value = sample.value;
    const quality: SampleQuality = Number.isFinite(value) ? sample.quality : 'bad';
    this.checkpoints.beforeChange(series);
    const previousLatest = series.latestTs;
    const wasStale = series.stale;
    const outcome = series.add(sample.ts, quality === 'bad' ? 0 : value, quality, !this.checkpoints.restoring);
    if (outcome === 'duplicate') {
      this.counters.duplicates++;
      return;
    }
    this.counters.accepted++;
    if (outcome === 'beyond-retention') this.counters.beyondRetention++;
    const ts = sample.ts;
    if (ts > this.clock.watermark) this.clock.watermark = ts;
    if (ts < this.time.firstTs) this.time.firstTs = ts;
    const wm = this.clock.watermark;
    const next = ts >= previousLatest || quality === 'bad' ? Infinity : series.nextUsableAfter(ts);
    for (const { plan, input } of this.dependents.get(sample.signalId) ?? []) {
      let to = Math.min(ts + input.maxSlidingMs, wm);
      if (quality !== 'bad') {
        // Periods up to the next known sample see this one as the input's latest (value and staleness); for
        // gauges and counters it is also the carry-in of windows that start before that sample.
        const carried = joinsSamples(series.shape) ? input.maxSlidingMs : 0;
        to = Math.max(to, Math.min(next - 1 + carried, wm));
      }
      this.marker.markRange(plan, ts, to);
      this.schedule.sampleArrived(plan, input, ts);
      // a bad sample dated in a closed period still leaves the signal without a current value in the open one
      if (!wasStale && series.stale) this.schedule.checkStaleness(plan);
    }
  }
}
