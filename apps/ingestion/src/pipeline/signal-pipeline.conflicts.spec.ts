import { Logger } from '@nestjs/common';
import type { SignalSample } from '@bsc/common';
import type { RawSampleInput } from './sample-intake.port';
import { SignalPipeline } from './signal-pipeline.service';
import { buildPipeline, LogStore, MemoryStore, metricTotal, NOW, raw } from './testing/pipeline-fakes';

const T = NOW - 5_000;
const T_ISO = new Date(T).toISOString();
const stored = (value: number, quality: SignalSample['quality'] = 'good'): SignalSample => ({
  signalId: 'line1.scrap',
  ts: T,
  value,
  quality,
  source: 'mqtt',
});

/**
 * A sample is kept once per (signal, ts): the first. A later one with the same value and quality is a re-delivery
 * (a duplicate, counted); one with another value or quality loses to the stored one and is dead-lettered, never
 * dropped unseen. "Earlier" is the same process (remembered keys) or the database (a restart between the two).
 */
describe(`${SignalPipeline.name}: a repeat of a stored signal and time`, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const cases: Array<{
    name: string;
    /** stored before a restart (the storage path) or submitted first in this process (the in-memory path) */
    before: { restart: SignalSample } | { submitted: RawSampleInput };
    later: RawSampleInput;
    duplicates: number;
    /** the dead letter's detail, or none for an exact repeat */
    detail?: string;
  }> = [
    // {x,T,3} then {x,T,5}: 5 is refused, naming the stored 3.
    {
      name: 'another value, in memory',
      before: { submitted: raw('line1.scrap', 3, T) },
      later: raw('line1.scrap', 5, T),
      duplicates: 0,
      detail: `line1.scrap at ${T_ISO} is stored as 3 (good); refused 5 (good)`,
    },
    {
      name: 'another value, stored before a restart',
      before: { restart: stored(3) },
      later: raw('line1.scrap', 5, T),
      duplicates: 0,
      detail: `line1.scrap at ${T_ISO} is stored as 3 (good); refused 5 (good)`,
    },
    // Same number, another quality: still another reading.
    {
      name: 'another quality, stored before a restart',
      before: { restart: stored(3) },
      later: { ...raw('line1.scrap', 3, T), quality: 'uncertain' },
      duplicates: 0,
      detail: `line1.scrap at ${T_ISO} is stored as 3 (good); refused 3 (uncertain)`,
    },
    {
      name: 'the same reading, in memory',
      before: { submitted: raw('line1.scrap', 3, T) },
      later: raw('line1.scrap', 3, T),
      duplicates: 1,
    },
    {
      name: 'the same reading, stored before a restart',
      before: { restart: stored(3) },
      later: raw('line1.scrap', 3, T),
      duplicates: 1,
    },
  ];

  it.each(cases)('$name', async ({ before, later, duplicates, detail }) => {
    const store = new MemoryStore();
    if ('restart' in before) store.samples.push(before.restart);
    const { sut, registry } = buildPipeline(store);
    const fed: number[] = [];
    sut.connectKpiFeed({
      samplesStored: (samples) => fed.push(...samples.map((s) => s.value)),
      close: () => Promise.resolve(),
    });
    if ('submitted' in before) await sut.submit([before.submitted]);

    const result = await sut.submit([later]);

    const conflicts = detail === undefined ? 0 : 1;
    // A repeat the write finds stored counts as accepted in the result (it is stored), as before; the metric
    // counts it a duplicate.
    const foundByWrite = 'restart' in before && detail === undefined ? 1 : 0;
    expect(result).toEqual({
      accepted: foundByWrite,
      rejected: conflicts,
      duplicates: duplicates - foundByWrite,
      errors: detail === undefined ? [] : [{ index: 0, reason: 'conflicting_duplicate', detail }],
    });
    expect(store.samples.map((s) => [s.value, s.quality])).toEqual([[3, 'good']]);
    expect(store.letters.map((l) => [l.reason, l.detail, l.signalId])).toEqual(
      detail === undefined ? [] : [['conflicting_duplicate', detail, 'line1.scrap']],
    );
    // only the first value ever reaches the KPI side
    expect(fed).toEqual('submitted' in before ? [3] : []);
    expect(await metricTotal(registry, 'bsc_samples_duplicate_total')).toBe(duplicates);
    expect(await metricTotal(registry, 'bsc_samples_rejected_total')).toBe(conflicts);
    await sut.beforeApplicationShutdown();
  });

  it('reads nothing back for a batch the database took whole', async () => {
    const { sut, store } = buildPipeline();
    await sut.submit([raw('line1.scrap', 3, T), raw('line1.scrap', 4, T + 1_000)]);
    expect(store.reads).toBe(0);
    await sut.beforeApplicationShutdown();
  });
});

/**
 * On the sample log (SAMPLE_LOG=jetstream) a repeat of a key this intake saw is read back from what the workers
 * stored: a conflict with it is refused here; one whose first is not stored yet goes to the log, where JetStream drops
 * an exact repeat by its id and the worker dead-letters another reading.
 */
