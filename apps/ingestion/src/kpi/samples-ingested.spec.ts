import { FixedActiveModel } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import { InProcessEventBus, type BscEventMap, type PublishOptions } from '@bsc/events';
import { TwinModelBuilder } from '@bsc/twin';
import { announceIngested, IngestedAnnouncer, PastDaySummary } from './samples-ingested';

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

describe(announceIngested.name, () => {
  /** What this process's listeners and what other processes receive, per publish. */
  const published = (announce: (bus: InProcessEventBus) => void) => {
    const bus = new InProcessEventBus();
    const local: number[][] = [];
    const remote: number[][] = [];
    // what a broker-backed bus does with a publish: the payload to local listeners, the remote form on the stream
    bus.publish = <K extends keyof BscEventMap>(_: K, payload: BscEventMap[K], options?: PublishOptions<K>) => {
      const { samples } = payload as BscEventMap['samples.ingested'];
      local.push(samples.map((s) => s.ts));
      const sent = options?.remote === undefined ? payload : options.remote;
      if (sent !== null) remote.push((sent as BscEventMap['samples.ingested']).samples.map((s) => s.ts));
    };
    announce(bus);
    return { local, remote };
  };

  it.each([
    // today starts at 100: 50 and 60 are history still arriving, 100 and 150 live
    ['every sample here, the past-day ones elsewhere', 100, [[50, 100, 60, 150]], [[50, 60]]],
    ['a live batch: an empty notice elsewhere (data changed)', 40, [[50, 100, 60, 150]], [[]]],
    ['no day given: every sample both ways', undefined, [[50, 100, 60, 150]], [[50, 100, 60, 150]]],
  ])('%s', (_, dayStart, local, remote) => {
    const batch = [sample(50), sample(100), sample(60), sample(150)];
    expect(published((bus) => announceIngested(bus, batch, dayStart))).toEqual({ local, remote });
  });

  it('no samples: nothing either way', () => {
    expect(published((bus) => announceIngested(bus, [], 100))).toEqual({ local: [], remote: [] });
  });

  it("the announcer's day is today's start in the model's calendar (UTC here)", () => {
    const snapshot = new FixedActiveModel(TwinModelBuilder.minimal().buildValid()).current();
    const now = Date.UTC(2026, 11, 6, 9);
    const batch = [sample(Date.UTC(2026, 11, 5, 23, 59)), sample(Date.UTC(2026, 11, 6, 0, 0)), sample(now)];
    const sent = published((bus) => new IngestedAnnouncer(bus).announce(snapshot, batch, now));
    expect(sent.remote).toEqual([[Date.UTC(2026, 11, 5, 23, 59)]]);
    expect(sent.local).toEqual([batch.map((s) => s.ts)]);
  });
});
