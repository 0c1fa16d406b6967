import { IsOptional, IsString, Matches } from 'class-validator';
import { loadConfig, SampleLogConfig } from '@bsc/app-kit';
import type { PersistenceConfig } from '@bsc/persistence';
import type { ImportSampleLog } from '../commands/import-sample-sink';

/**
 * The CLI reads the same variables as the apps (DATABASE_URL, DATA_DIR, MODEL_FILE, ...) so it works on their database,
 * and SAMPLE_LOG, KPI_PARTITIONS and EVENT_BUS_URL so `bsc import samples` writes where the platform's samples go
 * (refusing future stamps beyond INGEST_MAX_FUTURE_S as the ingestion does).
 */
export class CliConfig extends SampleLogConfig {
  /** The running platform's API for commands that ask it (`bsc report`). */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  BSC_API_URL: string = 'http://127.0.0.1:3000';

  /** API key those commands send (x-api-key); `--api-key` overrides it. */
  @IsOptional()
  @IsString()
  BSC_API_KEY?: string;
}

export function cliApi(): { url: string; apiKey?: string } {
  const config = loadConfig(CliConfig);
  return { url: config.BSC_API_URL, apiKey: config.BSC_API_KEY };
}

export function cliDatabase(): PersistenceConfig {
  const config = loadConfig(CliConfig);
  return { databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath };
}

export function cliModelFile(): string {
  return loadConfig(CliConfig).MODEL_FILE;
}

export function cliMaxFutureS(): number {
  return loadConfig(CliConfig).INGEST_MAX_FUTURE_S;
}

/** The JetStream sample log `bsc import samples` appends to when the platform runs with one (SAMPLE_LOG=jetstream). */
export function cliSampleLog(): ImportSampleLog | undefined {
  const config = loadConfig(CliConfig);
  if (config.SAMPLE_LOG !== 'jetstream') return undefined;
  return {
    servers: config.natsServers,
    partitions: config.KPI_PARTITIONS,
    log: { replicas: config.EVENT_BUS_REPLICAS },
  };
}
