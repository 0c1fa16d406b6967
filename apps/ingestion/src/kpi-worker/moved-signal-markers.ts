import type { RebuildMarker, SampleRelay } from '@bsc/cluster';
import type { KpiPartitioning } from '@bsc/twin';

interface StoredTime {
  signalId: string;
  ts: number;
}

/** What a worker stored while a model version was in force for it: per signal the oldest sample time. */
interface StoredUnder {
  partitioning: KpiPartitioning;
  oldest: Map<string, number>;
}

/**
 * Closes the version-skew window of a model change. A worker still running version u stores samples of a signal that
 * version v > u moved to partition P, after P's owner had replayed P under v: P's state misses them, and the worker
 * neither counts them (under v they are not its own) nor forwards them (under u they are). So a worker remembers,
 * per version it handled batches under and per signal, the oldest sample time it stored (O(signals) per version, two
 * versions at most but in a burst of changes); once a newer version is in force for it, every signal whose partition
 * differs between the two gets a rebuild request (signal, oldest time) sent to its new partition. That request is sent
 * after the samples were stored, so P's owner, rebuilding from the database when it reads it, counts each of them
 * exactly once, whenever it switched itself: a rebuild reads every stored sample once, whichever worker stored it.
 * The memory is the worker's own: a worker that dies after acknowledging such samples and before learning of the new
 * version takes the request with it (P catches up at its next replay); see the README's scale-out section.
 */
export class MovedSignalMarkers {
  private readonly stored = new Map<number, StoredUnder>();
  /** Sends run one at a time, so a caller that awaits `flush` knows every earlier request went out too. */
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly relay: SampleRelay) {}

  /** Samples stored from the log while `version` was in force. */
  record(version: number, partitioning: KpiPartitioning, samples: Iterable<StoredTime>): void {
    let under = this.stored.get(version);
    if (!under) {
      under = { partitioning, oldest: new Map() };
      this.stored.set(version, under);
    }
    for (const s of samples) {
      const oldest = under.oldest.get(s.signalId);
      if (oldest === undefined || s.ts < oldest) under.oldest.set(s.signalId, s.ts);
    }
  }

  /** Sends the requests for what was stored under versions older than `version`; resolves once JetStream took them. */
  flush(version: number, partitioning: KpiPartitioning): Promise<void> {
    const run = this.sending.then(() => this.send(version, partitioning));
    this.sending = run.catch(() => undefined);
    return run;
  }

  private async send(version: number, now: KpiPartitioning): Promise<void> {
    // taken out before the await: a batch recording meanwhile under an old version starts a new entry, sent next time
    const taken = [...this.stored].filter(([v]) => v < version);
    if (taken.length === 0) return;
    for (const [v] of taken) this.stored.delete(v);
    const markers = new Map<string, RebuildMarker>();
    for (const [, { partitioning: then, oldest }] of taken) {
      for (const [signalId, fromTs] of oldest) {
        const partition = now.signal.get(signalId);
        if (partition === undefined || partition === then.signal.get(signalId)) continue;
        const marker = markers.get(signalId);
        if (!marker || fromTs < marker.fromTs) markers.set(signalId, { partition, signalId, fromTs, version });
      }
    }
    try {
      if (markers.size > 0) await this.relay.requestRebuild([...markers.values()]);
    } catch (error) {
      // kept for the next flush (a retried request has the same message id: JetStream drops the repeat)
      for (const [v, under] of taken) this.record(v, under.partitioning, times(under.oldest));
      throw error;
    }
  }
}

function* times(oldest: ReadonlyMap<string, number>): Iterable<StoredTime> {
  for (const [signalId, ts] of oldest) yield { signalId, ts };
}
