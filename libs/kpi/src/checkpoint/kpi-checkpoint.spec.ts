import { SignalSeries } from '../series/signal-series';
import { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint } from './kpi-checkpoint';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22);
const layout = { bucketMs: MIN, retentionMs: 10 * MIN };
const keepAll = (): number => -Infinity;

/** Series without period trackers: each one's part is its newest usable sample and newest bad time only. */
const bare = (id: string): SignalSeries => new SignalSeries(id, MIN, 11, 0);

// a: uncertain 5 at T0, then its death restated bad (7) 1 s later; b: good 3 at T0 + 2 s, never bad.
// Header: format, bucket, retention, watermark, cut, signal count; per signal: newest usable ts, value,
// quality code (good 0, uncertain 1, bad 2), newest bad ts (-Infinity: none), number of period types.
const ENCODED = [
  ...[3, MIN, 10 * MIN, T0 + 2_000, T0 + 1_000, 2],
  ...[T0, 5, 1, T0 + 1_000, 0],
  ...[T0 + 2_000, 3, 0, -Infinity, 0],
];

describe('KPI checkpoint layout', () => {
  it('writes each signal as its newest usable sample and newest bad time, with no stale flag', () => {
    const a = bare('a');
    a.add(T0, 5, 'uncertain');
    a.add(T0 + 1_000, 7, 'bad');
    const b = bare('b');
    b.add(T0 + 2_000, 3, 'good');

    const checkpoint = encodeCheckpoint(layout, T0 + 2_000, T0 + 1_000, [a, b], keepAll);

    expect(CHECKPOINT_FORMAT).toBe(3);
    expect([...checkpoint.data]).toEqual(ENCODED);
  });

  it('reads the same layout back: the signal whose newest sample is bad is stale again', () => {
    const a = bare('a');
    const b = bare('b');

    expect(decodeCheckpoint(layout, Float64Array.from(ENCODED), [a, b])).toEqual({
      watermark: T0 + 2_000,
      cut: T0 + 1_000,
    });
    expect([a.latestTs, a.latestValue, a.latestQuality, a.latestBadTs, a.stale]).toEqual([
      T0,
      5,
      'uncertain',
      T0 + 1_000,
      true,
    ]);
    expect([b.latestTs, b.latestValue, b.latestQuality, b.latestBadTs, b.stale]).toEqual([
      T0 + 2_000,
      3,
      'good',
      -Infinity,
      false,
    ]);
  });

  it('does not read a checkpoint of the previous layout (format 2, with a stale flag per signal)', () => {
    const previous = [
      ...[2, MIN, 10 * MIN, T0 + 2_000, T0 + 1_000, 2],
      ...[T0, 5, 1, T0 + 1_000, 0, 0],
      ...[T0 + 2_000, 3, 0, -Infinity, 0, 0],
    ];
    expect(() => decodeCheckpoint(layout, Float64Array.from(previous), [bare('a'), bare('b')])).toThrow(
      'checkpoint format 2 is not 3',
    );
  });
});
