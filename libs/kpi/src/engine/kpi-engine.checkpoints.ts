import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import { decodeCheckpoint, encodeCheckpoint, type KeepFrom, type KpiCheckpoint } from '../checkpoint/kpi-checkpoint';
import { SlicedCheckpoint, type CheckpointSlicing } from '../checkpoint/sliced-checkpoint';
import type { SignalSeries } from '../series/signal-series';
import type { SignalSeriesRegistry } from '../series/signal-series-registry';
import { CheckpointKeep } from './checkpoint-keep';
import type { EvaluationClock } from './kpi-evaluator';
import type { ResolvedKpiEngineOptions } from './kpi-engine.options';
import type { KpiPlan } from './kpi-plan';
import { checkpointHorizon, type ReplayHorizon } from './replay-horizon';

/**
 * One engine's checkpoints: where the cut falls, writing at once or in slices, and the start of a restore. Shares
 * the engine's clock, plans and series; the engine keeps the public API.
 */
export class KpiEngineCheckpoints {
  /** Between restore() and finishRestore(): samples go into the buckets only and nothing is evaluated yet. */
  restoring = false;
  /** The checkpoint being written in slices: told before a series changes. */
  private slicing: SlicedCheckpoint | undefined;
  private readonly keep: CheckpointKeep;

  constructor(
    private readonly options: ResolvedKpiEngineOptions,
    private readonly calendar: FiscalCalendar,
    private readonly plans: readonly KpiPlan[],
    private readonly series: SignalSeriesRegistry,
    private readonly clock: Readonly<EvaluationClock>,
  ) {
    this.keep = new CheckpointKeep(plans, calendar);
  }

  /** Ahead of every change to a series: a checkpoint being written in slices writes it first. */
  beforeChange(series: SignalSeries): void {
    this.slicing?.beforeChange(series);
  }

  /** The plans' floors changed (a bounded replay or a restore). */
  floorsChanged(): void {
    this.keep.reset();
  }

  write(): KpiCheckpoint | null {
    const at = this.cut();
    return at && encodeCheckpoint(this.options, at.watermark, at.cut, this.series.all(), at.keepFrom);
  }

  async writeInSlices(slicing?: CheckpointSlicing): Promise<KpiCheckpoint | null> {
    if (this.slicing) throw new Error('a checkpoint is being written already');
    const at = this.cut();
    if (!at) return null;
    const sliced = new SlicedCheckpoint(this.options, at.watermark, at.cut, this.series.all(), at.keepFrom);
    this.slicing = sliced;
    try {
      return await sliced.run(slicing);
    } finally {
      this.slicing = undefined;
    }
  }

  /** Puts the checkpoint's summaries into the series and enters restoring; the horizon says what to replay. */
  startRestore(checkpoint: Pick<KpiCheckpoint, 'data'>): ReplayHorizon {
    const { cut } = decodeCheckpoint(this.options, checkpoint.data, this.series.all());
    const horizon = checkpointHorizon(this.plans, this.calendar, cut);
    this.restoring = true;
    return horizon;
  }

  private cut(): { watermark: number; cut: number; keepFrom: KeepFrom } | null {
    const wm = this.clock.watermark;
    if (wm === -Infinity || this.restoring) return null;
    const { bucketMs } = this.options;
    const alignment = this.calendar.zone.hourAlignmentMs;
    const cut = Math.floor((wm - this.options.checkpointReplayMs + alignment) / bucketMs) * bucketMs - alignment;
    const keepFrom = this.keep.at(cut);
    return keepFrom && { watermark: wm, cut, keepFrom };
  }
}
