import { Logger } from '@nestjs/common';
import type { SignalSample } from '@bsc/common';
import type { RawSampleInput } from './sample-intake.port';
import { SignalPipeline } from './signal-pipeline.service';
import { buildPipeline, MemoryStore, metricTotal, NOW, raw } from './testing/pipeline-fakes';

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
      signalsLost: () => undefined,
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
