import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ACTIVE_MODEL, HealthModule, MetricsModule, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { EventsModule } from '@bsc/events';
import { PersistenceModule } from '@bsc/persistence';
import { TwinModelBuilder, TwinGraph, type TwinModel } from '@bsc/twin';
import { IngestionConfig } from '../../../apps/ingestion/src/config/ingestion.config';
import { MqttModule } from '../../../apps/ingestion/src/connectors/mqtt/mqtt.module';
import { PipelineModule } from '../../../apps/ingestion/src/pipeline/pipeline.module';

export const SIGNALS_PER_MESSAGE = 10;

/** Ten double signals read from one JSON message, one KPI averaging each (the engine does real work per sample). */
export function benchModel(prefix: string): TwinModel {
  const builder = TwinModelBuilder.minimal();
  for (let s = 0; s < SIGNALS_PER_MESSAGE; s++) {
    builder.push('signals', {
      id: `bench.s${s}`,
      name: `Bench ${s}`,
      measures: 'line1',
      unit: 'units',
      dataType: 'double',
      range: { min: 0, max: 1e6 },
      source: { mqtt: { topic: `${prefix}/data`, jsonPath: `$.s${s}`, timestampPath: '$.ts' } },
    });
    builder.push('kpis', {
      id: `bench_k${s}`,
      name: `Bench KPI ${s}`,
      unit: 'units',
      orgUnit: 'plant',
      direction: 'higher_is_better',
      formula: `avg(bench.s${s}, period)`,
      aggregation: 'avg',
      target: 50,
    });
  }
  return builder.buildValid();
}

@Global()
@Module({})
class BenchModelModule {
  static register(model: TwinModel): DynamicModule {
    const snapshot: ActiveModelSnapshot = {
      model,
      graph: TwinGraph.fromModel(model),
      version: 1,
      importedAt: Date.now(),
    };
    const activeModel: ActiveModel = {
      current: () => snapshot,
      onChange: () => () => undefined,
      import: () => Promise.reject(new Error('read-only in the benchmark')),
    };
    return {
      module: BenchModelModule,
      providers: [{ provide: ACTIVE_MODEL, useValue: activeModel }],
      exports: [ACTIVE_MODEL],
    };
  }
}

export async function startPlatform(
  url: string,
  protocol: 4 | 5,
  model: TwinModel,
  dataDir: string,
  clientId: string,
): Promise<INestApplication> {
  const config = Object.assign(new IngestionConfig(), {
    MQTT_URL: url,
    MQTT_PROTOCOL_VERSION: protocol,
    MQTT_CLIENT_ID: clientId,
    KPI_REPLAY_ON_START: false,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  // the write concurrency under test, as the app would read it (validated there: 1 to 8)
  if (process.env.INGEST_WRITE_CONCURRENCY)
    config.INGEST_WRITE_CONCURRENCY = Number(process.env.INGEST_WRITE_CONCURRENCY);
  const sqlitePath = config.sqlitePath;
  const app = await NestFactory.create(
    {
      module: class BenchRootModule {},
      imports: [
        HealthModule,
        MetricsModule,
        EventsModule.forRoot({}),
        PersistenceModule.forRoot({ databaseUrl: process.env.DATABASE_URL, sqlitePath }),
        BenchModelModule.register(model),
        // The MQTT path only: no OPC UA connector retrying the test model's server in the background.
        PipelineModule.register(config),
        MqttModule,
      ],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  return app;
}
