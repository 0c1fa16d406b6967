import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { ACTIVE_MODEL, HealthRegistry, type ActiveModel } from '@bsc/app-kit';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { SAMPLE_INTAKE, type SampleIntake } from '../../pipeline/sample-intake.port';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { ConnectorStatusRegistry, type ConnectorState } from '../connector-status.registry';
import { tryDecode } from '../decode-guard';
import { DeferredAcks } from './deferred-acks';
import { mqttClientOptions, mqttUrl } from './mqtt-client-options';
import { buildMqttRoutes, decodeMqttMessage, type MqttRoutingTable } from './mqtt-routes';
import { sharedFilter } from './mqtt-topic';

const CONNECTOR_ID = 'mqtt';
const SOURCE = 'mqtt';

/**
 * MQTT JSON telemetry into the pipeline. Subscriptions come from the model's MQTT bindings (one per topic filter),
 * QoS 1 on a persistent session; a message is acknowledged only after its samples are stored, or after it was
 * dead-lettered when it cannot be read (so it is not redelivered forever).
 */
@Injectable()
export class MqttConnectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MqttConnectorService.name);
  private client: MqttClient | undefined;
  private acks: DeferredAcks | undefined;
  private routes: MqttRoutingTable;
  private subscribed = new Set<string>();
  private unsubscribeModel: (() => void) | undefined;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(SAMPLE_INTAKE) private readonly intake: SampleIntake,
    private readonly statuses: ConnectorStatusRegistry,
    private readonly metrics: IngestionMetrics,
    health: HealthRegistry,
  ) {
    this.routes = this.buildRoutes();
    health.register('mqtt', () => {
      const connected = this.client?.connected === true;
      return {
        ok: connected || this.routes.size === 0,
        detail: { connected, filters: this.routes.size, inFlight: this.acks?.inFlight ?? 0 },
      };
    });
  }

  onApplicationBootstrap(): void {
    // the version in force now: one imported since the constructor (the KPI feed's start goes first) counts
    this.routes = this.buildRoutes();
    if (this.routes.size > 0) this.start(mqttUrl(this.config), mqttClientOptions(this.config));
    else this.logger.log('no MQTT bindings in the model; connector idle');
    // also when idle: a later model version may bind the first topics
    this.unsubscribeModel = this.activeModel.onChange(() => this.useRoutes(this.buildRoutes()));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribeModel?.();
    await this.stop();
  }

  /** Stops taking messages, lets those in flight finish (their acks go out), then disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    await this.acks?.drain();
    await client.endAsync(false);
    this.statuses.report(CONNECTOR_ID, 'mqtt', 'stopped');
  }

  /** A new model version's routes: connects for the first bindings, disconnects after the last, else resubscribes. */
  private useRoutes(routes: MqttRoutingTable): void {
    this.routes = routes;
    if (routes.size > 0 && !this.client) {
      this.logger.log({ filters: routes.filters().length }, 'MQTT bindings in the new model version; connecting');
      this.start(mqttUrl(this.config), mqttClientOptions(this.config));
    } else if (routes.size === 0 && this.client) {
      this.logger.log('no MQTT bindings in the new model version; connector idle');
      this.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'MQTT connector did not stop cleanly'));
    } else {
      this.syncSubscriptions();
    }
  }

  private start(url: string, options: IClientOptions): void {
    this.statuses.report(CONNECTOR_ID, 'mqtt', 'connecting', url);
    const client = connect(url, options);
    this.client = client;
    // a client stopped (shutdown, or a model version without bindings) may still emit: its state is 'stopped'
    const report = (state: ConnectorState, detail?: string): void => {
      if (this.client === client) this.statuses.report(CONNECTOR_ID, 'mqtt', state, detail);
    };
    this.acks = new DeferredAcks(
      client,
      (topic, payload, packet) => this.handle(topic, payload, packet),
      this.config.MQTT_RECEIVE_MAXIMUM,
      {
        unacked: (error) => this.logger.debug({ err: error }, 'message left unacknowledged for redelivery'),
        overflow: () => this.metrics.overflowDropped.inc({ connector: CONNECTOR_ID }),
      },
    );
    client.on('connect', (connack) => {
      report('connected', url);
      this.logger.log({ url, sessionPresent: connack.sessionPresent }, 'MQTT connected');
      // Subscribe again even with a session present: the model (and so the filters) may have changed meanwhile.
      this.subscribed.clear();
      this.syncSubscriptions();
    });
    client.on('reconnect', () => report('reconnecting', url));
    client.on('offline', () => report('disconnected', url));
    client.on('error', (error) => {
      report(client.connected ? 'connected' : 'failed', error.message);
      this.logger.warn({ err: error, url }, 'MQTT client error');
    });
  }

  private async handle(topic: string, payload: Buffer, packet: IPublishPacket): Promise<void> {
    const receivedAt = Date.now();
    if (payload.length > this.config.MQTT_MAX_PAYLOAD_BYTES) {
      return this.reject(
        topic,
        'payload_too_large',
        `payload of ${payload.length} bytes exceeds ${this.config.MQTT_MAX_PAYLOAD_BYTES}`,
        payload,
        receivedAt,
      );
    }
    const routes = this.routes.match(topic);
    if (routes.length === 0)
      return this.reject(topic, 'unknown_topic', 'no signal is bound to this topic', payload, receivedAt);
    const guarded = tryDecode(() =>
      decodeMqttMessage(routes, payload, receivedAt, { source: SOURCE, retained: packet.retain }),
    );
    if (!guarded.ok) return this.reject(topic, 'decode_failed', guarded.detail, payload, receivedAt);
    const decoded = guarded.value;
    if (!decoded.ok) return this.reject(topic, decoded.reason, decoded.detail, payload, receivedAt);
    await this.intake.submit(decoded.samples);
  }

  private reject(channel: string, reason: string, detail: string, raw: Buffer, receivedAt: number): Promise<void> {
    return this.intake.deadLetter({ source: SOURCE, channel, reason, detail, raw, receivedAt });
  }

  private buildRoutes(): MqttRoutingTable {
    const table = buildMqttRoutes(this.activeModel.current().model);
    for (const issue of table.issues) this.logger.error(issue, 'MQTT binding ignored');
    return table;
  }

  private syncSubscriptions(): void {
    const client = this.client;
    if (!client?.connected) return;
    const wanted = new Set(this.routes.filters().map((f) => sharedFilter(f, this.config.MQTT_SHARE_GROUP)));
    const added = [...wanted].filter((f) => !this.subscribed.has(f));
    const removed = [...this.subscribed].filter((f) => !wanted.has(f));
    if (added.length > 0) {
      // retain handling 1 (MQTT 5): a subscription the persistent session still holds gets no replay of retained
      // messages on reconnect; 3.1.1 has no such option and ignores it
      client.subscribe(added, { qos: 1, rh: 1 }, (error, granted) => {
        if (error) return this.logger.error({ err: error }, 'MQTT subscribe failed');
        const refused = (granted ?? []).filter((g) => g.qos > 2);
        if (refused.length > 0) this.logger.error({ refused }, 'broker refused subscriptions');
        this.logger.log({ filters: added.length }, 'MQTT subscribed');
      });
    }
    if (removed.length > 0) client.unsubscribe(removed);
    this.subscribed = wanted;
  }
}
