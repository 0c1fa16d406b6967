import type { SignalSample } from '@bsc/common';
import { IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiFeedService } from './kpi-feed.service';
import { clockPast, KpiFeedHarness, lineGoodSample } from './testing/kpi-feed-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The model's calendar is UTC (TwinModelBuilder.minimal): today starts at the last UTC midnight. */
const todayStart = () => Math.floor(Date.now() / DAY) * DAY;
const good = lineGoodSample;
/** `bsc import samples` of yesterday: 01:00 … 05:00 UTC, values 1 … 5. */
const yesterday = () => [1, 2, 3, 4, 5].map((h) => good(todayStart() - DAY + h * HOUR, h, IMPORTED_SAMPLE_SOURCE));

const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();

/**
 * Samples `bsc import samples` stored while the feed was stopped reach the engine at the next start (replayed after
 * the restored position); their past days are announced once, in one `samples.ingested`, so the API's forecasts
 * know history is still arriving. Those announced before the stop are not announced again (live samples never are:
 * only imports are stored while the feed is stopped).
 */
describe(`${KpiFeedService.name} start: history stored while stopped`, () => {
  const harness = new KpiFeedHarness(model);
  const { announced } = harness;

  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  const start = (checkpointS: string, pollS = '0') =>
    harness.start(
      { KPI_CHECKPOINT_INTERVAL_S: checkpointS, SAMPLE_IMPORT_POLL_INTERVAL_S: pollS },
      harness.checkpoints,
    );

  const live = (feed: KpiFeedService, sample: SignalSample) => harness.live(feed, sample);

  /** A run with two live samples (`first` is the first one's time, the second half an hour later), checkpointed, stopped. */
  async function runAndStop(checkpointS: string, first = todayStart()): Promise<void> {
    const feed = await start(checkpointS);
    await live(feed, good(first, 1));
    await live(feed, good(first + HOUR / 2, 2));
    await feed.writeCheckpoint();
    await harness.stop(feed);
    await clockPast(Date.now());
    announced.length = 0;
  }

  it.each([
    // live samples of yesterday 00:00 and 00:30: the checkpoint's cut (00:25, 5 min before) precedes the import
    ['restored from the checkpoint', '60', () => todayStart() - DAY],
    // live samples of today: the import is older than the checkpoint's cut, so the bounded replay runs instead
    ['replayed (an import older than the checkpoint)', '60', todayStart],
    ['replayed (no harness.checkpoints)', '0', todayStart],
  ])('5 samples of yesterday imported while stopped, %s: one samples.ingested of 5', async (_, cp, liveFrom) => {
    await runAndStop(cp, liveFrom());
    await harness.samples.insertBatch(yesterday(), Date.now());

    const sut = await start(cp);
    await sut.settled();

    // 5 samples, 01:00 … 05:00 UTC yesterday, all before today's 00:00: one event of 5
    expect(announced).toEqual([5]);
  });

  it('a start with nothing imported meanwhile announces nothing', async () => {
    await runAndStop('60');

    await (await start('60')).settled();

    expect(announced).toEqual([]);
  });

  it('only the past days: of 5 + 2 imported, the 2 of today (from midnight on) are not announced', async () => {
    await runAndStop('60');
    // yesterday 23:59:59.999 is a past day (1 ms before midnight); today 00:00:00.000 is not
    const edge = [good(todayStart() - 1, 6, IMPORTED_SAMPLE_SOURCE), good(todayStart(), 7, IMPORTED_SAMPLE_SOURCE)];
    await harness.samples.insertBatch([...yesterday().slice(1), ...edge], Date.now());

    await (await start('60')).settled();

    // 4 of yesterday's hours (02:00 … 05:00) + 23:59:59.999 = 5; 00:00 today left out
    expect(announced).toEqual([5]);
  });

  it('a live sample of a past day, announced as it arrived after the checkpoint, is not announced again', async () => {
    // in the checkpoint: yesterday 00:00 and 00:30 (cut 00:25)
    const first = await start('60');
    await live(first, good(todayStart() - DAY, 1));
    await live(first, good(todayStart() - DAY + HOUR / 2, 2));
    await first.writeCheckpoint();
    announced.length = 0;
    // received after the checkpoint's position: yesterday 05:00, announced on delivery
    await live(first, good(todayStart() - DAY + 5 * HOUR, 5));
    expect(announced).toEqual([1]);
    await harness.stop(first);
    announced.length = 0;

    await (await start('60')).settled();

    expect(announced).toEqual([]);
  });

  it('imports picked up after the last periodic checkpoint are not announced again: the stop stores its position', async () => {
    // in the checkpoint: yesterday 00:00 and 00:30 (cut 00:25)
    const first = await start('60', '3600');
    await live(first, good(todayStart() - DAY, 1));
    await live(first, good(todayStart() - DAY + HOUR / 2, 2));
    await first.writeCheckpoint();
    announced.length = 0;
    // yesterday 01:00 … 03:00, after the cut, picked up by a poll and announced: 3
    await harness.samples.insertBatch(yesterday().slice(0, 3), Date.now());
    await first.pollImports();
    expect(announced).toEqual([3]);
    await harness.stop(first);
    announced.length = 0;

    await (await start('60', '3600')).settled();

    expect(announced).toEqual([]);
  });

  it('samples imported and announced before the stop are not announced again', async () => {
    const first = await start('60', '3600');
    await live(first, good(todayStart(), 1));
    announced.length = 0;
    await harness.samples.insertBatch(yesterday().slice(0, 3), Date.now());
    // the stop picks the import up (close polls once more) and announces it: 3 samples
    await harness.stop(first);
    expect(announced).toEqual([3]);
    announced.length = 0;

    await (await start('60', '3600')).settled();

    expect(announced).toEqual([]);
  });
});
