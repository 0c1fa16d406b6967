import { FixedActiveModel } from '@bsc/app-kit';
import {
  forwardedMessageId,
  rebuildMessageId,
  type LoggedSample,
  type RebuildMarker,
  type RelayedEntries,
  type SampleRelay,
} from '@bsc/cluster';
import { InProcessEventBus } from '@bsc/events';
import { kpiPartitions, TwinGraph, TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { PartitionKpiWorker } from './partition-kpi-worker';
import { PartitionWorkerHarness } from './testing/partition-worker-harness';
import { testSample as signalSample } from '@bsc/common';

const hour = (h: number) => Date.UTC(2026, 10, 4, h);
const sample = (signalId: string, ts: number, value: number): LoggedSample => ({
  ...signalSample(signalId, ts, value),
  receivedAt: ts,
});
const a = (h: number, value: number) => sample('a', hour(h), value);
const b = (h: number, value: number) => sample('b', hour(h), value);

/** v1: a and b feed separate KPIs, so separate groups; daily periods. */
const v1: TwinModel = TwinModelBuilder.model()
  .signal('a', 'b')
  .kpi('ka', 'sum(a, period)')
  .kpi('kb', 'sum(b, period)')
  .build();
/** v2: `total` reads both, which joins the two groups in one partition. */
const v2: TwinModel = TwinModelBuilder.model()
  .signal('a', 'b')
  .kpi('ka', 'sum(a, period)')
  .kpi('kb', 'sum(b, period)')
  .kpi('total', 'sum(a, period) + sum(b, period)')
  .build();

/**
 * Two partitions; a group goes to FNV-1a(its smallest signal id) mod 2. FNV-1a of one byte c is
 * (0x811c9dc5 ^ c) × 16777619 mod 2^32, odd exactly when 0x811c9dc5 ^ c is: 'a' (0x61, odd) gives an even hash,
 * partition 0; 'b' (0x62, even) an odd one, partition 1. In v2 the joined group is placed by 'a': b moves from Q to P.
 */
const P = 0;
const Q = 1;

/** The sample log's partitions as the workers write to them, de-duplicating by message id as JetStream does. */
class FakeLog implements SampleRelay {
  readonly ids: string[] = [];
  private readonly pending = new Map<number, RelayedEntries>();

  forward(samples: readonly LoggedSample[], partitionOf: (s: LoggedSample) => number): Promise<void> {
    for (const s of samples) {
      const partition = partitionOf(s);
      if (this.fresh(forwardedMessageId(s, partition))) this.of(partition).forwarded.push(s);
    }
    return Promise.resolve();
  }

  requestRebuild(markers: readonly RebuildMarker[]): Promise<void> {
    for (const m of markers) if (this.fresh(rebuildMessageId(m))) this.of(m.partition).rebuilds.push(m);
    return Promise.resolve();
  }

  /** What the partition's consumer reads next (beside intakes' samples), emptied. */
  take(partition: number): RelayedEntries {
    const entries = this.of(partition);
    this.pending.delete(partition);
    return entries;
  }

  private fresh(id: string): boolean {
    if (this.ids.includes(id)) return false;
    this.ids.push(id);
    return true;
  }

  private of(partition: number): RelayedEntries {
    let entries = this.pending.get(partition);
    if (!entries) this.pending.set(partition, (entries = { forwarded: [], rebuilds: [] }));
    return entries;
  }
}

describe(`${PartitionKpiWorker.name} across a model change`, () => {
  const harness = new PartitionWorkerHarness();
  let log: FakeLog;

  beforeEach(async () => {
    await harness.open();
    log = new FakeLog();
  });

  afterEach(() => harness.close());

  const worker = (activeModel: FixedActiveModel) =>
    harness.worker(activeModel, new InProcessEventBus(), { partitions: 2, relay: log });
  const stored = (kpiId: string) => harness.stored(kpiId, '2026-11-04');

  it('places a and b apart under v1 and together, where a is, under v2', () => {
    const before = kpiPartitions(TwinGraph.fromModel(v1), 2);
    const after = kpiPartitions(TwinGraph.fromModel(v2), 2);
    expect([before.signal.get('a'), before.signal.get('b')]).toEqual([P, Q]);
    expect([after.signal.get('a'), after.signal.get('b'), after.kpi.get('total')]).toEqual([P, P, P]);
  });

  it('forwards a sample of b logged to its old partition after the change, so the new one counts it once', async () => {
    const model = new FixedActiveModel(v1);
    const p = worker(model);
    const q = worker(model);
    await p.start(P);
    await q.start(Q);
    await q.handle(Q, [b(1, 1), b(2, 2)]);
    await p.handle(P, [a(3, 10)]);
    expect([await stored('ka'), await stored('kb')]).toEqual([10, 3]);

    await model.import(v2);
    // P replays under v2 at its next batch: total 10 + 20 + 1 + 2 = 33
    await p.handle(P, [a(4, 20)]);
    expect(await stored('total')).toBe(33);
    // an intake still on v1 logged b = 4 to Q: Q stores it and forwards it to P
    await q.handle(Q, [b(5, 4)]);
    expect(await stored('total')).toBe(33);
    const relayed = log.take(P);
    expect(relayed.forwarded).toEqual([b(5, 4)]);

    await p.handle(P, [], relayed);
    // 10 + 20 + 1 + 2 + 4 = 37; kb, now computed in P, 1 + 2 + 4 = 7
    expect([await stored('total'), await stored('kb')]).toEqual([37, 7]);
    // Q's acknowledgement was lost: the batch comes again, its forward is dropped by its message id
    await q.handle(Q, [b(5, 4)]);
    expect(log.take(P)).toEqual({ forwarded: [], rebuilds: [] });
    expect(log.ids.filter((id) => id === forwardedMessageId(b(5, 4), P))).toHaveLength(1);
    // P goes on from the rebuilt state, and sends nothing back: 37 + 8 = 45
    await p.handle(P, [b(6, 8)]);
    expect(await stored('total')).toBe(45);
    expect(log.take(Q)).toEqual({ forwarded: [], rebuilds: [] });
    expect(await harness.samples.count()).toBe(6);
  });

  it('a worker that stored b while still on v1 sends P a rebuild request once it switches', async () => {
    const pModel = new FixedActiveModel(v1);
    const qModel = new FixedActiveModel(v1);
    const p = worker(pModel);
    const q = worker(qModel);
    await p.start(P);
    await q.start(Q);
    await q.handle(Q, [b(1, 1), b(2, 2)]);
    await p.handle(P, [a(3, 10)]);

    await pModel.import(v2);
    await p.handle(P, [a(4, 20)]);
    expect(await stored('total')).toBe(33);
    // Q has not seen v2 yet: under v1 b = 4 is its own, so it is neither forwarded nor in P's total
    await q.handle(Q, [b(5, 4)]);
    expect(log.take(P)).toEqual({ forwarded: [], rebuilds: [] });
    expect(await stored('total')).toBe(33);

    await qModel.import(v2);
    await q.tick(hour(5));
    const relayed = log.take(P);
    // b's oldest sample Q stored under v1 is the one of 01:00
    expect(relayed.rebuilds).toEqual([{ partition: P, signalId: 'b', fromTs: hour(1), version: 2 }]);
    await p.handle(P, [], relayed);
    // 10 + 20 + 1 + 2 + 4 = 37
    expect(await stored('total')).toBe(37);
    // sent once: Q's next batch and tick have nothing more to announce
    await q.handle(Q, [b(6, 8)]);
    await q.tick(hour(6));
    const next = log.take(P);
    expect(next.rebuilds).toEqual([]);
    // but b = 8, logged to Q by a lagging intake, is forwarded under v2: 37 + 8 = 45
    await p.handle(P, [], next);
    expect(await stored('total')).toBe(45);
  });
});
