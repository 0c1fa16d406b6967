import { checkpointData, type KpiCheckpoint } from '@bsc/kpi';
import type { StoredKpiCheckpoint } from '@bsc/persistence';
import { isComplete, type KpiCheckpointStore } from './kpi-checkpoints';
import { KpiCheckpointer } from './kpi-checkpointer';
import type { KpiEnginePort } from './kpi-engine.port';

/** The stored checkpoints in memory; a save tells `saving` and waits for `gate` when they are set. */
class MemoryStore implements KpiCheckpointStore {
  stored: StoredKpiCheckpoint | null = null;
  gate: Promise<void> | null = null;
  saving: (() => void) | null = null;
  async save(checkpoint: StoredKpiCheckpoint): Promise<void> {
    this.saving?.();
    await this.gate;
    this.stored = checkpoint;
  }
  find(): Promise<StoredKpiCheckpoint | null> {
    return Promise.resolve(this.stored);
  }
  clear(): Promise<void> {
    this.stored = null;
    return Promise.resolve();
  }
}

/** An engine whose checkpoint is written until `finish` is called; samples "arrive" meanwhile. */
function slowEngine(): { engine: KpiEnginePort; finish: () => void; started: Promise<void> } {
  let finish!: () => void;
  let begun!: () => void;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const done = new Promise<void>((resolve) => (finish = resolve));
  const checkpoint: KpiCheckpoint = { watermark: 500, cut: 200, data: new Float64Array([1, 2, 3]) };
  const engine = {
    checkpointInSlices: async () => {
      begun();
      await done;
      return checkpoint;
    },
  } as unknown as KpiEnginePort;
  return { engine, finish, started };
}

describe(KpiCheckpointer.name, () => {
  it('stores the checkpoint at the position of its start while later samples arrive', async () => {
    const store = new MemoryStore();
    const sut = new KpiCheckpointer(store);
    sut.started(1_000, -Infinity, true);
    const { engine, finish, started } = slowEngine();
    const writing = sut.write(engine, 3, null);
    await started;
    // received after the position (1000): not claimed by this checkpoint, the next one holds it
    expect(sut.delivered(1_001)).toBe(false);
    finish();
    const written = await writing;
    expect(store.stored).toMatchObject({ modelVersion: 3, receivedBy: 1_000, watermark: 500, cut: 200 });
    expect(written?.bytes).toBe(store.stored!.state.length);
    expect([...checkpointData(store.stored!.state)]).toEqual([1, 2, 3]);
    // the next one covers the sample of 1001
    const next = slowEngine();
    next.finish();
    await sut.write(next.engine, 3, null);
    expect(store.stored?.receivedBy).toBe(1_001);
  });

  it('imports picked up ahead of the live samples: skipped while running, at the stop the position runs up to them', async () => {
    const store = new MemoryStore();
    const sut = new KpiCheckpointer(store);
    sut.started(1_000, -Infinity, true);
    const { engine, finish } = slowEngine();
    finish();
    // imports picked up to 1200, live samples to 1000: a live sample received in between may still be on its way
    await expect(sut.write(engine, 3, 1_200)).resolves.toBeNull();
    expect(store.stored).toBeNull();
    // at the stop every live sample is in: the position is max(1000, 1200)
    await sut.write(engine, 3, 1_200, true);
    expect(store.stored?.receivedBy).toBe(1_200);
  });

  it('stores nothing when a sample received by its position reaches the engine while it is written', async () => {
    const store = new MemoryStore();
    const sut = new KpiCheckpointer(store);
    sut.started(1_000, -Infinity, true);
    const { engine, finish, started } = slowEngine();
    const writing = sut.write(engine, 3, null);
    await started;
    // stored with a receipt time of 900 (an explicit knownAt): claimed by the position 1000, not in the state
    sut.delivered(900);
    finish();
    await expect(writing).resolves.toBeNull();
    expect(store.stored).toBeNull();
  });

  it('drops the stored checkpoint when such a sample arrives while it is saved', async () => {
    const store = new MemoryStore();
    const sut = new KpiCheckpointer(store);
    sut.started(1_000, -Infinity, true);
    let open!: () => void;
    store.gate = new Promise<void>((resolve) => (open = resolve));
    const saving = new Promise<void>((resolve) => (store.saving = resolve));
    const { engine, finish } = slowEngine();
    finish();
    const writing = sut.write(engine, 3, null);
    await saving;
    sut.delivered(900);
    open();
    await expect(writing).resolves.toBeNull();
    expect(store.stored).toBeNull();
  });

  it('marks the checkpoint of an engine started empty incomplete; that of a replayed one is stored unmarked', async () => {
    const store = new MemoryStore();
    const sut = new KpiCheckpointer(store);
    const { engine, finish } = slowEngine();
    finish();
    sut.started(1_000, -Infinity, false);
    await sut.write(engine, 3, null);
    // the position is kept for an import pick-up; the state is not restorable as it was encoded
    expect(store.stored).toMatchObject({ receivedBy: 1_000, watermark: 500 });
    expect(isComplete(store.stored!)).toBe(false);
    expect(() => checkpointData(store.stored!.state)).toThrow();

    sut.started(2_000, -Infinity, true);
    await sut.write(engine, 3, null);
    expect(isComplete(store.stored!)).toBe(true);
    expect([...checkpointData(store.stored!.state)]).toEqual([1, 2, 3]);
  });
});
