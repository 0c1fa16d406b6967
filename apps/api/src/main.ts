import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig, runMain } from '@bsc/app-kit';
import { ApiAppModule } from './api-app.module';
import { ApiConfig } from './config/api.config';
import { graphqlResponseCacheFront } from './graphql/response-cache/graphql-response-cache.front';

runMain(async () => {
  const config = loadConfig(ApiConfig);
  await bootstrapHttpApp(
    ApiAppModule.register(config),
    config,
    { defaultBytes: config.GRAPHQL_MAX_BODY_BYTES },
    graphqlResponseCacheFront,
  );
});
