import type { KpiValue } from '@bsc/common';
import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { ReplayHorizon } from '@bsc/kpi';
import type { StoredSample } from './kpi-feed.port';
import type { KpiEngineFactory, KpiEnginePort, SampleHistory } from './kpi-engine.port';
import { replayFromLate } from './kpi-replay';
import type { IngestedAnnouncer } from './samples-ingested';

/** What the rebuild needs of the feed: the model in force and the ways a batch goes on. */
export interface KpiLateRebuildTarget {
  snapshot(): ActiveModelSnapshot | undefined;
  /** Puts the rebuilt engine in force and publishes its values. */
  install(engine: KpiEnginePort, horizon: ReplayHorizon | undefined, values: readonly KpiValue[]): void;
  /** A held batch through the engine in force (the rebuild failed). */
  deliver(batch: readonly StoredSample[]): void;
  /** A held batch's samples the replay did not read, back to the feed (they may be held again). */
  stored(samples: readonly StoredSample[]): void;
}

/**
 * The feed's rebuild for a sample older than the replayed history: a new engine replays everything stored from that
 * sample's periods on (the sample included) and the values of those periods onwards are published. Batches stored
 * meanwhile are held here; those the replay did not read go through the new engine afterwards. The caller
 * serialises it with the feed's other engine work.
 */
export class KpiLateRebuild {
  /** Stored batches held back while the engine is rebuilt (undefined: none is). */
  private held: StoredSample[][] | undefined;
  private heldSince = 0;

  constructor(
    private readonly factory: KpiEngineFactory | undefined,
    private readonly history: SampleHistory,
    private readonly ingested: IngestedAnnouncer,
    private readonly logger: { warn(context: object, message: string): void },
    private readonly options: { full: boolean; onPage: (page: readonly { signalId: string; ts: number }[]) => void },
    private readonly target: KpiLateRebuildTarget,
  ) {}

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Holds a batch: the first starts the hold (its rebuild is the caller's to queue). */
  hold(batch: StoredSample[]): void {
    if (this.held) this.held.push(batch);
    else {
      this.held = [batch];
      this.heldSince = Date.now();
    }
  }

  /** The held batches and for how long, for the feed's health. */
  heldNow(now: number): { batches: readonly StoredSample[][]; forMs: number } {
    return { batches: this.held ?? [], forMs: this.held ? now - this.heldSince : 0 };
  }

  async rebuildFrom(oldest: number): Promise<void> {
    const snapshot = this.target.snapshot();
    if (!this.factory || !snapshot) return;
    const started = Date.now();
    const engine = this.factory(snapshot);
    try {
      const replayed = await replayFromLate(engine, this.history, oldest, this.held ?? [], {
        now: started,
        full: this.options.full,
        onPage: this.options.onPage,
      });
      this.target.install(engine, replayed.horizon, replayed.values);
      this.logger.warn(
        { samples: replayed.samples, from: new Date(oldest).toISOString(), ms: Date.now() - started },
        'a sample older than the replayed history: KPI state rebuilt from its period on',
      );
      this.release(replayed.unread);
    } catch (error) {
      // the old engine goes on; periods before its horizon keep the values published for them
      for (const batch of this.take()) this.target.deliver(batch);
      throw error;
    }
  }

  /** Held batches on: samples the replay read only to the bus, the others the live way (in arrival order). */
  private release(unread: (s: StoredSample) => boolean): void {
    for (const batch of this.take()) {
      const fresh = batch.filter(unread);
      const read = batch.filter((s) => !unread(s));
      this.ingested.announce(this.target.snapshot(), read); // none: nothing is announced
      // may hold again (a sample older than even the new horizon): the next rebuild queues behind this one
      if (fresh.length > 0) this.target.stored(fresh);
    }
  }

  private take(): StoredSample[][] {
    const held = this.held ?? [];
    this.held = undefined;
    return held;
  }
}
