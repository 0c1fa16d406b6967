import { Registry } from 'prom-client';
import { ForecastCycleMetrics } from './forecast-cycle.metrics';
import { ForecastProgress } from './forecast-progress';

const S = 1_000;
/** First cycle due 45 s after the start, then every 600 s; 900 s of slack before health degrades. */
const BOUNDS = { initialDelayMs: 45 * S, intervalMs: 600 * S, stallAfterMs: 900 * S };
const START = Date.UTC(2026, 11, 7, 6, 0, 0);
const at = (s: number) => START + s * S;

describe(ForecastProgress.name, () => {
  const cases: Array<{
    name: string;
    events: (p: ForecastProgress) => void;
    now: number;
    ok: boolean;
    reason?: string;
  }> = [
    { name: 'just started', events: () => undefined, now: 0, ok: true },
    // due at 45 s, 900 s of slack: 945 s is still fine, 946 s is not
    { name: 'no cycle yet, within the first bound', events: () => undefined, now: 945, ok: true },
    {
      name: 'no cycle yet, past the first bound',
      events: () => undefined,
      now: 946,
      ok: false,
      reason: 'no forecasts stored for 946 s since start',
    },
    {
      name: 'a cycle stored at 60 s, the next due 600 s later',
      events: (p) => p.finished(p.started(at(45)), 'ok', at(60)),
      now: 60 + 1_500,
      ok: true,
    },
    {
      name: 'a cycle stored at 60 s, nothing since for 1,501 s',
      events: (p) => p.finished(p.started(at(45)), 'ok', at(60)),
      now: 60 + 1_501,
      ok: false,
      reason: 'no forecasts stored for 1501 s',
    },
    {
      name: 'a cycle running for 900 s',
      events: (p) => void p.started(at(45)),
      now: 945,
      ok: true,
    },
    {
      name: 'a cycle running for 901 s (and nothing stored since start)',
      events: (p) => void p.started(at(100)),
      now: 1_001,
      ok: false,
      reason: 'a forecast cycle has been running for 901 s; no forecasts stored for 1001 s since start',
    },
    {
      name: 'cycles failing since the last stored one',
      events: (p) => {
        p.finished(p.started(at(45)), 'ok', at(60));
        p.finished(p.started(at(660)), 'failed', at(661), undefined, new Error('connection refused'));
        p.finished(p.started(at(1_260)), 'failed', at(1_262), undefined, new Error('connection refused'));
      },
      now: 1_600,
      ok: false,
      reason: 'no forecasts stored for 1540 s (2 cycles failed in a row: connection refused)',
    },
    {
      name: 'a failure followed by a stored cycle',
      events: (p) => {
        p.finished(p.started(at(45)), 'failed', at(50), undefined, new Error('timed out'));
        p.finished(p.started(at(645)), 'ok', at(700));
      },
      now: 2_000,
      ok: true,
    },
    {
      name: 'forecasts another replica stored (announced)',
      events: (p) => p.stored(at(1_000)),
      now: 2_400,
      ok: true,
    },
  ];

  it.each(cases)('$name', ({ events, now, ok, reason }) => {
    const sut = new ForecastProgress(BOUNDS, START);
    events(sut);

    const health = sut.health(at(now));

    expect(health.ok).toBe(ok);
    expect((health.detail as { reason?: string }).reason).toBe(reason);
  });

  it('shows the last stored time, the running cycle and the last failure', () => {
    const sut = new ForecastProgress(BOUNDS, START);
    sut.finished(sut.started(at(45)), 'ok', at(60));
    sut.finished(sut.started(at(660)), 'failed', at(665), undefined, new Error('database away'));
    sut.started(at(1_260));

    expect(sut.health(at(1_300)).detail).toEqual({
      lastStoredAt: '2026-12-07T06:01:00.000Z',
      runningMs: 40_000,
      failuresInARow: 1,
      lastFailure: { at: '2026-12-07T06:11:05.000Z', error: 'database away' },
    });
  });

  it('hands each ended cycle to the metrics with its own start', async () => {
    const registry = new Registry();
    const sut = new ForecastProgress(BOUNDS, START, new ForecastCycleMetrics(registry));
    const first = sut.started(at(10));
    const second = sut.started(at(12));
    sut.finished(second, 'ok', at(15), 100);
    sut.finished(first, 'failed', at(40));

    const text = await registry.metrics();
    expect(text).toContain('bsc_forecast_cycle_seconds_sum{outcome="ok"} 3');
    expect(text).toContain('bsc_forecast_cycle_seconds_sum{outcome="failed"} 30');
    expect(text).toContain('bsc_forecast_daily_samples_fed_total 100');
    expect(text).toContain(`bsc_forecast_last_cycle_completed_seconds ${at(15) / 1_000}`);
  });
});
