import {
  Global,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { connectAsync, type MqttClient } from 'mqtt';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  ACTIVE_MODEL,
  FixedActiveModel,
  HealthModule,
  LocalSingletons,
  MetricsModule,
  SINGLETONS,
  type ActiveModel,
  type Singletons,
} from '@bsc/app-kit';
import { EventsModule } from '@bsc/events';
import { PersistenceModule, SampleRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import { IngestionConfig } from '../../../../apps/ingestion/src/config/ingestion.config';
import { HttpIntakeModule } from '../../../../apps/ingestion/src/connectors/http/http-intake.module';
import { MqttModule } from '../../../../apps/ingestion/src/connectors/mqtt/mqtt.module';
import { SparkplugModule } from '../../../../apps/ingestion/src/connectors/sparkplug/sparkplug.module';
import { PipelineModule } from '../../../../apps/ingestion/src/pipeline/pipeline.module';
import { MOSQUITTO_URL, tempSqlitePath, trackOpen, uniqueId } from '../../../support';

export { FixedActiveModel };

@Global()
@Module({})
class FixedActiveModelModule {
  static register(activeModel: ActiveModel, singletons: Singletons): DynamicModule {
    return {
      module: FixedActiveModelModule,
      providers: [
        { provide: ACTIVE_MODEL, useValue: activeModel },
        { provide: SINGLETONS, useValue: singletons },
      ],
      exports: [ACTIVE_MODEL, SINGLETONS],
    };
  }
}

/**
 * CoreInfraModule's pieces, with a fixed model instead of the one loaded from the database, and the elected jobs
 * of `singletons` (as scaled out) instead of all of them run here.
 */
export function coreInfraImports(
  model: TwinModel,
  sqlitePath: string,
  options: { databaseUrl?: string; schema?: string; singletons?: Singletons } = {},
): NonNullable<ModuleMetadata['imports']> {
  return [
    HealthModule,
    MetricsModule,
    EventsModule.forRoot({}),
    PersistenceModule.forRoot({ sqlitePath, databaseUrl: options.databaseUrl, schema: options.schema }),
    FixedActiveModelModule.register(new FixedActiveModel(model, Date.now), options.singletons ?? new LocalSingletons()),
  ];
}

/** The modules a spec boots over the SQLite file of the test running, as often as it restarts them. */
export interface RestartedApps {
  /** The test's SQLite file (a fresh one per test). */
  readonly sqlitePath: string;
  /** Compiles and starts the modules; closed after the test unless `stop` closed them first. */
  boot(imports: NonNullable<ModuleMetadata['imports']>): Promise<INestApplication>;
  /** Closes an app before the test ends (a stop, before the next run starts on the same file). */
  stop(app: INestApplication): Promise<void>;
}

/**
 * Registers the per-test set-up of a spec that stops and starts the modules on one database: a fresh SQLite file
 * before each test; after it, every app still running closed and the file removed.
 */
export function useRestartedApps(): RestartedApps {
  let db: ReturnType<typeof tempSqlitePath> | undefined;
  const apps: INestApplication[] = [];
  beforeEach(() => {
    db = tempSqlitePath();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    db?.cleanup();
  });
  return {
    get sqlitePath() {
      if (!db) throw new Error('useRestartedApps: the SQLite file exists only while a test runs');
      return db.path;
    },
    async boot(imports) {
      const moduleRef = await Test.createTestingModule({ imports }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      apps.push(app);
      await app.init();
      return app;
    },
    async stop(app) {
      await app.close();
      apps.splice(apps.indexOf(app), 1);
    },
  };
}

export interface IngestionHarness {
  app: INestApplication;
  samples: SampleRepository;
  dataSource: DataSource;
  registry: Registry;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<IngestionConfig>): IngestionConfig {
  return Object.assign(
    new IngestionConfig(),
    { LOG_LEVEL: 'silent', MQTT_URL: MOSQUITTO_URL, KPI_REPLAY_ON_START: false },
    overrides,
  );
}

/** A provider the test builds itself, e.g. the sample log's store on a stream of its own. */
export interface ProviderOverride {
  provide: symbol;
  factory: (...deps: never[]) => unknown;
  inject: NonNullable<FactoryProvider['inject']>;
}

/**
 * Boots the ingestion features (connectors, pipeline) over a SQLite file, or the PostgreSQL database of
 * `databaseUrl` (in `schema`) when given, like the app does, without HTTP listen.
 */
export function startIngestion(
  model: TwinModel,
  config: IngestionConfig,
  sqlitePath: string,
  databaseUrl?: string,
  schema?: string,
  overrides: readonly ProviderOverride[] = [],
): Promise<IngestionHarness> {
  return trackOpen('the ingestion harness', bootIngestion(model, config, sqlitePath, databaseUrl, schema, overrides));
}

async function bootIngestion(
  model: TwinModel,
  config: IngestionConfig,
  sqlitePath: string,
  databaseUrl: string | undefined,
  schema: string | undefined,
  overrides: readonly ProviderOverride[],
): Promise<IngestionHarness> {
  let builder = Test.createTestingModule({
    imports: [
      ...coreInfraImports(model, sqlitePath, { databaseUrl, schema }),
      // IngestionFeaturesModule minus OPC UA and the simulator (node-opcua does not load under jest: ESM deps).
      PipelineModule.register(config),
      MqttModule,
      SparkplugModule,
      HttpIntakeModule,
    ],
  });
  for (const { provide, factory, inject } of overrides)
    builder = builder.overrideProvider(provide).useFactory({ factory, inject });
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  // As the app bootstrap does: intake requests of up to 10k samples exceed Express's 100 kB default.
  app.useBodyParser('json', { limit: '16mb' });
  await app.init();
  return {
    app,
    samples: app.get(SampleRepository),
    dataSource: app.get(DataSource),
    registry: app.get(Registry),
    close: () => app.close(),
  };
}

/**
 * Leaves the shared Mosquitto as the test found it: drops the persistent sessions of the MQTT and Sparkplug
 * connectors (client id and `<id>-sparkplug`) and clears the retained Sparkplug host STATE message.
 */
export async function cleanBrokerState(clientId: string): Promise<void> {
  for (const id of [clientId, `${clientId}-sparkplug`]) {
    const cleaner = await connectAsync(MOSQUITTO_URL, {
      clientId: id,
      clean: true,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 0 },
    });
    if (id === clientId) await cleaner.publishAsync(`spBv1.0/STATE/${clientId}`, '', { qos: 1, retain: true });
    await cleaner.endAsync();
  }
}

/** What a test publishing to the shared Mosquitto needs: its own topic prefix and connector client id, a publisher. */
export interface MqttTestContext {
  readonly prefix: string;
  readonly clientId: string;
  /** Publishes under the test's prefix; objects are sent as JSON, strings as they are. */
  publish(topic: string, payload: unknown, qos?: 0 | 1): Promise<unknown>;
}

/**
 * Registers the per-test set-up of an MQTT ingestion spec: a fresh prefix, client id and publisher before each test;
 * after it, `stop` (closing the ingestion under test), then the publisher, then the broker left as it was found.
 */
export function useMqttTestContext(label: string, stop: () => Promise<void>): MqttTestContext {
  let publisher: MqttClient;
  const context = { prefix: '', clientId: '' };
  beforeEach(async () => {
    context.prefix = uniqueId(label);
    context.clientId = uniqueId('bsc-ingestion');
    publisher = await connectAsync(MOSQUITTO_URL, { clientId: uniqueId('pub'), protocolVersion: 5 });
  });
  afterEach(async () => {
    await stop();
    await publisher.endAsync();
    await cleanBrokerState(context.clientId);
  });
  return {
    get prefix() {
      return context.prefix;
    },
    get clientId() {
      return context.clientId;
    },
    publish: (topic, payload, qos = 1) =>
      publisher.publishAsync(
        `${context.prefix}/${topic}`,
        typeof payload === 'string' ? payload : JSON.stringify(payload),
        { qos },
      ),
  };
}

export async function deadLetters(
  dataSource: DataSource,
): Promise<Array<{ reason: string; channel: string; payload_encoding: string }>> {
  return dataSource.query('SELECT reason, channel, payload_encoding FROM dead_letter ORDER BY id');
}
