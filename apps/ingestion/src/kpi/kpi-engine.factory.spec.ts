import { testSample as sample } from '@bsc/common';
import { loadConfig, type ActiveModelSnapshot } from '@bsc/app-kit';
import { TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../config/ingestion.config';
import { kpiEngineFactory } from './kpi-engine.factory';

const T0 = Date.UTC(2026, 11, 2, 0);
const SEC = 1_000;

/** avg of a gauge held 5 min moves with the watermark; `clock` (read by 'ticks') moves it every half second. */
function openValuesSeen(env: Record<string, string>): number[] {
  const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', ...env } });
  const model = TwinModelBuilder.model()
    .signal('g', 'clock')
    .declare({ maxHold: '5m' }, 'g')
    .kpi('k', 'avg(g, 10m)', { updateFrequency: '1h' })
    .kpi('ticks', 'sum(clock, period)', { updateFrequency: '1h' })
    .build();
  const engine = kpiEngineFactory(config)({ model } as ActiveModelSnapshot);
  engine.ingest([sample('g', T0, 10), sample('g', T0 + SEC, 20)]);
  const seen: number[] = [];
  for (let s = 1.5; s <= 6; s += 0.5) {
    for (const v of engine.ingest([sample('clock', T0 + s * SEC, 1)])) if (v.kpiId === 'k') seen.push(s);
  }
  return seen;
}

describe(kpiEngineFactory.name, () => {
  it.each([
    // On every batch: the open average changes with every step of the 20 level's hold.
    { KPI_MOVING_REFRESH_MS: '0', seen: [1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6] },
    // 'k' (first in dependency order: no lead) was last visited for the sample at 1 s: refreshed 5 s after it.
    { KPI_MOVING_REFRESH_MS: '5000', seen: [6] },
  ])('KPI_MOVING_REFRESH_MS=$KPI_MOVING_REFRESH_MS re-evaluates a moving KPI at seconds $seen', (c) => {
    expect(openValuesSeen({ KPI_MOVING_REFRESH_MS: c.KPI_MOVING_REFRESH_MS })).toEqual(c.seen);
  });

  it('refreshes once a second by default', () => {
    expect(openValuesSeen({})).toEqual([2, 3, 4, 5, 6]);
  });

  /** A 30 min window of a day, the day closed 2 h before a late reading of 40 at 23:45 lands in it. */
  function dayAfterLateReading(env: Record<string, string>): number | null | undefined {
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', ...env } });
    const model = TwinModelBuilder.model().signal('x').kpi('w', 'avg_samples(x, 30m)').build();
    const engine = kpiEngineFactory(config)({ model } as ActiveModelSnapshot);
    const day = Date.UTC(2026, 11, 2);
    let value: number | null | undefined;
    const feed = (ts: number, v: number) => {
      for (const out of engine.ingest([sample('x', ts, v)])) if (out.periodKey === '2026-12-02') value = out.value;
    };
    for (let m = 0; m <= 26 * 60; m += 30) feed(day + m * 60 * SEC, 10);
    feed(day + (23 * 60 + 45) * 60 * SEC, 40);
    return value;
  }

  it.each([
    // 23:30 read 10; the late 40 joins it: 50 / 2
    { KPI_FINE_HORIZON_S: '21600', value: 25 },
    // an hour of buckets behind 02:00 starts at 01:00: the day's window left them, so the day keeps 10
    { KPI_FINE_HORIZON_S: '3600', value: 10 },
  ])('KPI_FINE_HORIZON_S=$KPI_FINE_HORIZON_S gives the revised day $value', (c) => {
    expect(dayAfterLateReading({ KPI_FINE_HORIZON_S: c.KPI_FINE_HORIZON_S })).toBe(c.value);
  });

  it('keeps six hours of buckets by default', () => {
    expect(dayAfterLateReading({})).toBe(25);
  });
});
