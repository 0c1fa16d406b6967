import type { KpiValue, SampleQuality, SignalSample } from '@bsc/common';
import fc from 'fast-check';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import { everyPathModel } from './test-support/every-path-model';
import { batchesOf } from './test-support/stream-batches';
import type { ReplayHorizon } from './replay-horizon';
import { testSample as sample } from '@bsc/common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Saturday: the stream crosses a week boundary (Monday, +01:00) and several days
const T0 = Date.UTC(2026, 10, 21, 20);

/** What storage returns for a horizon: per signal its newest and newest usable sample before `from`, then all from it. */
function stored(samples: readonly SignalSample[], horizon: ReplayHorizon): SignalSample[] {
  const out: SignalSample[] = [];
  for (const signalId of horizon.signals.keys()) {
    const before = samples.filter((s) => s.signalId === signalId && s.ts < horizon.from).sort((x, y) => y.ts - x.ts);
    const usable = before.find((s) => s.quality !== 'bad' && Number.isFinite(s.value));
    for (const s of new Set([before[0], usable])) if (s) out.push(s);
  }
  return [...out, ...samples.filter((s) => s.ts >= horizon.from)];
}

/** Values of the periods from each KPI's floor on (what a restored engine evaluates). */
function fromFloors(engine: KpiEngine, horizon: ReplayHorizon): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const id of engine.kpiIds()) {
    const floor = horizon.floors.get(id) ?? -Infinity;
    out[id] = engine
      .history(id)
      .filter((v) => v.periodStart >= floor)
      .map((v: KpiValue) => [v.periodKey, v.value, v.quality, v.asOf]);
  }
  return out;
}

