import type { SignalSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { PastDaySummary } from './samples-ingested';

const sample = (ts: number): SignalSample => ({ signalId: 's', ts, value: 1, quality: 'good', source: 'csv' });

describe(PastDaySummary.name, () => {
  let bus: InProcessEventBus;
  let events: number[][];

  beforeEach(() => {
    bus = new InProcessEventBus();
    events = [];
    bus.subscribe('samples.ingested', ({ samples }) => events.push(samples.map((s) => s.ts)));
  });

  it.each([
    // today starts at 100: 50, 60, 70, 10 are past days, 100 and 200 are not; 4 of them fit under 5
    ['all past-day samples, in one event', 5, [50, 60, 70, 10]],
    // only 3 fit: the first three kept (50, 60, 70), the oldest (10) in place of the last one
    ['at most `max`, the oldest always among them', 3, [50, 60, 10]],
  ])('%s', (_, max, expected) => {
    const sut = new PastDaySummary(100, max);
    sut.add([sample(50), sample(60), sample(70), sample(100)]);
    sut.add([sample(10), sample(200)]);

    expect(sut.announce(bus)).toBe(expected.length);
    expect(events).toEqual([expected]);
  });

  it('no past day: no event', () => {
    const sut = new PastDaySummary(100);
    sut.add([sample(100), sample(150)]);

    expect(sut.announce(bus)).toBe(0);
    expect(events).toEqual([]);
  });
});
