import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { LoggedSample, SampleRelay } from '@bsc/cluster';
import { kpiPartitions, type KpiPartitioning } from '@bsc/twin';
import { MovedSignalMarkers } from './moved-signal-markers';

/** Where the model in force places signals and KPIs: computed once per model version. */
export class PartitionPlacement {
  private cached: { version: number; value: KpiPartitioning } | undefined;

  constructor(private readonly partitions: number) {}

  of(snapshot: ActiveModelSnapshot): KpiPartitioning {
    if (this.cached?.version !== snapshot.version) {
      this.cached = { version: snapshot.version, value: kpiPartitions(snapshot.graph, this.partitions) };
    }
    return this.cached.value;
  }
}

/** Sends on, through the log, what a model change moved to another partition. */
export class PartitionMoves {
  private readonly markers: MovedSignalMarkers;

  constructor(
    private readonly relay: SampleRelay,
    private readonly placement: PartitionPlacement,
  ) {
    this.markers = new MovedSignalMarkers(relay);
  }

  /**
   * Samples stored from this partition whose signal the model in force places in another (logged before the intake
   * followed a model change) go on to that partition, which finds them stored and rebuilds from them: forwarded once
   * per sample and target (the message id), and not forwarded again by their receiver.
   */
  async forward(partition: number, snapshot: ActiveModelSnapshot, batch: LoggedSample[]): Promise<void> {
    const partitioning = this.placement.of(snapshot);
    this.markers.record(snapshot.version, partitioning, batch);
    const away = batch.filter((s) => (partitioning.signal.get(s.signalId) ?? partition) !== partition);
    if (away.length > 0) await this.relay.forward(away, (s) => partitioning.signal.get(s.signalId) ?? partition);
  }

  /** Rebuild requests for what this worker stored under a model version older than the one now in force. */
  flush(snapshot: ActiveModelSnapshot): Promise<void> {
    return this.markers.flush(snapshot.version, this.placement.of(snapshot));
  }
}
