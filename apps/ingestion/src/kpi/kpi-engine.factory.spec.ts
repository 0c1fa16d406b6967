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
  for (let s = 1.5; s <= 5; s += 0.5) {
    for (const v of engine.ingest([sample('clock', T0 + s * SEC, 1)])) if (v.kpiId === 'k') seen.push(s);
  }
  return seen;
}

describe(kpiEngineFactory.name, () => {
  it.each([
    // On every batch: the open average changes with every step of the 20 level's hold.
    { KPI_MOVING_REFRESH_MS: '0', seen: [1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] },
    // 'k' is first in dependency order (phase 0): refreshed when the watermark reaches a whole 5 s.
    { KPI_MOVING_REFRESH_MS: '5000', seen: [5] },
  ])('KPI_MOVING_REFRESH_MS=$KPI_MOVING_REFRESH_MS re-evaluates a moving KPI at seconds $seen', (c) => {
    expect(openValuesSeen({ KPI_MOVING_REFRESH_MS: c.KPI_MOVING_REFRESH_MS })).toEqual(c.seen);
  });

  it('refreshes once a second by default', () => {
    expect(openValuesSeen({})).toEqual([2, 3, 4, 5]);
  });
});
