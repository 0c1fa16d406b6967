import { LogEventTime } from './log-event-time';
import { CountingEdgeSamples, type EdgeRow } from './testing/counting-edge-samples';

const TICK_MS = 5_000;
const T0 = Date.UTC(2026, 10, 4);
/** M: the samples of the unread signal u stored between two ticks. */
const M = 20;
const TICKS = 40;

/** Tick i's clock; what is stored before it was received half a tick earlier (its time is its receipt time). */
const clockAt = (i: number) => T0 + i * TICK_MS;
const quietBatch = (i: number): EdgeRow[] =>
  Array.from({ length: M }, (_, j) => ({
    signalId: 'u',
    ts: clockAt(i) - TICK_MS / 2 + j,
    receivedAt: clockAt(i) - TICK_MS / 2 + j,
  }));

/** A LogEventTime over counted samples, on a clock each tick sets; `tick(i)` tells how many rows its refresh passed. */
function eventTimeRig() {
  const rig = {} as { samples: CountingEdgeSamples; sut: LogEventTime; tick: (i: number) => Promise<number> };
  let clock: jest.SpyInstance<number, []>;
  beforeEach(() => {
    clock = jest.spyOn(Date, 'now');
    rig.samples = new CountingEdgeSamples();
    rig.sut = new LogEventTime(rig.samples);
  });
  afterEach(() => clock.mockRestore());
  rig.tick = async (i) => {
    clock.mockReturnValue(clockAt(i));
    rig.samples.walked = 0;
    await rig.sut.refresh();
    return rig.samples.walked;
  };
  return rig;
}

describe(LogEventTime.name, () => {
  const rig = eventTimeRig();

  beforeEach(async () => {
    // k, the one signal a KPI reads, samples once at T0 - 1 s; then only u samples
    rig.samples.store({ signalId: 'k', ts: T0 - 1_000, receivedAt: T0 - 1_000 });
    rig.sut.use(1, () => ['k']);
    await rig.tick(0);
  });

  it(`a quiet spell of ${TICKS} ticks, ${M} unread samples between two: each tick passes at most 8 × ${M} rows`, async () => {
    const walked: number[] = [];
    for (let i = 1; i <= TICKS; i++) {
      rig.samples.store(...quietBatch(i));
      walked.push(await rig.tick(i));
    }
    // the walk by time: the M new samples, all newer than any walked before. The receipt range: what was received
    // after the previous tick's clock - 30 s, i.e. the batches stored before ticks i-6 … i (received 2.5 s before
    // their tick: clockAt(i - 6) - 2.5 s > clockAt(i - 1) - 30 s), 7 × M. So at most M + 7 × M = 8 × M = 160 rows,
    // however long the spell (passing every sample newer than k's, tick 40 alone would pass 40 × 20 = 800).
    expect(Math.max(...walked)).toBeLessThanOrEqual(8 * M);
    // from tick 7 on all 7 batches are there: exactly 160 each tick
    expect(new Set(walked.slice(6))).toEqual(new Set([8 * M]));
    expect(walked.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(TICKS * 8 * M);
    expect(rig.sut.newest).toBe(T0 - 1_000);
  });

  it.each([
    // stored by another worker at tick 10's clock - 1 s, its time 5 s after k's last: under the scan floor
    ['dated inside the spell (below every time walked)', T0 + 4_000, clockAt(10) - 1_000],
    // dated after every u sample: the walk by time finds it
    ['dated after the spell', clockAt(10) + 1_000, clockAt(10) - 1_000],
  ])('a read sample %s stored by another worker moves event time to it at the next tick', async (_, ts, receivedAt) => {
    for (let i = 1; i < 10; i++) {
      rig.samples.store(...quietBatch(i));
      await rig.tick(i);
    }
    rig.samples.store({ signalId: 'k', ts, receivedAt });
    await rig.tick(10);
    expect(rig.sut.newest).toBe(ts);
  });

  it('the bound of the look-back: one received more than 30 s before the previous tick waits for a newer read sample', async () => {
    for (let i = 1; i < 10; i++) {
      rig.samples.store(...quietBatch(i));
      await rig.tick(i);
    }
    // received at tick 2's clock (a backlog stored only now), dated T0 + 4 s: below the scan floor, outside the
    // receipt range (clockAt(9) - 30 s = clockAt(3)), so not seen; k at tick 11's clock is, by the walk by time
    rig.samples.store({ signalId: 'k', ts: T0 + 4_000, receivedAt: clockAt(2) });
    await rig.tick(10);
    expect(rig.sut.newest).toBe(T0 - 1_000);
    rig.samples.store({ signalId: 'k', ts: clockAt(11), receivedAt: clockAt(11) });
    await rig.tick(11);
    expect(rig.sut.newest).toBe(clockAt(11));
  });
});

describe(`${LogEventTime.name} before any sample of a signal read`, () => {
  const rig = eventTimeRig();

  beforeEach(() => rig.sut.use(1, () => ['k']));

  it(`only unread samples, ${M} between two of ${TICKS} ticks: at most 8 × ${M} rows a tick`, async () => {
    const walked: number[] = [];
    for (let i = 1; i <= TICKS; i++) {
      rig.samples.store(...quietBatch(i));
      walked.push(await rig.tick(i));
    }
    // as in a quiet spell: M by time, 7 × M by receipt; no walk from the oldest end for a first read sample while
    // none was found (it would pass every stored sample: 40 × 20 = 800 at tick 40)
    expect(Math.max(...walked)).toBeLessThanOrEqual(8 * M);
    expect([rig.sut.newest, rig.sut.first]).toEqual([-Infinity, Infinity]);
  });

  it('the first read sample, stored by another worker dated inside the spell, is both the newest and the first', async () => {
    for (let i = 1; i < 10; i++) {
      rig.samples.store(...quietBatch(i));
      await rig.tick(i);
    }
    rig.samples.store({ signalId: 'k', ts: T0 + 4_000, receivedAt: clockAt(10) - 1_000 });
    await rig.tick(10);
    expect([rig.sut.newest, rig.sut.first]).toEqual([T0 + 4_000, T0 + 4_000]);
  });
});
