import { HeldEvents } from './held-events';

describe(HeldEvents.name, () => {
  let now = 0;
  let errors: unknown[];
  let seen: string[];
  beforeEach(() => {
    now = 0;
    errors = [];
    seen = [];
  });

  /** On the test clock, recording its handlers' errors; `holdMs` as given (default: all are held). */
  function heldEvents(holdMs?: number): HeldEvents {
    return new HeldEvents(
      (error) => errors.push(error),
      () => now,
      holdMs,
    );
  }

  it('holds events in the order they came until opened, then lets them through; a failing one stops no other', () => {
    const sut = heldEvents();
    const samples = sut.hold((e: string) => seen.push(`samples ${e}`));
    const forecasts = sut.hold((e: string) => {
      if (e === 'bad') throw new Error('bad forecast');
      seen.push(`forecast ${e}`);
    });
    samples('a');
    forecasts('bad');
    forecasts('b');
    samples('c');
    expect(seen).toEqual([]);

    sut.open();
    samples('d');

    expect(seen).toEqual(['samples a', 'forecast b', 'samples c', 'samples d']);
    expect(errors).toEqual([new Error('bad forecast')]);
  });

  it('hands over only the events of the last holdMs, and holds again once closed', () => {
    const sut = heldEvents(10_000);
    const handle = sut.hold((e: string) => seen.push(e));
    handle('at 0');
    now = 5_000;
    handle('at 5 s');
    // opened at 10.001 s: the first is 10.001 s old, beyond 10 s; the second 5.001 s
    now = 10_001;
    sut.open();
    sut.close();
    handle('after the close');

    expect(seen).toEqual(['at 5 s']);
    sut.open();
    expect(seen).toEqual(['at 5 s', 'after the close']);
  });

  it('keeps everything that comes once the evaluation is starting, however long its reads take', () => {
    const sut = heldEvents(10_000);
    const handle = sut.hold((e: string) => seen.push(e));
    handle('at 0');
    // the start begins at 10.001 s: the first is older than 10 s and goes; what comes while it reads stays
    now = 10_001;
    sut.starting();
    handle('at 10.001 s');
    now = 30_000;
    sut.open();

    expect(seen).toEqual(['at 10.001 s']);
  });
});
