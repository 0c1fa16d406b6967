import { FixedActiveModel } from '@bsc/app-kit';
import type { LoggedSample } from '@bsc/cluster';
import { BscError, BscErrorCode } from '@bsc/common';
import { InProcessEventBus, type BscEventMap, type PublishOptions } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import type { DeadLetterRecord } from '../pipeline/pipeline-stores.port';
import { PartitionLostError } from './partition-fence';
import { PartitionKpiWorker, type WorkerSampleRepository } from './partition-kpi-worker';
import { PartitionWorkerHarness } from './testing/partition-worker-harness';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
const good = (ts: number, value: number): LoggedSample => ({
  signalId: 'line1.good',
  ts,
  value,
  quality: 'good',
  source: 'mqtt',
  receivedAt: ts,
});

/** output = sum(line1.good, period), monthly; one partition holds every KPI. */
const activeModel = new FixedActiveModel(TwinModelBuilder.minimal().buildValid());
/** k = daily average of the event signal x (one observation each, averaged per sample). */
const eventModel = new FixedActiveModel(
  TwinModelBuilder.model().signal('x').declare({ kind: 'event' }, 'x').kpi('k', 'avg(x, period)').build(),
);
const x = (h: number, value: number): LoggedSample => ({ ...good(Date.UTC(2026, 10, 4, h), value), signalId: 'x' });

