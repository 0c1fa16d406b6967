import { CHECKPOINT_FORMAT, checkpointBytes } from '@bsc/kpi';
import { markedState, type KpiCheckpointStore } from './kpi-checkpoints';
import type { KpiEnginePort } from './kpi-engine.port';
import type { StoredSample } from './kpi-feed.port';

/** A batch kept for later delivery with the received_at it was stored with (a held batch loses its `storedAt`). */
export function withStoredAt(samples: readonly StoredSample[], storedAt: number | undefined): StoredSample[] {
  return storedAt === undefined ? [...samples] : samples.map((s) => ({ ...s, knownAt: s.knownAt ?? storedAt }));
}

/**
 * Keeps the position protocol of the feed's checkpoints. Live samples reach the engine in the order they are stored,
 * so after each delivery every sample stored by the newest stored receipt time (received_at as written, not the
 * intake's receipt, which precedes it) is in the engine: that time is the position a checkpoint covers. A live
 * sample received by the stored position that arrives later (a sample stored with an explicit knownAt, simulated
 * history) is not in that checkpoint, so it is dropped.
 */
export class KpiCheckpointer {
  /** received_at up to which every live sample reached the engine. */
  private receivedBy: number | null = null;
  /** Position of the stored checkpoint (-Infinity: none known). */
  private storedTo = -Infinity;
  /** Position of the checkpoint being written, and whether a sample it claims but does not hold arrived meanwhile. */
  private writing: { position: number; missed: boolean } | null = null;
  /** Whether the engine holds the complete stored history (see markedState); false until a start says so. */
  private complete = false;

  constructor(private readonly store: KpiCheckpointStore) {}

  /**
   * After a start: the engine holds everything received by `receivedBy`; its state came from `storedTo`. `complete`:
   * it holds the stored history too (a replay or a complete checkpoint), not only what arrived since (an empty start).
   */
  started(receivedBy: number, storedTo: number, complete: boolean): void {
    this.receivedBy = receivedBy;
    this.storedTo = storedTo;
    this.complete = complete;
  }

  /** A live sample stored with this receipt time reached the engine; true when the stored checkpoint must go. */
  delivered(receivedAt: number): boolean {
    if (this.receivedBy === null || receivedAt > this.receivedBy) this.receivedBy = receivedAt;
    if (this.writing && receivedAt <= this.writing.position) this.writing.missed = true;
    if (receivedAt > this.storedTo) return false;
    this.storedTo = -Infinity;
    return true;
  }

  /** A batch reached the engine, stored with `storedAt` (see KpiFeed); true when the stored checkpoint must go. */
  deliveredBatch(samples: readonly StoredSample[], storedAt: number | undefined): boolean {
    let drop = false;
    for (const s of samples) if (this.delivered(s.knownAt ?? storedAt ?? s.receivedAt)) drop = true;
    return drop;
  }

  drop(): Promise<void> {
    return this.store.clear();
  }

  /**
   * Stores the engine's checkpoint; imports must have been picked up up to `importWatermark`. Skipped (null) while
   * imports run ahead of the live samples (samples received in between may still be on their way), before any
   * sample, or when a sample received by its position reached the engine while it was written (it holds the state
   * of its start). Live samples go on reaching the engine meanwhile. `atStop`: every live sample has reached the
   * engine, so the position runs up to the imports too. Returns the size stored.
   */
  async write(
    engine: KpiEnginePort,
    modelVersion: number,
    importWatermark: number | null,
    atStop = false,
  ): Promise<{ bytes: number; ms: number } | null> {
    const live = this.receivedBy;
    const receivedBy = atStop && live !== null && importWatermark !== null ? Math.max(live, importWatermark) : live;
    if (receivedBy === null || (importWatermark !== null && importWatermark > receivedBy)) return null;
    const started = Date.now();
    const writing = (this.writing = { position: receivedBy, missed: false });
    let state: Buffer;
    try {
      const checkpoint = await engine.checkpointInSlices();
      if (!checkpoint) return null;
      state = markedState(await checkpointBytes(checkpoint.data), this.complete);
      if (writing.missed) return null;
      await this.store.save({
        modelVersion,
        takenAt: started,
        receivedBy,
        watermark: checkpoint.watermark,
        cut: checkpoint.cut,
        format: CHECKPOINT_FORMAT,
        state,
      });
    } finally {
      this.writing = null;
    }
    if (writing.missed) {
      // arrived while it was being saved: the stored one claims a sample it does not hold
      await this.store.clear();
      return null;
    }
    this.storedTo = receivedBy;
    return { bytes: state.length, ms: Date.now() - started };
  }
}
