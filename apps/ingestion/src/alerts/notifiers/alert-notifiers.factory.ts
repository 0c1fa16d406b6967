import type { IClientOptions } from 'mqtt';
import { BscError, BscErrorCode } from '@bsc/common';
import type { IngestionConfig } from '../../config/ingestion.config';
import { mqttClientOptions, mqttUrl, type MqttConnectionConfig } from '../../connectors/mqtt/mqtt-client-options';
import type { AlertMetrics } from '../alert-metrics';
import type { AlertNotifier } from './alert-notifier.port';
import { MQTT_ALERT_RECONNECT_MS, MqttAlertNotifier } from './mqtt-alert-notifier';
import { WebhookNotifier } from './webhook-notifier';

type NotifierConfig = Pick<
  IngestionConfig,
  'ALERT_WEBHOOK_URLS' | 'ALERT_WEBHOOK_SECRET' | 'ALERT_MQTT_TOPIC_PREFIX' | 'MQTT_EMBEDDED_PORT'
> &
  MqttConnectionConfig;

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
          clientOptions: alertMqttClientOptions(config),
        },
        metrics,
      ),
    );
  }
  return notifiers;
}

/**
 * The platform broker's connection settings (protocol version, keepalive, credentials, CA), with its own client id
 * so the ingestion connector's persistent session is not taken over. A publisher keeps no session: nothing is queued
 * for it, so it starts clean and its session ends with the connection.
 */
export function alertMqttClientOptions(config: MqttConnectionConfig): IClientOptions {
  return {
    ...mqttClientOptions(config, '-alerts'),
    clean: true,
    properties: undefined,
    reconnectPeriod: MQTT_ALERT_RECONNECT_MS,
  };
}
