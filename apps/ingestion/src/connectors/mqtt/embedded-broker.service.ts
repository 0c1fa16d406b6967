import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Aedes } from 'aedes';
import { HealthRegistry } from '@bsc/app-kit';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';

const LOOPBACK = '127.0.0.1';

/** aedes 1.x is an ES module: load it through Node's own require (which handles ESM), not a bundler's or jest's. */
function loadAedes(): { Aedes: { createBroker(options?: object): Promise<Aedes> } } {
  return createRequire(__filename)('aedes') as { Aedes: { createBroker(options?: object): Promise<Aedes> } };
}

/**
 * The in-process MQTT broker of the embedded profile (MQTT_URL empty): aedes on loopback, started before the
 * connectors connect (module init precedes application bootstrap) and closed after they stopped.
 */
@Injectable()
export class EmbeddedBrokerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedBrokerService.name);
  private broker: Aedes | undefined;
  private server: Server | undefined;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly health: HealthRegistry,
  ) {}

  get enabled(): boolean {
    return !this.config.MQTT_URL;
  }

  /** The port actually bound (MQTT_EMBEDDED_PORT, or an ephemeral one when it is 0). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const broker = await loadAedes().Aedes.createBroker();
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.MQTT_EMBEDDED_PORT, LOOPBACK, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.broker = broker;
    this.server = server;
    this.health.register('mqtt-embedded-broker', () => ({
      ok: !broker.closed,
      detail: { clients: broker.connectedClients, port: this.port },
    }));
    this.logger.log({ port: this.port }, 'embedded MQTT broker listening on loopback');
  }

  async onApplicationShutdown(): Promise<void> {
    const { server, broker } = this;
    this.server = undefined;
    this.broker = undefined;
    // The broker first: it disconnects its clients, which lets the server's close complete.
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
