import type { LoggerService } from '@nestjs/common';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { get } from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';

const NAMESPACE = 'spBv1.0';
const REBIRTH = 'Node Control/Rebirth';
const codec = get(NAMESPACE)!;

export interface SparkplugEdgeNodeOptions {
  url: string;
  clientId: string;
  group: string;
  edgeNode: string;
  device: string;
  /** Device metrics (all Double), published by alias after the birth. */
  metrics: readonly string[];
  /** The platform broker's settings (credentials, CA, protocol version, keepalive): see mqttClientOptions. */
  connection?: IClientOptions;
}

/**
 * A Sparkplug B edge node with one device: NDEATH as MQTT will, NBIRTH (bdSeq, Rebirth control) and DBIRTH
 * (metrics with aliases and their last values) on every connect, DDATA by alias with a seq running 0-255 across
 * all messages, and a rebirth when the host sends NCMD Node Control/Rebirth.
 */
export class SparkplugEdgeNode {
  private client?: MqttClient;
  private seq = 0;
  private readonly bdSeq: number;
  private readonly aliases = new Map<string, number>();
  private readonly lastValues = new Map<string, number>();
  births = 0;

  constructor(
    private readonly options: SparkplugEdgeNodeOptions,
    private readonly logger: LoggerService,
    bdSeq = 0,
  ) {
    this.bdSeq = bdSeq % 256;
    options.metrics.forEach((metric, i) => this.aliases.set(metric, i + 1));
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    const { group, edgeNode } = this.options;
    const client = connect(this.options.url, {
      ...this.options.connection,
      clientId: this.options.clientId,
      reconnectPeriod: 2_000,
      connectTimeout: 5_000,
      queueQoSZero: false,
      // a new session per connect: the births that follow restate everything a host needs
      clean: true,
      properties: undefined,
      will: {
        topic: this.topic('NDEATH'),
        payload: this.encode({ timestamp: Date.now(), metrics: [this.bdSeqMetric()] }),
        qos: 1,
        retain: false,
      },
    });
    client.on('connect', () => {
      client.subscribe(`${NAMESPACE}/${group}/NCMD/${edgeNode}`, { qos: 1 });
      this.publishBirths();
    });
    client.on('message', (_topic, payload) => this.onCommand(payload));
    client.on('error', (error) => {
      this.logger.warn(`simulator Sparkplug edge node: ${error.message}`);
    });
    this.client = client;
  }

  publish(metric: string, value: number, ts: number): void {
    const alias = this.aliases.get(metric);
    if (alias === undefined) return;
    this.lastValues.set(metric, value);
    if (!this.client?.connected) return;
    const payload: UPayload = {
      timestamp: ts,
      seq: this.nextSeq(),
      metrics: [{ alias, type: 'Double', value, timestamp: ts }],
    };
    this.client.publish(this.topic('DDATA', this.options.device), this.encode(payload), { qos: 0 });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.connected) {
      // A clean shutdown announces the death itself instead of leaving it to the broker's will.
      await client
        .publishAsync(this.topic('NDEATH'), this.encode({ timestamp: Date.now(), metrics: [this.bdSeqMetric()] }), {
          qos: 1,
        })
        .catch(() => undefined);
    }
    await client?.endAsync().catch(() => undefined);
  }

  private publishBirths(): void {
    const client = this.client;
    if (!client) return;
    const now = Date.now();
    this.seq = 0;
    const nbirth: UPayload = {
      timestamp: now,
      seq: this.nextSeq(),
      metrics: [this.bdSeqMetric(), { name: REBIRTH, type: 'Boolean', value: false, timestamp: now }],
    };
    const metrics: UMetric[] = [...this.aliases].map(([name, alias]) => ({
      name,
      alias,
      type: 'Double',
      value: this.lastValues.get(name) ?? 0,
      timestamp: now,
    }));
    const dbirth: UPayload = { timestamp: now, seq: this.nextSeq(), metrics };
    client.publish(this.topic('NBIRTH'), this.encode(nbirth), { qos: 0 });
    client.publish(this.topic('DBIRTH', this.options.device), this.encode(dbirth), { qos: 0 });
    this.births += 1;
    this.logger.log?.(
      `simulator Sparkplug edge node ${this.options.group}/${this.options.edgeNode} born (device ${this.options.device})`,
    );
  }

  private onCommand(payload: Buffer): void {
    try {
      const command = codec.decodePayload(payload);
      if (command.metrics?.some((m) => m.name === REBIRTH && m.value === true)) this.publishBirths();
    } catch (error) {
      this.logger.warn(`simulator Sparkplug edge node: undecodable NCMD (${(error as Error).message})`);
    }
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) % 256;
    return seq;
  }

  private bdSeqMetric(): UMetric {
    return { name: 'bdSeq', type: 'UInt64', value: this.bdSeq };
  }

  private topic(type: string, device?: string): string {
    const base = `${NAMESPACE}/${this.options.group}/${type}/${this.options.edgeNode}`;
    return device ? `${base}/${device}` : base;
  }

  private encode(payload: UPayload): Buffer {
    return Buffer.from(codec.encodePayload(payload));
  }
}