describe(PartitionKpiWorker.name, () => {
  const harness = new PartitionWorkerHarness();
  let bus: InProcessEventBus;
  let published: Array<[string, number | null]>;
  let owned: boolean;

  beforeEach(async () => {
    await harness.open();
    bus = new InProcessEventBus();
    published = [];
    owned = true;
    bus.subscribe('kpis.updated', ({ values }: BscEventMap['kpis.updated']) => {
      for (const v of values) if (v.kpiId === 'output') published.push([v.periodKey, v.value]);
    });
  });

  afterEach(() => harness.close());

  /** `token`: the lease revision the worker acquired the partition at. */
  const worker = (token = 1) =>
    harness.worker(activeModel, bus, { partitions: 1, fence: () => (owned ? token : undefined) });
  const stored = (periodKey: string) => harness.stored('output', periodKey);

  it('a successor counts a sample older than its replayed history once, recomputing that period from the database', async () => {
    const first = worker();
    await first.start(0);
    // October 7 + 1 + 2 = 10, November 10 + 20 = 30
    await first.handle(0, [good(at(10, 2), 7), good(at(10, 9), 1), good(at(10, 20), 2)]);
    await first.handle(0, [good(at(11, 4), 10), good(at(11, 5), 20)]);
    expect([await stored('2026-10'), await stored('2026-11')]).toEqual([10, 30]);

    const sut = worker();
    await sut.start(0);
    published.length = 0;
    await sut.handle(0, [good(at(10, 25), 4)]);
    // October 10 + 4 = 14 (all of October read again, not only the value carried into November); November as it was
    expect([await stored('2026-10'), await stored('2026-11')]).toEqual([14, 30]);
    expect(published.find(([period]) => period === '2026-10')).toEqual(['2026-10', 14]);
    // and it goes on from the rebuilt state
    await sut.handle(0, [good(at(11, 6), 5)]);
    expect(await stored('2026-11')).toBe(35);
  });

  it('stores and writes nothing once the partition is no longer its own', async () => {
    const sut = worker();
    await sut.start(0);
    owned = false;
    await expect(sut.handle(0, [good(at(11, 4), 10)])).rejects.toBeInstanceOf(PartitionLostError);
    expect(await harness.samples.count()).toBe(0);
    expect(await stored('2026-11')).toBeUndefined();
    expect(published).toEqual([]);
  });

  it('a stale holder, paused past its lease, writes no KPI value once a successor took the partition', async () => {
    const stale = worker(5);
    await stale.start(0);
    await stale.handle(0, [good(at(11, 4), 10)]);
    expect(await stored('2026-11')).toBe(10);
    // its lease expired unnoticed; the successor acquired the partition at a later revision
    const successor = worker(9);
    await successor.start(0);
    published.length = 0;

    // the stale one still believes it owns the partition: its November 10 + 7 = 17 is refused, nothing published
    await expect(stale.handle(0, [good(at(11, 6), 7)])).rejects.toBeInstanceOf(PartitionLostError);
    expect(await stored('2026-11')).toBe(10);
    expect(published).toEqual([]);

    // the batch was not acknowledged, so the successor gets it: the sample was stored, so it counts once (17)
    await successor.handle(0, [good(at(11, 6), 7)]);
    expect(await stored('2026-11')).toBe(17);
    await successor.handle(0, [good(at(11, 7), 20)]);
    expect(await stored('2026-11')).toBe(37);
    expect(await harness.samples.count()).toBe(3);
  });

  it("does not acknowledge a stale holder's batch that changes no value: the successor counts its sample", async () => {
    const worker = (token: number) =>
      harness.worker(eventModel, bus, { partitions: 1, fence: () => (owned ? token : undefined) });
    const stale = worker(5);
    await stale.start(0);
    await stale.handle(0, [x(1, 10), x(3, 20)]);
    // its lease expired unnoticed; the successor took the partition at a later revision and replayed 10, 20
    const successor = worker(9);
    await successor.start(0);

    // x@02:00 = 15 leaves the average at 15 and the latest sample at 03:00: nothing to write, the fence refuses it all
    // the same (PartitionConsumers acknowledges a batch only when handle resolves)
    await expect(stale.handle(0, [x(2, 15)])).rejects.toBeInstanceOf(PartitionLostError);
    await successor.handle(0, [x(2, 15)]);
    await successor.handle(0, [x(4, 30)]);
    // every stored sample once: (10 + 15 + 20 + 30) / 4 = 18.75 (without 15: 60 / 3 = 20)
    expect(await harness.samples.count()).toBe(4);
    expect(await harness.stored('k', '2026-11-04')).toBe(18.75);
  });

  it('a tick writes the staleness of inputs that stopped updating', async () => {
    const sut = worker();
    await sut.start(0);
    await sut.handle(0, [good(at(11, 4), 10)]);
    const quality = async () =>
      (await harness.revisions.asOf(['output'], ['2026-11'])).find((r) => r.periodKey === '2026-11')?.quality.stale;
    expect(await quality()).toBe(false);
    // KPIs update every minute by default and are stale after three missed updates: 2 minutes on, not yet
    await sut.tick(at(11, 4) + 2 * 60_000);
    expect(await quality()).toBe(false);
    await sut.tick(at(11, 4) + 10 * 60_000);
    expect(await quality()).toBe(true);
    expect(await stored('2026-11')).toBe(10);
  });

  // The intake of a scaled-out ingestion has no KPI engine: a Sparkplug death reaches the worker only as the bad
  // restatement it logs. 10 at T; the death's restatement (no value) at T + 1 min: still 10 (not read), stale as in
  // one process; 5 at T + 2 min: 15, fresh (all within the 3-minute staleness by age).
  it("writes a signal's death as stale, read from the bad restatement in the log", async () => {
    const sut = worker();
    await sut.start(0);
    const t = at(11, 4);
    const revision = async () =>
      (await harness.revisions.asOf(['output'], ['2026-11'])).find((r) => r.periodKey === '2026-11');
    await sut.handle(0, [good(t, 10)]);
    expect(await revision()).toMatchObject({ value: 10, quality: { stale: false } });
    await sut.handle(0, [{ ...good(t + 60_000, Number.NaN), quality: 'bad', source: 'sparkplug' }]);
    expect(await revision()).toMatchObject({ value: 10, quality: { stale: true } });
    await sut.handle(0, [good(t + 120_000, 5)]);
    expect(await revision()).toMatchObject({ value: 15, quality: { stale: false } });
  });

  it('forgets a partition it stopped owning', async () => {
    const sut = worker();
    await sut.start(0);
    expect(sut.held()).toEqual([0]);
    await sut.stop(0);
    expect(sut.held()).toEqual([]);
  });

  it('announces its new samples once per batch: all of them here, those dated before today to other processes', async () => {
    const local: number[][] = [];
    const remote: number[][] = [];
    bus.subscribe('samples.ingested', ({ samples }) => local.push(samples.map((s) => s.ts)));
    const publish = bus.publish.bind(bus);
    // what a broker-backed bus sends other processes: the remote form when given
    bus.publish = <K extends keyof BscEventMap>(name: K, payload: BscEventMap[K], options?: PublishOptions<K>) => {
      const sent = options?.remote === undefined ? payload : options.remote;
      if (name === 'samples.ingested' && sent !== null)
        remote.push((sent as BscEventMap['samples.ingested']).samples.map((s) => s.ts));
      publish(name, payload, options);
    };
    const sut = worker();
    await sut.start(0);
    // the minimal model's calendar is UTC: today starts at midnight UTC
    const now = Date.now();
    const today = now - (now % 86_400_000);
    const yesterday = [good(today - 3_600_000, 1), good(today - 1_800_000, 2)];

    await sut.handle(0, [...yesterday, good(now, 3)]);
    await sut.handle(0, [good(now + 1, 4)]);
    await sut.handle(0, yesterday); // redelivered: stored already, announced already

    // the alert runtime's signal detectors here see the live samples too
    expect(local).toEqual([[today - 3_600_000, today - 1_800_000, now], [now + 1]]);
    // the API reads only history still arriving; a live batch still tells it data changed
    expect(remote).toEqual([[today - 3_600_000, today - 1_800_000], []]);
  });

  it('sets aside what can never be handled as dead letters and counts the rest: a refused sample, a log entry that is no sample', async () => {
    const letters: DeadLetterRecord[] = [];
    // the database refuses a sample for good (a data exception), whichever write carries it
    const samples = Object.create(harness.samples) as WorkerSampleRepository;
    samples.insertNew = (rows) =>
      rows.some((s) => s.value === 666)
        ? Promise.reject(new BscError(BscErrorCode.BadInput, 'value out of range for the column'))
        : harness.samples.insertNew(rows);
    const sut = new PartitionKpiWorker(samples, harness.revisions, bus, activeModel, (m) => new KpiEngine(m.model), {
      partitions: 1,
      deadLetters: { insert: (records) => Promise.resolve(void letters.push(...records)) },
    });
    await sut.start(0);
    // November 10 + 20 + 30 = 60; the refused 666 counts nowhere
    await sut.handle(0, [good(at(11, 4), 10), good(at(11, 5), 20), good(at(11, 6), 666), good(at(11, 7), 30)]);
    expect(await stored('2026-11')).toBe(60);
    expect(await harness.samples.count()).toBe(3);
    expect(letters.map((l) => [l.reason, l.channel, l.signalId])).toEqual([
      ['write_refused', 'line1.good', 'line1.good'],
    ]);
    expect(letters[0].detail).toBe('the database refused the sample: value out of range for the column');
    expect(JSON.parse(letters[0].payload!)).toMatchObject({ ts: at(11, 6), value: 666 });

    await sut.reject(0, [{ subject: 'bsc.samples.0', seq: 41, raw: Buffer.from('{"v":'), detail: 'not JSON' }]);
    expect(letters[1]).toMatchObject({
      source: 'sample-log',
      channel: 'bsc.samples.0',
      reason: 'invalid_log_entry',
      detail: 'not JSON',
      payload: '{"v":',
    });
  });
});
