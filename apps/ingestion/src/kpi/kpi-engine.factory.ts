import { KpiEngine } from '@bsc/kpi';
import type { IngestionConfig } from '../config/ingestion.config';
import type { KpiEngineFactory } from './kpi-engine.port';

/** The engine of each model version, with the settings the environment gave (live feed and partition workers alike). */
export function kpiEngineFactory(
  config: Pick<IngestionConfig, 'KPI_CHECKPOINT_REPLAY_S' | 'KPI_MOVING_REFRESH_MS' | 'KPI_FINE_HORIZON_S'>,
): KpiEngineFactory {
  return (snapshot) =>
    new KpiEngine(snapshot.model, {
      checkpointReplayMs: config.KPI_CHECKPOINT_REPLAY_S * 1000,
      movingRefreshMs: config.KPI_MOVING_REFRESH_MS,
      retentionMs: config.KPI_FINE_HORIZON_S * 1000,
    });
}
