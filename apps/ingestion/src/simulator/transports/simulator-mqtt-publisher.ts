import type { LoggerService } from '@nestjs/common';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';

export interface SimulatorMqttOptions {
  url: string;
  clientId: string;
  /** The platform broker's settings (credentials, CA, protocol version, keepalive): see mqttClientOptions. */
  connection?: IClientOptions;
  /** Topics whose messages are events (each one counts): QoS 1. Telemetry goes QoS 0, a lost tick is harmless. */
  eventTopicPrefixes: readonly string[];
}

const RECONNECT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * JSON publisher of the simulator's MQTT signals. The broker may come up after us (the embedded one starts with
 * the app, a real one may restart): mqtt.js retries every 2 s; while disconnected, messages are dropped and
 * counted rather than queued, so a long outage cannot grow memory.
 */
export class SimulatorMqttPublisher {
  private client?: MqttClient;
  dropped = 0;
  published = 0;

  constructor(
    private readonly options: SimulatorMqttOptions,
    private readonly logger: LoggerService,
  ) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    const options: IClientOptions = {
      ...this.options.connection,
      clientId: this.options.clientId,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      queueQoSZero: false,
      // nothing is queued for a publisher: no session to keep after it leaves
      clean: true,
      properties: undefined,
    };
    const client = connect(this.options.url, options);
    client.on('connect', () => {
      this.logger.log?.(`simulator MQTT publisher connected to ${this.options.url}`);
    });
    client.on('error', (error) => {
      this.logger.warn(`simulator MQTT publisher: ${error.message}`);
    });
    this.client = client;
  }

  publish(topic: string, payload: Record<string, number>): void {
    const client = this.client;
    if (!client?.connected) {
      this.dropped += 1;
      return;
    }
    const qos = this.options.eventTopicPrefixes.some((prefix) => topic.startsWith(prefix)) ? 1 : 0;
    client.publish(topic, JSON.stringify(payload), { qos });
    this.published += 1;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.endAsync().catch(() => undefined);
  }
}
