import 'reflect-metadata';
import { bootstrapHttpApp, DEFAULT_JSON_BODY_BYTES, INTAKE_BODY_LIMIT, loadConfig, runMain } from '@bsc/app-kit';
import { IngestionConfig } from './config/ingestion.config';
import { IngestionAppModule } from './ingestion-app.module';

runMain(async () => {
  const config = loadConfig(IngestionConfig);
  await bootstrapHttpApp(IngestionAppModule.register(config), config, {
    defaultBytes: DEFAULT_JSON_BODY_BYTES,
    routes: [INTAKE_BODY_LIMIT],
  });
});
