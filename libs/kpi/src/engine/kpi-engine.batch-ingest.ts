import type { KpiValue, SignalSample } from '@bsc/common';
import type { SignalSeriesRegistry } from '../series/signal-series-registry';
import type { EvaluationClock } from './kpi-evaluator';
import type { KpiPass } from './kpi-pass';
import { newestPerPeriod } from './kpi-plan-values';
import type { SampleIntake } from './sample-intake';
import type { WatermarkAdvance } from './watermark-advance';

/**
 * One ingest call: its samples go through the intake and one pass evaluates what they marked. A batch reaching
 * further ahead than the buckets hold (a replay page of slow signals, an import) is cut there: the periods closed
 * so far are evaluated before the buckets their windows read are recycled.
 */
export class KpiBatchIngest {
  constructor(
    private readonly clock: EvaluationClock,
    private readonly time: WatermarkAdvance,
    private readonly pass: KpiPass,
    private readonly intake: SampleIntake,
    private readonly series: SignalSeriesRegistry,
    /** How far one ingest call may move the watermark between passes (see flushSpanOf). */
    private readonly flushSpanMs: number,
  ) {}

  ingest(samples: readonly SignalSample[], deferOpen: boolean): KpiValue[] {
    let wmBefore = this.clock.watermark;
    let firstBefore = this.time.firstTs;
    let earlier: KpiValue[] | undefined;
    for (let i = 0; i < samples.length; i++) {
      if (samples[i].ts - (wmBefore === -Infinity ? this.time.firstTs : wmBefore) > this.flushSpanMs) {
        for (const value of this.flushBefore(samples[i], firstBefore, wmBefore)) (earlier ??= []).push(value);
        wmBefore = this.clock.watermark;
        firstBefore = this.time.firstTs;
      }
      this.intake.accept(samples[i]);
    }
    this.time.advance(firstBefore, wmBefore);
    const values = this.pass.run(deferOpen);
    return earlier ? newestPerPeriod([...earlier, ...values]) : values;
  }

  /**
   * Before a sample further ahead than the buckets hold: the periods closed so far are evaluated, then those that
   * close in the quiet stretch up to it (nothing arrived since, so the buckets still hold their windows; after the
   * sample they would keep their open values). A sample the engine will ignore (an unknown signal, no finite time)
   * moves the clock no further.
   */
  private flushBefore(sample: SignalSample, firstBefore: number, wmBefore: number): KpiValue[] {
    this.time.advance(firstBefore, wmBefore);
    const values = this.pass.run();
    const wm = this.clock.watermark;
    const quiet = sample.ts - 1;
    if (this.series.get(sample.signalId) && Number.isFinite(quiet) && wm !== -Infinity && quiet > wm) {
      this.clock.watermark = quiet;
      this.time.advance(this.time.firstTs, wm);
      for (const value of this.pass.run()) values.push(value);
    }
    return values;
  }
}
