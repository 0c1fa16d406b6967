import 'reflect-metadata';
import { bootstrapHttpApp, INTAKE_BODY_LIMIT, loadConfig, runMain } from '@bsc/app-kit';
import { graphqlResponseCacheFront } from '../../api/src/api-features.module';
import { ApiConfig } from '../../api/src/config/api.config';
import { IngestionConfig } from '../../ingestion/src/config/ingestion.config';
import { PlatformAppModule } from './platform-app.module';

runMain(async () => {
  const ingestion = loadConfig(IngestionConfig);
  const api = loadConfig(ApiConfig);
  await bootstrapHttpApp(
    PlatformAppModule.register(ingestion, api),
    api,
    { defaultBytes: api.GRAPHQL_MAX_BODY_BYTES, routes: [INTAKE_BODY_LIMIT] },
    graphqlResponseCacheFront,
  );
});
