import { hourlySamples } from './test-sample.builder';

const HOUR = 3_600_000;

describe(hourlySamples.name, () => {
  it('starts at `from`, steps an hour and stops before `to`', () => {
    // 00:30 to 03:00: 00:30, 01:30 and 02:30; 03:30 lies past the end
    const sut = hourlySamples('line1.good', HOUR / 2, 3 * HOUR, 10);
    expect(sut).toEqual([
      { signalId: 'line1.good', ts: 1_800_000, value: 10, quality: 'good', source: 'test' },
      { signalId: 'line1.good', ts: 5_400_000, value: 10, quality: 'good', source: 'test' },
      { signalId: 'line1.good', ts: 9_000_000, value: 10, quality: 'good', source: 'test' },
    ]);
  });

  it('names the source when given, and is empty for an empty range', () => {
    // 60 days of hours: 60 x 24 = 1440 samples, the last at 59 days 23 h
    const sut = hourlySamples('line1.good', 0, 60 * 24 * HOUR, 10, 'csv');
    expect(sut).toHaveLength(1_440);
    expect(sut[1_439]).toEqual({ signalId: 'line1.good', ts: 1_439 * HOUR, value: 10, quality: 'good', source: 'csv' });
    expect(hourlySamples('line1.good', HOUR, HOUR, 10)).toEqual([]);
  });

  it('takes the value from a function of the time when given one', () => {
    // a counter going up 10 an hour from 0: 0 at 00:00, 10 at 01:00, 20 at 02:00
    const sut = hourlySamples('line1.count', 0, 3 * HOUR, (ts) => (10 * ts) / HOUR);
    expect(sut.map((s) => [s.ts, s.value])).toEqual([
      [0, 0],
      [HOUR, 10],
      [2 * HOUR, 20],
    ]);
  });
});
