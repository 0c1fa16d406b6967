import type { SignalSample } from '@bsc/common';
import { IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { isComplete } from './kpi-checkpoints';
import { KpiFeedService } from './kpi-feed.service';
import { clockPast, KpiFeedHarness, lineGoodSample } from './testing/kpi-feed-harness';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
const good = lineGoodSample;
/** `bsc import samples` of November 1 … 5, values 1 … 5. */
const imported = () => [1, 2, 3, 4, 5].map((day) => good(at(11, day), day, IMPORTED_SAMPLE_SOURCE));

/** output = sum(line1.good, period), monthly (TwinModelBuilder.minimal). */
const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();

/**
 * KPI_REPLAY_ON_START=false starts the engine empty (no replay of stored history), yet samples `bsc import samples`
 * stored while the feed was stopped are not lost: at the next start the import poll's pick-up feeds them through the
 * live path from the stop's position (the checkpoint's, else the newest revision's) and announces them, as it does
 * for an import made while the feed runs.
 */
describe(`${KpiFeedService.name} with KPI_REPLAY_ON_START off: imports made while stopped`, () => {
  const harness = new KpiFeedHarness(model);
  const { announced, published } = harness;

  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  const start = (checkpointS: string, pollS = '0') =>
    harness.start(
      { KPI_REPLAY_ON_START: 'false', KPI_CHECKPOINT_INTERVAL_S: checkpointS, SAMPLE_IMPORT_POLL_INTERVAL_S: pollS },
      harness.checkpoints,
    );

  const live = (feed: KpiFeedService, sample: SignalSample) => harness.live(feed, sample);

  /** A run with live samples of October 30 (2) and 31 (3), checkpointed when `checkpointS` is on, then stopped. */
  async function runAndStop(checkpointS: string, pollS = '0'): Promise<KpiFeedService> {
    const feed = await start(checkpointS, pollS);
    await live(feed, good(at(10, 30), 2));
    await live(feed, good(at(10, 31), 3));
    if (checkpointS !== '0') await feed.writeCheckpoint();
    return feed;
  }

  async function stop(feed: KpiFeedService): Promise<void> {
    await harness.stop(feed);
    await clockPast(Date.now());
    published.length = 0;
    announced.length = 0;
  }

  it.each([
    ['position from the checkpoint', '60'],
    ['position from the newest revision (no harness.checkpoints)', '0'],
  ])('5 samples imported while stopped reach the KPIs and are announced once (%s)', async (_, cp) => {
    await stop(await runAndStop(cp));
    // the first run published October: 2 + 3 = 5
    expect(await harness.revisions.asOf(['output'], ['2026-10'])).toMatchObject([{ value: 5 }]);
    await harness.samples.insertBatch(imported(), Date.now());

    const sut = await start(cp);
    await sut.settled();

    // November from the imports alone: 1 + 2 + 3 + 4 + 5 = 15; October (not replayed) is not published again
    expect(published).toEqual([['2026-11', 15]]);
    // one page of the pick-up: one samples.ingested of 5
    expect(announced).toEqual([5]);
    await harness.stop(sut);
    expect(await harness.revisions.asOf(['output'], ['2026-11'])).toMatchObject([{ value: 15 }]);
  });

  it('a first start (no position yet) picks up everything imported before it', async () => {
    await harness.samples.insertBatch(imported(), Date.now());

    await (await start('60')).settled();

    // 1 + 2 + 3 + 4 + 5
    expect(published).toEqual([['2026-11', 15]]);
    expect(announced).toEqual([5]);
  });

  it('a start with nothing imported meanwhile publishes and announces nothing', async () => {
    await stop(await runAndStop('60'));

    await (await start('60')).settled();

    expect(published).toEqual([]);
    expect(announced).toEqual([]);
  });

  it('imports picked up before the stop are not fed or announced again', async () => {
    const first = await runAndStop('0', '3600');
    published.length = 0;
    announced.length = 0;
    await harness.samples.insertBatch(imported().slice(0, 3), Date.now());
    // the stop's last poll picks the import up: November 1 + 2 + 3 = 6, announced once (3)
    await harness.stop(first);
    expect(published.filter(([period]) => period === '2026-11')).toEqual([['2026-11', 6]]);
    expect(announced).toEqual([3]);
    published.length = 0;
    announced.length = 0;

    await (await start('0', '3600')).settled();

    expect(published).toEqual([]);
    expect(announced).toEqual([]);
  });

  it('its checkpoint lacks the history: a later start with the replay on replays instead of restoring it', async () => {
    // stored before: October 29 (2) and 30 (3), as a run that stored them left them (no checkpoint)
    await harness.samples.insertBatch([good(at(10, 29), 2), good(at(10, 30), 3)], Date.now());
    await clockPast(Date.now());
    const off = await start('60');
    await live(off, good(at(10, 31), 4));
    // the empty engine counts October 31 alone: 4
    expect(published).toEqual([['2026-10', 4]]);
    await off.writeCheckpoint();
    await stop(off);
    const stored = await harness.checkpoints.find(1);
    expect(stored?.receivedBy).toBeGreaterThan(0);
    expect(stored && isComplete(stored)).toBe(false);

    const on = await harness.start(
      { KPI_REPLAY_ON_START: 'true', KPI_CHECKPOINT_INTERVAL_S: '60' },
      harness.checkpoints,
    );
    await on.settled();
    published.length = 0;
    // a live 0 shows the state: 2 + 3 + 4 + 0 = 9 from the replay (the incomplete checkpoint restored: 4 + 0 = 4)
    await live(on, good(at(10, 31) + 60_000, 0));
    expect(published).toEqual([['2026-10', 9]]);
    // the replay-on engine's own checkpoint holds the history again
    await on.writeCheckpoint();
    const taken = await harness.checkpoints.find(1);
    expect(taken && isComplete(taken)).toBe(true);
  });
});
