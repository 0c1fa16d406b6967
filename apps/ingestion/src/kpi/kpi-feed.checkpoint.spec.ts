import type { SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { isComplete } from './kpi-checkpoints';
import { KpiFeedService } from './kpi-feed.service';
import { clockPast, KpiFeedHarness } from './testing/kpi-feed-harness';

const at = (day: number) => Date.UTC(2026, 10, day, 12);
const good = (day: number, value: number): SignalSample => ({
  signalId: 'line1.good',
  ts: at(day),
  value,
  quality: 'good',
  source: 'opcua:opc',
});
/** output = sum(line1.good, period), monthly. */
const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();

describe(`${KpiFeedService.name} checkpoints`, () => {
  const harness = new KpiFeedHarness(model);
  const { published, history } = harness;

  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  function start(intervalS: string, replayOnStart = 'true'): Promise<KpiFeedService> {
    history.rows = 0;
    return harness.start(
      { KPI_CHECKPOINT_INTERVAL_S: intervalS, KPI_REPLAY_ON_START: replayOnStart },
      harness.checkpoints,
    );
  }

  const live = (feed: KpiFeedService, sample: SignalSample) => harness.live(feed, sample);

  /**
   * November 2, 3, 4, 5, checkpoint, then `after` (received after it), stop without the stop's own checkpoint (as a
   * kill, or a failed write, leaves it).
   */
  async function runWithCheckpoint(...after: SignalSample[]): Promise<void> {
    const first = await start('60');
    for (const s of [good(2, 1), good(3, 2), good(4, 10), good(5, 20)]) await live(first, s);
    await first.writeCheckpoint();
    expect(await harness.checkpoints.find(1)).toMatchObject({ watermark: at(5), cut: at(5) - 5 * 60_000 });
    for (const s of after) await live(first, s);
    const save = jest.spyOn(harness.checkpoints, 'save').mockRejectedValue(new Error('killed'));
    await harness.stop(first);
    save.mockRestore();
  }

  it('a restart reads only what came after the cut and continues with the values of an uninterrupted run', async () => {
    await runWithCheckpoint(good(6, 5));

    const sut = await start('60');
    // Nov 4 (carried into the cut), Nov 5 (after the cut, in the checkpoint), Nov 6 (received after it)
    expect(history.rows).toBe(3);
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 10 + 20 + 5 + 1: Nov 2 and 3 counted from the checkpoint's summary, never read again
    expect(published).toEqual([['2026-11', 39]]);
  });

  it('a stop stores its position: the restart reads only what the cut needs, with the same values', async () => {
    const first = await start('60');
    for (const s of [good(2, 1), good(3, 2), good(4, 10), good(5, 20), good(6, 5)]) await live(first, s);
    await harness.stop(first);
    // the stop's checkpoint holds Nov 6: cut 5 minutes before it
    expect(await harness.checkpoints.find(1)).toMatchObject({ watermark: at(6), cut: at(6) - 5 * 60_000 });

    const sut = await start('60');
    // Nov 5 (carried into the cut) and Nov 6 (after it): nothing was received after the position
    expect(history.rows).toBe(2);
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 10 + 20 + 5 + 1
    expect(published).toEqual([['2026-11', 39]]);
  });

  it('the position is the stored receipt: a sample written after its intake is not counted twice at a restart', async () => {
    const first = await start('60');
    for (const s of [good(2, 1), good(3, 2), good(4, 10), good(5, 20)]) {
      // as the pipeline: received at the intake, written (received_at) 20 ms later
      const receivedAt = Date.now();
      await harness.samples.insertBatch([s], receivedAt + 20);
      first.samplesStored([{ ...s, receivedAt }], receivedAt + 20);
      await clockPast(receivedAt + 20);
    }
    await first.writeCheckpoint();
    const save = jest.spyOn(harness.checkpoints, 'save').mockRejectedValue(new Error('killed'));
    await harness.stop(first);
    save.mockRestore();

    const sut = await start('60');
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 10 + 20 + 1, each once
    expect(published).toEqual([['2026-11', 34]]);
  });

  it('without checkpoints (0) a restart replays the open period, with the same values', async () => {
    await runWithCheckpoint(good(6, 5));

    const sut = await start('0');
    expect(history.rows).toBe(5);
    published.length = 0;
    await live(sut, good(7, 1));
    expect(published).toEqual([['2026-11', 39]]);
  });

  it('a sample older than the cut received after the checkpoint: the bounded replay instead, exact', async () => {
    // Nov 3, a second after the other sample of that day
    await runWithCheckpoint({ ...good(3, 4), ts: at(3) + 1_000 });

    const sut = await start('60');
    // November's five samples: the checkpoint cannot hold a sample before its cut
    expect(history.rows).toBe(5);
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 4 + 10 + 20 + 1
    expect(published).toEqual([['2026-11', 38]]);
  });

  it('the stop checkpoint of a run without the replay is not restored: the next replay-on start replays', async () => {
    const first = await start('60');
    for (const s of [good(2, 1), good(3, 2)]) await live(first, s);
    await harness.stop(first);
    const off = await start('60', 'false');
    for (const s of [good(4, 10), good(5, 20)]) await live(off, s);
    // its stop's checkpoint replaces the complete one: the engine started empty, it holds 10 + 20 only
    await harness.stop(off);
    const stored = await harness.checkpoints.find(1);
    expect(stored && isComplete(stored)).toBe(false);

    const sut = await start('60');
    // all four November samples replayed (a restore reads Nov 4, carried into the cut, and Nov 5 only)
    expect(history.rows).toBe(4);
    published.length = 0;
    await live(sut, good(6, 5));
    // 1 + 2 + 10 + 20 + 5 (a restore: 10 + 20 + 5 = 35)
    expect(published).toEqual([['2026-11', 38]]);
    await harness.stop(sut);

    // the replay-on run's stop checkpoint is complete again and restored: Nov 5 (carried into the cut) and Nov 6
    const again = await start('60');
    expect(history.rows).toBe(2);
    published.length = 0;
    await live(again, good(7, 1));
    // 1 + 2 + 10 + 20 + 5 + 1
    expect(published).toEqual([['2026-11', 39]]);
  });
});