describe(`${SignalPipeline.name} on the sample log: a repeat of a key the intake saw`, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('logs another value whose first is not stored yet, for its worker to judge; drops an exact repeat', async () => {
    const { sut, store, registry } = buildPipeline(new LogStore());
    await sut.submit([raw('line1.scrap', 3, T)]);

    // 5 and 3 at T repeat the key; no worker stored 3 yet: 5 has another id and is logged, 3 has the same and is
    // dropped by the log → accepted 1, duplicates 1, nothing refused here
    const result = await sut.submit([raw('line1.scrap', 5, T), raw('line1.scrap', 3, T)]);

    expect(result).toEqual({ accepted: 1, rejected: 0, duplicates: 1, errors: [] });
    expect(store.logged.map((s) => s.value)).toEqual([3, 5]);
    expect(store.letters).toEqual([]);
    expect(await metricTotal(registry, 'bsc_samples_duplicate_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('refuses another value of a sample a worker stored, as the database pipeline does', async () => {
    const { sut, store } = buildPipeline(new LogStore());
    await sut.submit([raw('line1.scrap', 3, T)]);
    // the worker stored {line1.scrap, T, 3}
    store.stored.push(stored(3));

    const result = await sut.submit([raw('line1.scrap', 5, T), raw('line1.scrap', 3, T)]);

    const detail = `line1.scrap at ${T_ISO} is stored as 3 (good); refused 5 (good)`;
    expect(result).toEqual({
      accepted: 0,
      rejected: 1,
      duplicates: 1,
      errors: [{ index: 0, reason: 'conflicting_duplicate', detail }],
    });
    expect(store.logged.map((s) => s.value)).toEqual([3]);
    expect(store.letters.map((l) => [l.reason, l.detail])).toEqual([['conflicting_duplicate', detail]]);
    await sut.beforeApplicationShutdown();
  });
});

/**
 * On the sample log, a sample a worker stored (through another intake, or before a restart) that this intake never
 * saw: JetStream drops an exact repeat only within its duplicate window, and never another reading, so a batch
 * holding a sample stamped before that window is read back first, as `bsc import samples` does, and told as the
 * database pipeline tells it.
 */
describe(`${SignalPipeline.name} on the sample log: a sample a worker stored that this intake never saw`, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const WINDOW_MS = 60_000;
  /** Two minutes old: before the log's one-minute window. */
  const OLD = NOW - 120_000;
  const storedOld = (value: number): SignalSample => ({ ...stored(value), ts: OLD });

  it('takes the same reading as stored, appending nothing; the metric counts it a duplicate', async () => {
    const { sut, store, registry } = buildPipeline(new LogStore(WINDOW_MS));
    store.stored.push(storedOld(3));

    const result = await sut.submit([raw('line1.scrap', 3, OLD)]);

    // as the database pipeline answers a repeat its write finds stored: accepted, counted a duplicate
    expect(result).toEqual({ accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    expect(store.logged).toEqual([]);
    expect(store.reads).toBe(1);
    expect(await metricTotal(registry, 'bsc_samples_duplicate_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('refuses another reading naming both, appends the rest of the batch, in one read', async () => {
    const { sut, store, registry } = buildPipeline(new LogStore(WINDOW_MS));
    store.stored.push(storedOld(3));

    // 5 at OLD conflicts with the stored 3; 4 at OLD + 1 s is stored nowhere: appended
    const result = await sut.submit([raw('line1.scrap', 5, OLD), raw('line1.scrap', 4, OLD + 1_000)]);

    const detail = `line1.scrap at ${new Date(OLD).toISOString()} is stored as 3 (good); refused 5 (good)`;
    expect(result).toEqual({
      accepted: 1,
      rejected: 1,
      duplicates: 0,
      errors: [{ index: 0, reason: 'conflicting_duplicate', detail }],
    });
    expect(store.logged.map((s) => [s.ts, s.value])).toEqual([[OLD + 1_000, 4]]);
    expect(store.letters.map((l) => [l.reason, l.detail, l.signalId])).toEqual([
      ['conflicting_duplicate', detail, 'line1.scrap'],
    ]);
    expect(store.reads).toBe(1);
    expect(await metricTotal(registry, 'bsc_samples_duplicate_total')).toBe(0);
    expect(await metricTotal(registry, 'bsc_samples_rejected_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('reads nothing back for a batch stamped within the window, whose exact repeats the log drops itself', async () => {
    const { sut, store } = buildPipeline(new LogStore(WINDOW_MS));

    const result = await sut.submit([raw('line1.scrap', 3, NOW - 2_000), raw('line1.scrap', 4, NOW - 1_000)]);

    expect(result).toEqual({ accepted: 2, rejected: 0, duplicates: 0, errors: [] });
    expect(store.logged.map((s) => s.value)).toEqual([3, 4]);
    expect(store.reads).toBe(0);
    await sut.beforeApplicationShutdown();
  });
});
