import { readFileSync } from 'node:fs';
import { BscError, BscErrorCode } from '@bsc/common';
import type { IngestionConfig } from '../../config/ingestion.config';
import { mqttUrl } from '../../connectors/mqtt/mqtt-client-options';
import type { AlertMetrics } from '../alert-metrics';
import type { AlertNotifier } from './alert-notifier.port';
import { MqttAlertNotifier } from './mqtt-alert-notifier';
import { WebhookNotifier } from './webhook-notifier';

type NotifierConfig = Pick<
  IngestionConfig,
  | 'ALERT_WEBHOOK_URLS'
  | 'ALERT_WEBHOOK_SECRET'
  | 'ALERT_MQTT_TOPIC_PREFIX'
  | 'MQTT_URL'
  | 'MQTT_EMBEDDED_PORT'
  | 'MQTT_CLIENT_ID'
  | 'MQTT_USERNAME'
  | 'MQTT_PASSWORD'
  | 'MQTT_CA_FILE'
>;

export function webhookUrls(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** The configured channels: signed webhooks when URLs are set, MQTT unless the topic prefix is empty. */
export function createAlertNotifiers(config: NotifierConfig, metrics: AlertMetrics): AlertNotifier[] {
  const notifiers: AlertNotifier[] = [];
  const urls = webhookUrls(config.ALERT_WEBHOOK_URLS);
  if (urls.length > 0) {
    // Unsigned webhooks would let anyone who learns a receiver's URL forge alerts: refuse to start.
    if (!config.ALERT_WEBHOOK_SECRET) {
      throw new BscError(
        BscErrorCode.BadInput,
        'ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URLS is set',
        'ALERT_WEBHOOK_SECRET',
      );
    }
    notifiers.push(new WebhookNotifier({ urls, secret: config.ALERT_WEBHOOK_SECRET }, metrics));
  }
  if (config.ALERT_MQTT_TOPIC_PREFIX) {
    notifiers.push(
      new MqttAlertNotifier(
        {
          url: mqttUrl(config),
          topicPrefix: config.ALERT_MQTT_TOPIC_PREFIX,
          clientOptions: {
            // The in-process broker (no MQTT_URL) speaks MQTT 3.1.1 only.
            protocolVersion: config.MQTT_URL ? 5 : 4,
            // Its own client id: the ingestion connector's persistent session must not be taken over.
            clientId: `${config.MQTT_CLIENT_ID}-alerts`,
            clean: true,
            username: config.MQTT_USERNAME || undefined,
            password: config.MQTT_PASSWORD || undefined,
            ca: config.MQTT_CA_FILE ? readFileSync(config.MQTT_CA_FILE) : undefined,
          },
        },
        metrics,
      ),
    );
  }
  return notifiers;
}
