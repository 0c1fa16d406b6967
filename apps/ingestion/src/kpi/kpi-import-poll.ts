import type { SignalSample } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import { IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';
import type { SampleHistory } from './kpi-engine.port';
import { announceIngested } from './samples-ingested';

/** What the poll needs of the feed: its engine's replayed history and the two ways samples reach the engine. */
export interface KpiImportTarget {
  /** Samples older than this need a rebuild (undefined: the engine read everything). */
  lateBound(): number | undefined;
  /** Replays everything stored from the periods of `oldest` on into a new engine (see the feed). */
  rebuildFrom(oldest: number): Promise<void>;
  /** Stored samples through the live path; `then` sees each page after. Returns how many went in. */
  ingestLate(pages: AsyncIterable<SignalSample[]>, then?: (page: SignalSample[]) => void): Promise<number>;
}

/**
 * The feed's pick-up of samples `bsc import samples` stored (another process): found by a watermark on their
 * receipt time, they take the live, late path (or a rebuild when older than the replayed history), then are
 * announced as `samples.ingested`. The caller serialises it with the feed's other engine work.
 */
export class KpiImportPoll {
  /** received_at up to which imported samples reached the engine. */
  watermark: number | null = null;

  constructor(
    private readonly history: SampleHistory,
    private readonly bus: EventBus,
    private readonly logger: { log(context: object, message: string): void },
    private readonly target: KpiImportTarget,
  ) {}

  async pickUp(): Promise<void> {
    const newest = await this.history.newestReceived(IMPORTED_SAMPLE_SOURCE);
    if (newest === null || (this.watermark !== null && newest <= this.watermark)) return;
    const oldest = await this.history.oldestReceivedAfter(this.watermark ?? -Infinity, {
      receivedBy: newest,
      source: IMPORTED_SAMPLE_SOURCE,
    });
    const window = {
      source: IMPORTED_SAMPLE_SOURCE,
      receivedAfter: this.watermark ?? undefined,
      receivedBy: newest,
    };
    const lateBound = this.target.lateBound();
    if (lateBound !== undefined && oldest !== null && oldest < lateBound) {
      // older than the replayed history: a replay from its period recomputes (and publishes) what it changes
      await this.target.rebuildFrom(oldest);
      for await (const page of this.history.replay(window)) this.announce(page);
      this.watermark = newest;
      return;
    }
    const count = await this.target.ingestLate(this.history.replay(window), (page) => this.announce(page));
    this.watermark = newest;
    if (count > 0) this.logger.log({ samples: count }, 'imported samples picked up; their KPI periods recomputed');
  }

  /**
   * Imported samples as every other source's stored ones: `samples.ingested`, after the KPI update (as the feed's
   * live delivery), so what listens for history still arriving (provisional forecasts) sees an import as it sees
   * a backfill.
   */
  private announce(page: SignalSample[]): void {
    announceIngested(this.bus, page);
  }
}
