import { BaseAppConfig, loadConfig } from '@bsc/app-kit';
import type { PersistenceConfig } from '@bsc/persistence';

/** The CLI reads the same variables as the apps (DATABASE_URL, DATA_DIR, MODEL_FILE, ...) so it works on their database. */
export class CliConfig extends BaseAppConfig {}

export function cliDatabase(): PersistenceConfig {
  const config = loadConfig(CliConfig);
  return { databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath };
}

export function cliModelFile(): string {
  return loadConfig(CliConfig).MODEL_FILE;
}
