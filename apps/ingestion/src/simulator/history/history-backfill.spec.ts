import { DEMO_SIGNAL_IDS } from '../demo/demo-signal-routes';
import { DAY_MS, MINUTE_MS } from '../plant/sim-time';
import { backfillDays, historyBatches, type BackfillPlan } from './history-backfill';

const plan = (overrides: Partial<BackfillPlan> = {}): BackfillPlan => ({
  seed: 42,
  end: Date.UTC(2026, 10, 20, 12, 7),
  days: 2,
  stepMs: 15 * MINUTE_MS,
  batchSize: 2_000,
  ...overrides,
});

describe(historyBatches.name, () => {
  const batches = [...historyBatches(plan())];
  const samples = batches.flat();

  it('generates the same history for the same seed', () => {
    expect([...historyBatches(plan())].flat()).toEqual(samples);
    expect([...historyBatches(plan({ seed: 1 }))].flat()).not.toEqual(samples);
  });

  it('covers every demo signal within the window, in batches no larger than asked', () => {
    const { end, days } = plan();

    // Safety incidents are rare (a few a year): a two-day window may well have none.
    expect(new Set(samples.map((s) => s.signalId))).toEqual(
      new Set(DEMO_SIGNAL_IDS.filter((id) => id !== 'hr.safety_incidents')),
    );
    expect(samples.filter((s) => s.ts <= end - days * DAY_MS - 15 * MINUTE_MS || s.ts > end)).toEqual([]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2_000);
    expect(samples.every((s) => s.source === 'simulator' && s.quality === 'good')).toBe(true);
    // The pipeline accepts epoch milliseconds only as integers.
    expect(samples.filter((s) => !Number.isInteger(s.ts))).toEqual([]);
  });

  it("counts simulated history as known at its own time (time travel shows the demo's past as it stood)", () => {
    expect(samples.filter((s) => s.knownAt !== s.ts)).toEqual([]);
  });

  it('samples plant signals on the step grid', () => {
    const speeds = samples.filter((s) => s.signalId === 'line1.speed');
    expect(speeds).toHaveLength(2 * 96);
    expect(speeds.every((s) => s.ts % (15 * MINUTE_MS) === 0)).toBe(true);
  });
});

describe(backfillDays.name, () => {
  const end = Date.UTC(2026, 10, 20);
  const step = 10 * MINUTE_MS;

  it.each([
    ['the whole window on first start', 180, undefined, 180],
    ['nothing when disabled', 0, undefined, 0],
    ['the gap since the newest sample after a restart', 180, end - 2 * DAY_MS, 2],
    ['at most the window after a long outage', 180, end - 400 * DAY_MS, 180],
    ['nothing when history reaches the last step', 180, end - step, 0],
  ])('generates %s', (_case, window, newest, expected) => {
    expect(backfillDays(window, step, end, newest)).toBeCloseTo(expected, 6);
  });
});
