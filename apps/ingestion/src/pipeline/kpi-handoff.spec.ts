import { KpiHandoff } from './kpi-handoff';

type Step = ['fill' | 'skip', number];

/** Reserves `places` writes, then fills or skips them as `steps` say; what was handed over after each step. */
function handedOver(places: number, steps: Step[]): string[][] {
  const delivered: string[] = [];
  const handoff = new KpiHandoff<string>(
    (batch) => delivered.push(batch),
    () => undefined,
  );
  const reserved = Array.from({ length: places }, () => handoff.reserve());
  return steps.map(([kind, place]) => {
    if (kind === 'fill') handoff.fill(reserved[place], `b${place}`);
    else handoff.skip(reserved[place]);
    return [...delivered];
  });
}

describe(KpiHandoff.name, () => {
  it.each<[string, number, Step[], string[][]]>([
    [
      'in order as they finish',
      2,
      [
        ['fill', 0],
        ['fill', 1],
      ],
      [['b0'], ['b0', 'b1']],
    ],
    [
      'a later write finishing first waits for the earlier one',
      3,
      [
        ['fill', 2],
        ['fill', 1],
        ['fill', 0],
      ],
      [[], [], ['b0', 'b1', 'b2']],
    ],
    [
      'a failed write gives its place up',
      3,
      [
        ['fill', 1],
        ['skip', 0],
        ['fill', 2],
      ],
      [[], ['b1'], ['b1', 'b2']],
    ],
  ])('hands batches over %s', (_name, places, steps, expected) => {
    expect(handedOver(places, steps)).toEqual(expected);
  });

  it('goes on past a batch the KPI side fails on, and reports the failure', () => {
    const failures: unknown[] = [];
    const delivered: string[] = [];
    const handoff = new KpiHandoff<string>(
      (batch) => {
        if (batch === 'bad') throw new Error('engine failed');
        delivered.push(batch);
      },
      (error) => failures.push(error),
    );
    const [a, b] = [handoff.reserve(), handoff.reserve()];
    handoff.fill(b, 'next');
    handoff.fill(a, 'bad');
    expect(delivered).toEqual(['next']);
    expect(failures).toEqual([new Error('engine failed')]);
  });

  it('hands over when its schedule says, what is due by then, in order', () => {
    const delivered: string[] = [];
    const scheduled: Array<() => void> = [];
    const handoff = new KpiHandoff<string>(
      (batch) => delivered.push(batch),
      () => undefined,
      (drain) => scheduled.push(drain),
    );
    const [a, b] = [handoff.reserve(), handoff.reserve()];
    handoff.fill(a, 'a');
    handoff.fill(b, 'b');
    expect(delivered).toEqual([]);

    scheduled[0]();
    expect(delivered).toEqual(['a', 'b']);
    scheduled[1]();
    expect(delivered).toEqual(['a', 'b']);
  });

  it('caughtUp waits for the places written so far and those before them, not for writes still running after them', async () => {
    const handoff = new KpiHandoff<string>(
      () => undefined,
      () => undefined,
    );
    await expect(handoff.caughtUp()).resolves.toBeUndefined();
    const [a, b, c] = [handoff.reserve(), handoff.reserve(), handoff.reserve()];
    // b's write finished (a's still runs, c's started after it): the question covers a and b, not c
    handoff.fill(b, 'b');
    let done = false;
    const waiting = handoff.caughtUp().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);

    handoff.skip(a);
    await waiting;
    expect(done).toBe(true);
    // place c was never filled
    expect(c).toBe(2);
  });
});
