import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ACTIVE_MODEL, CoreInfraModule, loadConfig, runMain } from '@bsc/app-kit';
import { loadValidModelFromFile } from '@bsc/twin';
import { ApiFeaturesModule } from '../../api-features.module';
import { ApiConfig } from '../../config/api.config';
import { InMemoryModelCatalog } from '../../stores/model-catalog.store';
import { printApiSchema, SCHEMA_FILE } from './api-schema.printer';

/** Writes apps/api/schema.gql from the resolvers: `node dist/apps/api/src/graphql/schema/generate-schema.main.js`. */
runMain(async () => {
  const config = loadConfig(ApiConfig, { env: { BSC_PROFILE: 'test', LOG_LEVEL: 'silent' } });
  const model = new InMemoryModelCatalog(await loadValidModelFromFile(config.MODEL_FILE));

  @Global()
  @Module({ providers: [{ provide: ACTIVE_MODEL, useValue: model }], exports: [ACTIVE_MODEL] })
  class SchemaModelModule {}

  const app = await NestFactory.create(
    { module: class SchemaGenerationModule {}, imports: [CoreInfraModule.forRoot(config), SchemaModelModule, ApiFeaturesModule.register(config)] },
    { logger: false },
  );
  await app.init();
  writeFileSync(SCHEMA_FILE, printApiSchema(app.get(GraphQLSchemaHost).schema));
  await app.close();
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
});
