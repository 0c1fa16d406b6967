import { InProcessEventBus } from './in-process-event-bus';

describe(InProcessEventBus.name, () => {
  it('delivers to every subscriber of the event and stops after unsubscribe', () => {
    const sut = new InProcessEventBus();
    const seen: string[] = [];
    const off = sut.subscribe('scorecard.changed', (e) => seen.push(`a:${e.unitId}`));
    sut.subscribe('scorecard.changed', (e) => seen.push(`b:${e.unitId}`));
    sut.subscribe('model.imported', () => seen.push('other'));

    sut.publish('scorecard.changed', { unitId: 'u1', at: 1 });
    off();
    sut.publish('scorecard.changed', { unitId: 'u2', at: 2 });

    expect(seen).toEqual(['a:u1', 'b:u1', 'b:u2']);
  });

  it("tells subscribers an event's origin: published here, or delivered from another process", () => {
    const sut = new InProcessEventBus();
    const seen: string[] = [];
    sut.subscribe('scorecard.changed', (e, origin) => seen.push(`${e.unitId}:${origin}`));

    sut.publish('scorecard.changed', { unitId: 'u1', at: 1 }, { remote: null });
    sut.deliver('scorecard.changed', { unitId: 'u2', at: 2 }, 'remote');

    expect(seen).toEqual(['u1:local', 'u2:remote']);
  });

  it('isolates a throwing handler and reports it', () => {
    const errors: unknown[] = [];
    const sut = new InProcessEventBus((_name, error) => errors.push(error));
    const seen: number[] = [];
    sut.subscribe('scorecard.changed', () => {
      throw new Error('boom');
    });
    sut.subscribe('scorecard.changed', (e) => seen.push(e.at));

    sut.publish('scorecard.changed', { unitId: 'u', at: 7 });

    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});
