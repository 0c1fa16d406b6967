import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import { EVENT_BUS, EventsModule, type EventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { AlertRepository, PersistenceModule } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import { AlertMetrics } from '../../../../apps/ingestion/src/alerts/alert-metrics';
import { ALERT_CLOCK, type AlertClock } from '../../../../apps/ingestion/src/alerts/alert-runtime.options';
import { AlertRuntimeService } from '../../../../apps/ingestion/src/alerts/alert-runtime.service';
import { AlertsRuntimeModule } from '../../../../apps/ingestion/src/alerts/alerts-runtime.module';
import { ALERT_NOTIFIERS } from '../../../../apps/ingestion/src/alerts/notifiers/alert-notifier.port';
import { createAlertNotifiers } from '../../../../apps/ingestion/src/alerts/notifiers/alert-notifiers.factory';
import { WebhookNotifier } from '../../../../apps/ingestion/src/alerts/notifiers/webhook-notifier';
import type { WebhookPolicy } from '../../../../apps/ingestion/src/alerts/notifiers/webhook-policy';
import { INGESTION_CONFIG, IngestionConfig } from '../../../../apps/ingestion/src/config/ingestion.config';
import { MOSQUITTO_URL } from '../../../support';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a random loopback port, answering from a script (the last status repeats). */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private server: Server | undefined;

  constructor(private readonly statuses: number[] = [204]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = this.statuses[Math.min(this.received.length - 1, this.statuses.length - 1)];
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/bsc`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The receiver's own check, written out rather than borrowed from the code under test. */
export function hmacHeader(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

@Global()
@Module({})
class AlertTestInfraModule {
  static register(config: IngestionConfig, activeModel: ActiveModel): DynamicModule {
    return {
      module: AlertTestInfraModule,
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: ACTIVE_MODEL, useValue: activeModel },
        { provide: Registry, useValue: new Registry() },
      ],
      exports: [INGESTION_CONFIG, ACTIVE_MODEL, Registry],
    };
  }
}

export interface AlertsHarness {
  app: INestApplication;
  bus: EventBus;
  alerts: AlertRepository;
  runtime: AlertRuntimeService;
  registry: Registry;
  /** Samples through the real KPI engine; every KPI value it changes goes out as kpi.updated, as in ingestion. */
  ingest(samples: SignalSample[]): Promise<void>;
  close(): Promise<void>;
}

export interface AlertsHarnessOptions {
  model: TwinModel;
  activeModel: ActiveModel;
  config: Partial<IngestionConfig>;
  sqlitePath: string;
  clock: AlertClock;
  webhookUrls?: string[];
  webhookSecret?: string;
  webhookPolicy?: Partial<WebhookPolicy>;
}

/** The alert runtime module as the ingestion app wires it, over a SQLite file and the in-process bus. */
export async function startAlerts(options: AlertsHarnessOptions): Promise<AlertsHarness> {
  const config = Object.assign(new IngestionConfig(), { LOG_LEVEL: 'silent', MQTT_URL: MOSQUITTO_URL }, options.config);
  const moduleRef = await Test.createTestingModule({
    imports: [
      EventsModule.forRoot({}),
      PersistenceModule.forRoot({ sqlitePath: options.sqlitePath }),
      AlertTestInfraModule.register(config, options.activeModel),
      AlertsRuntimeModule,
    ],
  })
    .overrideProvider(ALERT_CLOCK)
    .useValue(options.clock)
    .overrideProvider(ALERT_NOTIFIERS)
    .useFactory({
      // The configured channels, with webhook delays small enough for a test.
      factory: (metrics: AlertMetrics) => [
        ...createAlertNotifiers(config, metrics),
        ...(options.webhookUrls
          ? [
              new WebhookNotifier(
                { urls: options.webhookUrls, secret: options.webhookSecret ?? '', policy: options.webhookPolicy },
                metrics,
              ),
            ]
          : []),
      ],
      inject: [AlertMetrics],
    })
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  const bus = app.get<EventBus>(EVENT_BUS);
  const runtime = app.get(AlertRuntimeService);
  const engine = new KpiEngine(options.model);
  return {
    app,
    bus,
    alerts: app.get(AlertRepository),
    runtime,
    registry: app.get(Registry),
    async ingest(samples) {
      for (const value of engine.ingest(samples)) bus.publish('kpi.updated', { value, modelVersion: 1 });
      await runtime.whenIdle();
    },
    close: () => app.close(),
  };
}
