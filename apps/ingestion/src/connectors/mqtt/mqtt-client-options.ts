import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { IngestionConfig } from '../../config/ingestion.config';

/** Reconnect delay after a lost connection; mqtt.js retries forever at this pace. */
const RECONNECT_PERIOD_MS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** mqtt.js's default is 60 s; MQTT_KEEPALIVE_S is optional in the config subsets callers pass. */
const DEFAULT_KEEPALIVE_S = 30;

export type MqttConnectionConfig = Pick<
  IngestionConfig,
  | 'MQTT_URL'
  | 'MQTT_CLIENT_ID'
  | 'MQTT_USERNAME'
  | 'MQTT_PASSWORD'
  | 'MQTT_CA_FILE'
  | 'MQTT_SESSION_EXPIRY_S'
  | 'MQTT_RECEIVE_MAXIMUM'
> &
  Partial<Pick<IngestionConfig, 'MQTT_PROTOCOL_VERSION' | 'MQTT_KEEPALIVE_S'>>;

/**
 * MQTT 5 with a persistent session: a fixed client id and clean start off, so the broker keeps our subscriptions
 * and queues QoS 1 messages while we are down; they arrive after we return. The in-process broker (aedes, used when
 * MQTT_URL is empty) speaks MQTT 3.1.1 only, where clean session off gives the same persistence; so does an
 * external broker configured with MQTT_PROTOCOL_VERSION=4.
 */
export function mqttClientOptions(config: MqttConnectionConfig, clientIdSuffix = ''): IClientOptions {
  const v311 = !config.MQTT_URL || config.MQTT_PROTOCOL_VERSION === 4;
  return {
    protocolVersion: v311 ? 4 : 5,
    clientId: `${config.MQTT_CLIENT_ID}${clientIdSuffix}`,
    clean: false,
    keepalive: config.MQTT_KEEPALIVE_S ?? DEFAULT_KEEPALIVE_S,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    resubscribe: false,
    username: config.MQTT_USERNAME || undefined,
    password: config.MQTT_PASSWORD || undefined,
    ca: config.MQTT_CA_FILE ? readFileSync(config.MQTT_CA_FILE) : undefined,
    rejectUnauthorized: true,
    properties: v311
      ? undefined
      : {
          sessionExpiryInterval: config.MQTT_SESSION_EXPIRY_S,
          receiveMaximum: config.MQTT_RECEIVE_MAXIMUM,
        },
  };
}

/** The broker URL: the configured one, or the embedded broker on loopback. */
export function mqttUrl(config: Pick<IngestionConfig, 'MQTT_URL' | 'MQTT_EMBEDDED_PORT'>): string {
  return config.MQTT_URL || `mqtt://127.0.0.1:${config.MQTT_EMBEDDED_PORT}`;
}
