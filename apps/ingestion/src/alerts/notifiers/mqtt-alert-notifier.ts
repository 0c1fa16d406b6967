import { Logger } from '@nestjs/common';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { AlertMetrics } from '../alert-metrics';
import type { AlertNotification } from '../alert-notification';
import type { AlertNotifier } from './alert-notifier.port';

/** Publishes waiting for the broker's PUBACK (or queued while offline) beyond which new ones are dropped. */
export const MQTT_ALERT_MAX_PENDING = 1_000;
/** Quiet reconnects: the broker may start after us or restart; mqtt.js retries forever at this pace. */
export const MQTT_ALERT_RECONNECT_MS = 5_000;

export interface MqttAlertNotifierOptions {
  url: string;
  topicPrefix: string;
  clientOptions: IClientOptions;
  maxPending?: number;
  connect?: (url: string, options: IClientOptions) => MqttClient;
}

/** `<prefix>/<unitId>/<kpiId>`, with MQTT's reserved characters in ids made harmless. */
export function alertTopic(prefix: string, unitId: string, kpiId: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is forbidden in MQTT topics (spec 4.7.3): matching it is the point
  const level = (id: string) => id.replace(/[/+#\u0000]/g, '_');
  return `${prefix.replace(/\/+$/, '')}/${level(unitId)}/${level(kpiId)}`;
}

/**
 * Alerts as QoS 1 JSON on the platform broker so plant systems can react (an andon light, a line HMI). Its own
 * client id and session; while disconnected mqtt.js queues publishes, bounded here by `maxPending`.
 */
export class MqttAlertNotifier implements AlertNotifier {
  readonly name = 'mqtt';
  private readonly logger = new Logger(MqttAlertNotifier.name);
  private client: MqttClient | undefined;
  private pending = 0;
  private connectedOnce = false;
  private complainedOffline = false;

  constructor(
    private readonly options: MqttAlertNotifierOptions,
    private readonly metrics: AlertMetrics,
  ) {}

  start(): void {
    if (this.client) return;
    const client = (this.options.connect ?? connect)(this.options.url, {
      reconnectPeriod: MQTT_ALERT_RECONNECT_MS,
      ...this.options.clientOptions,
    });
    client.on('connect', () => {
      this.complainedOffline = false;
      this.logger.log(
        { url: this.options.url, reconnect: this.connectedOnce },
        'alert publisher connected to the MQTT broker',
      );
      this.connectedOnce = true;
    });
    client.on('error', (error) => {
      // One warning per outage; the retries that follow are routine.
      if (this.complainedOffline)
        return this.logger.debug({ err: error }, 'alert publisher still cannot reach the broker');
      this.complainedOffline = true;
      this.logger.warn(
        { err: error, url: this.options.url },
        'alert publisher cannot reach the MQTT broker; retrying quietly',
      );
    });
    this.client = client;
  }

  notify(notification: AlertNotification): void {
    const client = this.client;
    if (!client || this.pending >= (this.options.maxPending ?? MQTT_ALERT_MAX_PENDING)) {
      this.metrics.mqttPublishes.inc({ outcome: 'dropped' });
      this.logger.warn({ alert: notification.alert.id, pending: this.pending }, 'alert MQTT publish dropped');
      return;
    }
    this.pending++;
    const topic = alertTopic(this.options.topicPrefix, notification.unit.id, notification.kpi.id);
    client.publish(topic, JSON.stringify(notification), { qos: 1 }, (error) => {
      this.pending--;
      this.metrics.mqttPublishes.inc({ outcome: error ? 'failed' : 'published' });
      if (error) this.logger.warn({ err: error, topic }, 'alert MQTT publish failed');
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // force: do not wait for a broker that may be gone; unacknowledged alerts are in the database anyway.
    if (client) await client.endAsync(true);
  }
}
