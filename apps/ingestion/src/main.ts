import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig, runMain } from '@bsc/app-kit';
import { IngestionConfig } from './config/ingestion.config';
import { IngestionAppModule } from './ingestion-app.module';

runMain(async () => {
  const config = loadConfig(IngestionConfig);
  await bootstrapHttpApp(IngestionAppModule.register(config), config);
});
