import { InProcessEventBus } from '@bsc/events';
import { eventStream } from './event-stream';

const resolved = (unitId: string, at: number) => ({ alertId: `a${at}`, unitId, at });

describe(eventStream.name, () => {
  it('yields selected events in order, skipping those mapped to null', async () => {
    const bus = new InProcessEventBus();
    const sut = eventStream(bus, ['alert.resolved'], (_name, p) =>
      'unitId' in p && p.unitId === 'north' ? p.at : null,
    );

    bus.publish('alert.resolved', resolved('north', 1));
    bus.publish('alert.resolved', resolved('south', 2));
    bus.publish('alert.resolved', resolved('north', 3));

    expect(await sut.next()).toEqual({ value: 1, done: false });
    expect(await sut.next()).toEqual({ value: 3, done: false });
  });

  it('yields each item of an event mapped to several, in order', async () => {
    const bus = new InProcessEventBus();
    const sut = eventStream(bus, ['alert.resolved'], (_name, p) => ('at' in p ? [p.at, p.at + 1] : null));
    const pending = sut.next();
    bus.publish('alert.resolved', resolved('north', 7));
    expect(await pending).toEqual({ value: 7, done: false });
    expect(await sut.next()).toEqual({ value: 8, done: false });
  });

  it('resolves a waiting consumer as soon as an event is published', async () => {
    const bus = new InProcessEventBus();
    const sut = eventStream(bus, ['alert.resolved'], (_name, p) => ('at' in p ? p.at : null));
    const pending = sut.next();
    bus.publish('alert.resolved', resolved('north', 7));
    expect(await pending).toEqual({ value: 7, done: false });
  });

  it('drops the oldest events beyond the buffer and counts them', async () => {
    const bus = new InProcessEventBus();
    const sut = eventStream(bus, ['alert.resolved'], (_name, p) => ('at' in p ? p.at : null), 2);
    for (const at of [1, 2, 3, 4]) bus.publish('alert.resolved', resolved('north', at));
    expect(sut.dropped()).toBe(2);
    expect((await sut.next()).value).toBe(3);
  });

  it('unsubscribes from the bus when the consumer stops', async () => {
    const bus = new InProcessEventBus();
    let selected = 0;
    const sut = eventStream(bus, ['alert.resolved'], () => ++selected);
    const pending = sut.next();
    await sut.return?.();
    bus.publish('alert.resolved', resolved('north', 1));
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(selected).toBe(0);
  });
});
