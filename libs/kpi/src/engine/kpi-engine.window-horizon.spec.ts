import { testSample as sample, type SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const T0 = Date.UTC(2026, 10, 22); // a Sunday, 00:00Z
const MIN = 60_000;
const HOUR = 60 * MIN;

/** The last hour of each day, averaged per sample; 1-minute buckets over the default 6 h fine horizon. */
const engine = () =>
  new KpiEngine(TwinModelBuilder.model().signal('x').kpi('w', 'avg_samples(x, 1h)').build(), { clock: () => 0 });

/** A reading every 10 minutes from `fromMin` to `toMin` (exclusive), 10 and 20 alternately. */
function readings(fromMin: number, toMin: number): SignalSample[] {
  const out: SignalSample[] = [];
  for (let m = fromMin; m < toMin; m += 10) out.push(sample('x', T0 + m * MIN, m % 20 === 0 ? 10 : 20));
  return out;
}

describe(`${KpiEngine.name} and the windows its buckets hold`, () => {
  it('evaluates the closed days of one batch that reaches further ahead than the fine horizon', () => {
    const sut = engine();
    // 56 hours in one call (a replay page of a slow signal): 23:00-23:50 holds 10, 20, 10, 20, 10, 20 each day
    sut.ingest(readings(0, 56 * 60));
    expect(sut.valueOf('w', '2026-11-22')?.value).toBe(15);
    expect(sut.valueOf('w', '2026-11-23')?.value).toBe(15);
    // the open day: its window starts on the bucket edge 06:51 → 06:50 and holds seven readings, four of them 20
    expect(sut.valueOf('w', '2026-11-24')?.value).toBe(110 / 7);
    expect(sut.stats().unheldWindows).toBe(0);
  });

  it('gives the batch the values the same samples give one by one', () => {
    const batched = engine();
    const single = engine();
    batched.ingest(readings(0, 56 * 60));
    for (const s of readings(0, 56 * 60)) single.ingest([s]);
    expect(batched.history('w').map((v) => [v.periodKey, v.value])).toEqual(
      single.history('w').map((v) => [v.periodKey, v.value]),
    );
  });

  it('revises a closed day when a late reading falls in a window the buckets still hold', () => {
    const sut = engine();
    for (const s of readings(0, 27 * 60)) sut.ingest([s]);
    // 3 h after the day closed: 23:00-23:50 held six readings (sum 90), 23:35 adds 40
    sut.ingest([sample('x', T0 + 23 * HOUR + 35 * MIN, 40)]);
    expect(sut.valueOf('w', '2026-11-22')?.value).toBe(130 / 7);
  });

  it('keeps a closed day whose window left the buckets, instead of evaluating it over what is left', () => {
    const sut = engine();
    for (const s of readings(0, 32 * 60)) sut.ingest([s]);
    // 8 h after the day closed the buckets start at 02:00: a window read now would be empty (null)
    expect(sut.ingest([sample('x', T0 + 23 * HOUR + 35 * MIN, 40)])).toEqual([]);
    expect(sut.valueOf('w', '2026-11-22')?.value).toBe(15);
    expect(sut.stats()).toMatchObject({ beyondRetention: 1, unheldWindows: 1 });
  });

  describe('a day that closes while every signal is quiet for longer than the fine horizon', () => {
    // a gauge held up to 2 h: 10 from 23:00, 30 from 23:30; the next reading 6.5 h later, past the 6 h horizon
    const gauge = () =>
      new KpiEngine(
        TwinModelBuilder.model().signal('g').declare({ maxHold: '2h' }, 'g').kpi('w', 'avg(g, 45m)').build(),
        { clock: () => 0 },
      );
    const before = [sample('g', T0 + 23 * HOUR, 10), sample('g', T0 + 23 * HOUR + 30 * MIN, 30)];
    const after = sample('g', T0 + 30 * HOUR, 50);

    // the day's window 23:15-24:00 holds 10 for 15 min and 30 for 30 min: (10 × 15 + 30 × 30) / 45 = 70 / 3; its
    // open value at 23:30 was 10 (the window 22:45-23:30), which it kept once the 06:00 reading moved the buckets on
    it.each([
      ['in one batch', [[...before, after]]],
      ['in two batches', [before, [after]]],
      ['one sample a batch', [...before, after].map((s) => [s])],
    ])('is evaluated over its own window %s', (_case, batches) => {
      const sut = gauge();
      for (const batch of batches) sut.ingest(batch);
      expect(sut.valueOf('w', '2026-11-22')?.value).toBeCloseTo(70 / 3, 12);
      expect(sut.stats().unheldWindows).toBe(0);
    });

    it('is not moved on by a far-ahead sample the engine ignores', () => {
      const sut = gauge();
      sut.ingest(before);
      const open = sut.valueOf('w', '2026-11-22')?.value;
      const ignored = [
        sample('unknown', T0 + 400 * 24 * HOUR, 1),
        { ...sample('g', 0, 1), ts: Number.POSITIVE_INFINITY },
      ];
      expect(sut.ingest(ignored)).toEqual([]);
      expect(sut.watermark).toBe(T0 + 23 * HOUR + 30 * MIN);
      expect(sut.valueOf('w', '2026-11-22')?.value).toBe(open);
    });
  });

  it.each([
    ['2 h', 26, 0],
    ['4 h 52 min', 28, 52],
    ['5 h', 29, 0],
  ])("holds a gauge's reading into a closed day's window whenever the next reading comes (%s after)", (_, h, m) => {
    // a gauge held up to 2 h: 100 from 22:30, 0 from 23:30 (and at 23:55), then quiet until the next day. The day's
    // avg(g, 1h) over 23:00-24:00 holds 100 for 30 minutes and 0 for 30: 50, however long the quiet stretch lasts
    // (it came out 0 when the next reading arrived between about 4 h 30 min and 4 h 53 min after midnight: evaluated
    // only then, when the 22:30 reading had left the 6 h of buckets)
    const at = (hour: number, minute = 0): number => T0 + hour * HOUR + minute * MIN;
    const model = TwinModelBuilder.model()
      .signal('g')
      .declare({ maxHold: '2h' }, 'g')
      .kpi('w', 'avg(g, 1h)', { period: 'day' })
      .build();
    const sut = new KpiEngine(model, { clock: () => 0 });
    sut.ingest([sample('g', at(22, 30), 100), sample('g', at(23, 30), 0), sample('g', at(23, 55), 0)]);
    sut.ingest([sample('g', at(h, m), 50)]);
    expect(sut.valueOf('w', '2026-11-22')?.value).toBe(50);
  });
});
