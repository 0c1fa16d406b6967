import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { CoreInfraModule, loadConfig, runMain } from '@bsc/app-kit';
import { ApiFeaturesModule } from '../../api-features.module';
import { ApiConfig } from '../../config/api.config';
import { printApiSchema, SCHEMA_FILE } from './api-schema.printer';

/** Writes apps/api/schema.gql from the resolvers: `node dist/apps/api/src/graphql/schema/generate-schema.main.js`. */
runMain(async () => {
  // a throw-away data dir: generating the schema must not touch the real database
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-schema-'));
  const config = loadConfig(ApiConfig, { env: { BSC_PROFILE: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir } });
  const app = await NestFactory.create(
    {
      module: class SchemaGenerationModule {},
      imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config)],
    },
    { logger: false, abortOnError: false },
  );
  await app.init();
  writeFileSync(SCHEMA_FILE, printApiSchema(app.get(GraphQLSchemaHost).schema));
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
});
