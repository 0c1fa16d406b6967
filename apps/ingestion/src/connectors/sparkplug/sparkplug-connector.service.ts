import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { connect, type MqttClient } from 'mqtt';
import { ACTIVE_MODEL, HealthRegistry, type ActiveModel } from '@bsc/app-kit';
import { SampleRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { SAMPLE_INTAKE, type RawSampleInput, type SampleIntake } from '../../pipeline/sample-intake.port';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { ConnectorStatusRegistry, type ConnectorState } from '../connector-status.registry';
import { tryDecode } from '../decode-guard';
import { DeferredAcks } from '../mqtt/deferred-acks';
import { mqttClientOptions, mqttUrl } from '../mqtt/mqtt-client-options';
import {
  decodeSparkplugPayload,
  parseSparkplugTopic,
  rebirthRequest,
  SPARKPLUG_NAMESPACE,
  type SparkplugTopic,
} from './sparkplug-codec';
import { SparkplugSessions } from './sparkplug-session';

const CONNECTOR_ID = 'sparkplug';
const SOURCE = 'sparkplug';
const STATE_PUBLISH_TIMEOUT_MS = 2_000;

/**
 * Sparkplug B 3.0 host application for the groups the model binds: births teach metric aliases, data before a birth
 * triggers a rebirth request, and so does a sequence gap still open after the Reorder Timeout (SPARKPLUG_REORDER_
 * TIMEOUT_MS); a death restates its signals' last values bad, after their newest samples, which is how the KPIs
 * (here or in the workers of a scale-out) learn it. Acks wait for the store.
 * Its own MQTT session, never shared: sequence tracking needs every message of a node in one process.
 */
@Injectable()
export class SparkplugConnectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SparkplugConnectorService.name);
  private client: MqttClient | undefined;
  private acks: DeferredAcks | undefined;
  private sessions: SparkplugSessions;
  private unsubscribeModel: (() => void) | undefined;
  /** Timestamp of the will in the current CONNECT, which the STATE birth and a clean death repeat (Sparkplug 3.0). */
  private stateTimestamp = 0;
  /** Wakes when the earliest Sparkplug Reorder Timeout window ends, should no message come to close it first. */
  private reorderTimer: NodeJS.Timeout | undefined;
  private reorderAt = Infinity;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(SAMPLE_INTAKE) private readonly intake: SampleIntake,
    @Inject(SampleRepository) private readonly stored: Pick<SampleRepository, 'latest'>,
    private readonly statuses: ConnectorStatusRegistry,
    private readonly metrics: IngestionMetrics,
    health: HealthRegistry,
  ) {
    this.sessions = this.sparkplugHost(activeModel.current().model);
    health.register('sparkplug', () => {
      const groups = this.sessions.groups().length;
      const connected = this.client?.connected === true;
      return { ok: connected || groups === 0, detail: { connected, groups } };
    });
  }

  onApplicationBootstrap(): void {
    // the version in force now: one imported since the constructor (the KPI feed's start goes first) counts
    this.sessions = this.sparkplugHost(this.activeModel.current().model);
    if (this.sessions.groups().length > 0) this.start();
    // also when idle: a later model version may bind the first groups
    this.unsubscribeModel = this.activeModel.onChange((snapshot) => this.useModel(snapshot.model));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribeModel?.();
    await this.stop();
  }

  /** A new model version: connects for the first bound groups, disconnects after the last, else subscribes the new. */
  private useModel(model: TwinModel): void {
    const before = new Set(this.sessions.groups());
    this.sessions = this.sparkplugHost(model);
    const after = this.sessions.groups();
    if (after.length > 0 && !this.client) {
      this.start(); // subscribes to every bound group once connected
    } else if (after.length === 0 && this.client) {
      this.stop().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Sparkplug connector did not stop cleanly'),
      );
    } else {
      const added = after.filter((g) => !before.has(g)).map(groupFilter);
      if (added.length > 0) this.client?.subscribe(added, { qos: 1 });
    }
    // Births are needed again to learn aliases in the fresh sessions.
    this.logger.log({ groups: after }, 'Sparkplug bindings reloaded');
  }

  private sparkplugHost(model: TwinModel): SparkplugSessions {
    return new SparkplugSessions(model, { reorderTimeoutMs: this.config.SPARKPLUG_REORDER_TIMEOUT_MS });
  }

  /** Stops taking messages, lets those in flight finish, says offline (STATE), then disconnects. */
  private async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearTimeout(this.reorderTimer);
    this.reorderAt = Infinity;
    await this.acks?.drain();
    if (client.connected) {
      // Offline state on a clean stop (the will covers crashes); bounded so a dying broker cannot hold shutdown.
      const offline = client.publishAsync(this.stateTopic(), hostState(false, this.stateTimestamp), {
        qos: 1,
        retain: true,
      });
      await Promise.race([
        offline.catch(() => undefined),
        new Promise((r) => setTimeout(r, STATE_PUBLISH_TIMEOUT_MS).unref()),
      ]);
    }
    await client.endAsync(false);
    this.statuses.report(CONNECTOR_ID, 'sparkplug', 'stopped');
  }

  private start(): void {
    const url = mqttUrl(this.config);
    this.statuses.report(CONNECTOR_ID, 'sparkplug', 'connecting', url);
    // Sparkplug 3.0 host application state: retained online/offline on spBv1.0/STATE/<host id>, the will says offline.
    const stateTopic = this.stateTopic();
    this.stateTimestamp = Date.now();
    const client = connect(url, {
      ...mqttClientOptions(this.config, '-sparkplug'),
      will: { topic: stateTopic, payload: Buffer.from(hostState(false, this.stateTimestamp)), qos: 1, retain: true },
    });
    this.client = client;
    // a client stopped (shutdown, or a model version without bindings) may still emit: its state is 'stopped'
    const report = (state: ConnectorState, detail?: string): void => {
      if (this.client === client) this.statuses.report(CONNECTOR_ID, 'sparkplug', state, detail);
    };
    this.acks = new DeferredAcks(
      client,
      (topic, payload) => this.handle(topic, payload),
      this.config.MQTT_RECEIVE_MAXIMUM,
      {
        unacked: (error) => this.logger.debug({ err: error }, 'Sparkplug message left unacknowledged for redelivery'),
        overflow: () => this.metrics.overflowDropped.inc({ connector: CONNECTOR_ID }),
      },
    );
    client.on('connect', () => {
      report('connected', url);
      // Subscribed before the birth: edge nodes that wait for it to send their NBIRTH must find us listening.
      client.subscribe([stateTopic, ...this.sessions.groups().map(groupFilter)], { qos: 1 }, (error) => {
        if (error) return this.logger.error({ err: error }, 'Sparkplug subscribe failed');
        this.publishBirth(client);
      });
    });
    client.on('reconnect', () => {
      // mqtt.js sends the will of `options` in each CONNECT: a fresh timestamp per connection, repeated by its birth
      this.stateTimestamp = Date.now();
      if (client.options.will) client.options.will.payload = Buffer.from(hostState(false, this.stateTimestamp));
      report('reconnecting', url);
    });
    client.on('offline', () => report('disconnected', url));
    client.on('error', (error) => this.logger.warn({ err: error }, 'Sparkplug MQTT client error'));
  }

  private publishBirth(client: MqttClient): void {
    client.publish(this.stateTopic(), hostState(true, this.stateTimestamp), { qos: 1, retain: true });
  }

  private stateTopic(): string {
    return `${SPARKPLUG_NAMESPACE}/STATE/${this.config.MQTT_CLIENT_ID}`;
  }

  private async handle(topicText: string, payload: Buffer): Promise<void> {
    const receivedAt = Date.now();
    if (topicText === this.stateTopic()) return this.ownState(payload);
    const topic = parseSparkplugTopic(topicText);
    if (!topic)
      return this.reject(
        topicText,
        'unknown_topic',
        'not a Sparkplug B topic (spBv1.0/<group>/<type>/<edge node>[/<device>])',
        payload,
        receivedAt,
      );
    // Commands (our own rebirth requests among them) are not data.
    if (topic.type === 'NCMD' || topic.type === 'DCMD') return;
    if (payload.length > this.config.MQTT_MAX_PAYLOAD_BYTES) {
      return this.reject(topicText, 'payload_too_large', `payload of ${payload.length} bytes`, payload, receivedAt);
    }
    const decoded = decodeSparkplugPayload(payload);
    if (!decoded.ok) return this.reject(topicText, 'invalid_protobuf', decoded.detail, payload, receivedAt);
    // Synchronous up to here: messages update the sessions in arrival order, which sequence tracking relies on.
    const sessions = this.sessions;
    const handled = tryDecode(() => sessions.handle(topic, decoded.payload, receivedAt));
    if (!handled.ok) return this.reject(topicText, 'sparkplug_decode_failed', handled.detail, payload, receivedAt);
    const out = handled.value;
    if (topic.type === 'NBIRTH' || topic.type === 'NDEATH') this.reportNode(topic.group, topic.edgeNode);
    if (out.rebirth) this.requestRebirth(out.rebirth.group, out.rebirth.edgeNode, out.rebirth.reason);
    this.watchReorders();
    const samples = await this.afterStored(topic.type, out.samples, sessions);
    // A message can give samples and a dead letter (bound metrics without a value): both are kept before the ack.
    await Promise.all([
      out.reject ? this.reject(topicText, out.reject.reason, out.reject.detail, payload, receivedAt) : undefined,
      samples.length > 0 ? this.intake.submit(samples) : undefined,
    ]);
  }

  /**
   * A death's restatements go after the samples stored before this host heard the node (a restart, a model change),
   * a birth's values after a death restated before it, so the stored data says stale, and fresh again, in order.
   */
  private async afterStored(
    type: SparkplugTopic['type'],
    samples: RawSampleInput[],
    sessions: SparkplugSessions,
  ): Promise<RawSampleInput[]> {
    const dies = type === 'NDEATH' || type === 'DDEATH';
    if (samples.length === 0 || (!dies && type !== 'NBIRTH' && type !== 'DBIRTH')) return samples;
    const stored = await this.stored.latest(samples.map((s) => s.signalId)).catch((error: unknown) => {
      // a database outage must not hold back a death or a birth: dated by what this host took, as before a restart
      this.logger.warn({ err: error, type }, 'stored Sparkplug samples unreadable; dating by those heard since start');
      return [];
    });
    return dies
      ? sessions.restatements.afterStored(samples, stored)
      : sessions.restatements.bornAfterStored(samples, stored);
  }

  /** Our own STATE as the broker holds it: an offline one while we are connected (a stale will) is corrected. */
  private ownState(payload: Buffer): void {
    const client = this.client;
    const said = tryDecode(() => JSON.parse(payload.toString('utf8')) as { online?: unknown });
    if (client?.connected && said.ok && said.value?.online === false) this.publishBirth(client);
  }

  /** Each edge node is an endpoint of its own on the data-source health view: born (connected) or dead. */
  private reportNode(group: string, edgeNode: string): void {
    const born = this.sessions.nodeBorn(group, edgeNode);
    if (born === undefined) return;
    this.statuses.report(
      `${CONNECTOR_ID}:${group}/${edgeNode}`,
      'sparkplug',
      born ? 'connected' : 'disconnected',
      born ? 'NBIRTH' : 'NDEATH',
    );
  }

  /** Sparkplug 3.0: the rebirth of a gap whose Reorder Timeout elapsed is asked for without waiting for more data. */
  private watchReorders(): void {
    const next = this.sessions.nextReorderDeadline();
    if (next === undefined || next >= this.reorderAt || !this.client) return;
    clearTimeout(this.reorderTimer);
    this.reorderAt = next;
    this.reorderTimer = setTimeout(
      () => {
        this.reorderTimer = undefined;
        this.reorderAt = Infinity;
        for (const r of this.sessions.expireReorders(Date.now())) this.requestRebirth(r.group, r.edgeNode, r.reason);
        this.watchReorders();
      },
      Math.max(0, next - Date.now()),
    ).unref();
  }

  private requestRebirth(group: string, edgeNode: string, reason: string): void {
    this.logger.warn({ group, edgeNode, reason }, 'requesting Sparkplug rebirth');
    this.client?.publish(`${SPARKPLUG_NAMESPACE}/${group}/NCMD/${edgeNode}`, rebirthRequest(Date.now()), { qos: 0 });
  }

  private reject(channel: string, reason: string, detail: string, raw: Buffer, receivedAt: number): Promise<void> {
    return this.intake.deadLetter({ source: SOURCE, channel, reason, detail, raw, receivedAt });
  }
}

function hostState(online: boolean, timestamp: number): string {
  return JSON.stringify({ online, timestamp });
}

function groupFilter(group: string): string {
  return `${SPARKPLUG_NAMESPACE}/${group}/#`;
}