/** A checkpoint as storage gives it back: bytes, not the engine's own array. */
function throughBytes(data: Float64Array): Float64Array {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

describe(`${KpiEngine.name} checkpoints`, () => {
  it('restores period sums without the samples before the cut, and continues exactly', () => {
    const model = TwinModelBuilder.model().signal('x').kpi('daily', 'sum(x, period)').build();
    const create = () => new KpiEngine(model, { clock: () => 0, checkpointReplayMs: 10 * MINUTE });
    const day = Date.UTC(2026, 10, 22);
    const before = [sample('x', day + HOUR, 3), sample('x', day + 2 * HOUR, 4), sample('x', day + 3 * HOUR, 5)];
    const source = create();
    source.ingest(before);
    const checkpoint = source.checkpoint();
    // the watermark 03:00 less 10 min
    expect(checkpoint?.cut).toBe(day + 3 * HOUR - 10 * MINUTE);

    const sut = create();
    const horizon = sut.restore({ data: throughBytes(checkpoint!.data) });
    expect(horizon.from).toBe(day + 3 * HOUR - 10 * MINUTE);
    // storage gives 4 (the newest before the cut, carried in) and 5: the 3 is read by nobody
    sut.replay(stored(before, horizon));
    expect(sut.finishRestore().map((v) => [v.periodKey, v.value])).toEqual([['2026-11-22', 12]]);
    // 3 + 4 + 5 + 10, and a late 1 within the cut's reach
    sut.ingest([sample('x', day + 4 * HOUR, 10)]);
    expect(sut.ingest([sample('x', day + 3 * HOUR - MINUTE, 1)]).map((v) => v.value)).toEqual([23]);
  });

  it('keeps a signal marked stale by a bad sample before the cut', () => {
    const model = TwinModelBuilder.model()
      .signal('a', 'b')
      .kpi('ab', 'coalesce(avg(a, period), 0) + coalesce(avg(b, period), 0)')
      .build();
    const create = () => new KpiEngine(model, { clock: () => 0, checkpointReplayMs: MINUTE });
    const day = Date.UTC(2026, 10, 22);
    // b's death at 00:00:30 restates its 2 bad; the watermark 00:02 puts the cut at 00:01, after it. Both engines:
    // 1 + 2 = 3 (b held at 2, a minute and a half old: fresh by age for 3), stale by the bad sample.
    const samples = [
      sample('a', day, 1),
      sample('b', day, 2),
      sample('b', day + 30_000, 2, 'bad'),
      sample('a', day + 2 * MINUTE, 1),
    ];
    const source = create();
    source.ingest(samples);
    expect(source.valueOf('ab', '2026-11-22')).toMatchObject({ value: 3, quality: { stale: true } });
    const checkpoint = source.checkpoint()!;
    expect(checkpoint.cut).toBe(day + MINUTE);

    const sut = create();
    sut.replay(stored(samples, sut.restore({ data: throughBytes(checkpoint.data) })));
    expect(sut.finishRestore()).toMatchObject([{ value: 3, quality: { stale: true } }]);
    // b's next good sample clears it in both
    const next = [sample('b', day + 2 * MINUTE + 1, 2)];
    expect(sut.ingest(next)).toEqual(source.ingest(next));
    expect(sut.valueOf('ab', '2026-11-22')?.quality.stale).toBe(false);
  });

  it('refuses a checkpoint of another model or other settings', () => {
    const model = TwinModelBuilder.model().signal('x').kpi('daily', 'sum(x, period)').build();
    const source = new KpiEngine(model, { clock: () => 0 });
    source.ingest([sample('x', T0, 1)]);
    const { data } = source.checkpoint()!;
    const other = TwinModelBuilder.model().signal('x', 'y').kpi('daily', 'sum(x, period) + sum(y, period)').build();
    expect(() => new KpiEngine(other).restore({ data })).toThrow('another set of signals');
    expect(() => new KpiEngine(model, { bucketMs: 30_000 }).restore({ data })).toThrow('other bucket');
  });

  // every path of the engine (see everyPathModel)
  const model = everyPathModel({ monthly: true });
  const create = () =>
    new KpiEngine(model, {
      clock: () => 0,
      retentionMs: 6 * HOUR,
      latenessMs: 2 * 24 * HOUR,
      checkpointReplayMs: 30 * MINUTE,
    });

  const eventArb = fc.record({
    signalId: fc.constantFrom('a', 'b'),
    step: fc.integer({ min: 0, max: 40 * MINUTE }),
    // mostly in order; some late within the cut's reach, some older than any cut
    lateBy: fc.oneof(
      { weight: 8, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 25 * MINUTE }) },
      { weight: 1, arbitrary: fc.integer({ min: 40 * MINUTE, max: 9 * HOUR }) },
    ),
    value: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
    quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    batchEnds: fc.boolean(),
  });
  const scenarioArb = fc.record({
    events: fc.array(eventArb, { minLength: 2, maxLength: 150 }),
    restarts: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
  });

  /**
   * A restart after `at` batches, as the feed does it: checkpoint of the engine so far, taken in slices of one signal
   * while the next `during` batches reach the engine between them, restore, replay of what storage holds from the
   * horizon on, then the later batches live; a batch with a sample older than the late bound gets a replay from its
   * period on (bounded, as the feed's rebuild).
   */
  async function restartedAt(
    batches: SignalSample[][],
    at: number,
    during: number,
  ): Promise<{ engine: KpiEngine; horizon: ReplayHorizon; source: KpiEngine }> {
    const source = create();
    for (const batch of batches.slice(0, at)) source.ingest(batch);
    const atOnce = source.checkpoint()!;
    const arriving = batches.slice(at, at + during);
    const checkpoint = (await source.checkpointInSlices({
      sliceSignals: 1,
      pause: () => {
        const batch = arriving.shift();
        if (batch) source.ingest(batch);
        return Promise.resolve();
      },
    }))!;
    // what arrived between the slices is not in it: the checkpoint of the instant it began
    expect(checkpoint.data).toEqual(atOnce.data);
    for (const batch of [...arriving, ...batches.slice(at + during)]) source.ingest(batch);
    let engine = create();
    let horizon = engine.restore({ data: throughBytes(checkpoint.data) });
    const received = batches.slice(0, at).flat();
    engine.replay(stored(received, horizon));
    engine.finishRestore();
    for (const batch of batches.slice(at)) {
      received.push(...batch);
      const oldest = Math.min(...batch.map((s) => s.ts));
      if (oldest >= horizon.lateBound) {
        engine.ingest(batch);
        continue;
      }
      engine = create();
      const newest = Math.max(...received.map((s) => s.ts));
      horizon = engine.replayHorizon(newest, oldest);
      engine.limitTo(horizon);
      engine.replay(stored(received, { ...horizon, from: horizon.from }));
    }
    return { engine, horizon, source };
  }

  it('gives the values of an uninterrupted run, whatever the restart point, late samples included', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.nat({ max: 3 }), async ({ events, restarts }, during) => {
        const batches = batchesOf(events, T0);
        const reference = create();
        for (const batch of batches) reference.ingest(batch);
        for (const r of restarts) {
          const at = 1 + (r % batches.length);
          const { engine, horizon, source } = await restartedAt(batches, at, during);
          expect(fromFloors(engine, horizon)).toEqual(fromFloors(reference, horizon));
          // the engine that wrote the checkpoint went on exactly as without it
          expect(fromFloors(source, horizon)).toEqual(fromFloors(reference, horizon));
        }
      }),
      { numRuns: 120, seed: 15_022 },
    );
  });

  it('a checkpoint in slices holds the state of its start while samples arrive between the slices', async () => {
    // x is written by the first slice, y by the second; the samples arriving in between change x after it was
    // written and y before (y is then written first, as it stood)
    const model = TwinModelBuilder.model().signal('x', 'y').kpi('daily', 'sum(x, period) + sum(y, period)').build();
    const create = () => new KpiEngine(model, { clock: () => 0, checkpointReplayMs: 10 * MINUTE });
    const day = Date.UTC(2026, 10, 22);
    const before = [sample('x', day + HOUR, 3), sample('y', day + HOUR, 4), sample('x', day + 2 * HOUR, 5)];
    const between = [sample('y', day + 2 * HOUR + 30 * MINUTE, 6), sample('x', day + 2 * HOUR + 40 * MINUTE, 7)];
    const source = create();
    source.ingest(before);
    const atOnce = create();
    atOnce.ingest(before);
    let pauses = 0;
    const checkpoint = await source.checkpointInSlices({
      sliceSignals: 1,
      pause: () => {
        pauses++;
        source.ingest(between);
        return Promise.resolve();
      },
    });
    expect(pauses).toBe(1);
    // watermark 02:00, cut 01:50: the samples of 02:30 and 02:40 are not in it
    expect(checkpoint).toMatchObject({ watermark: day + 2 * HOUR, cut: day + 2 * HOUR - 10 * MINUTE });
    expect(checkpoint!.data).toEqual(atOnce.checkpoint()!.data);
    // 3 + 4 + 5 + 6 + 7: the writing engine went on with every sample
    expect(source.valueOf('daily', '2026-11-22')?.value).toBe(25);

    const sut = create();
    const horizon = sut.restore({ data: throughBytes(checkpoint!.data) });
    // storage at the checkpoint's start: x 3 and y 4 carried in before the cut, x 5 after it
    sut.replay(stored(before, horizon));
    expect(sut.finishRestore().map((v) => [v.periodKey, v.value])).toEqual([['2026-11-22', 12]]);
    // then what arrived between the slices, live: 12 + 6 + 7, the uninterrupted run's 25
    expect(sut.ingest(between).map((v) => v.value)).toEqual([25]);
  });

  it('writes one checkpoint in slices at a time', async () => {
    const model = TwinModelBuilder.model().signal('x', 'y').kpi('daily', 'sum(x, period) + sum(y, period)').build();
    const engine = new KpiEngine(model, { clock: () => 0 });
    engine.ingest([sample('x', T0, 1), sample('y', T0, 2)]);
    let second: Promise<unknown> | undefined;
    await engine.checkpointInSlices({
      sliceSignals: 1,
      pause: () => {
        second = engine.checkpointInSlices();
        return Promise.resolve();
      },
    });
    await expect(second).rejects.toThrow('being written already');
    // and the next one once the first is done
    await expect(engine.checkpointInSlices()).resolves.toMatchObject({ watermark: T0 });
  });
});
