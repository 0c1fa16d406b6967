import { Registry } from 'prom-client';
import { AlertMetrics } from '../alert-metrics';
import { MQTT_ALERT_RECONNECT_MS } from './mqtt-alert-notifier';
import { alertMqttClientOptions, createAlertNotifiers, webhookUrls } from './alert-notifiers.factory';

const mqtt = { MQTT_CLIENT_ID: 'bsc', MQTT_SESSION_EXPIRY_S: 86_400, MQTT_RECEIVE_MAXIMUM: 100 };
const base = { ...mqtt, ALERT_MQTT_TOPIC_PREFIX: '', MQTT_EMBEDDED_PORT: 1884 };

describe(createAlertNotifiers.name, () => {
  it.each([
    [undefined, []],
    [' http://a.test/h , https://b.test/h ,', ['http://a.test/h', 'https://b.test/h']],
  ])('splits ALERT_WEBHOOK_URLS %p', (text, urls) => {
    expect(webhookUrls(text)).toEqual(urls);
  });

  it.each([
    ['nothing configured', {}, []],
    ['webhooks', { ALERT_WEBHOOK_URLS: 'http://a.test/h', ALERT_WEBHOOK_SECRET: 's' }, ['webhook']],
    ['MQTT', { ALERT_MQTT_TOPIC_PREFIX: 'bsc/alerts' }, ['mqtt']],
  ])('builds the channels for %s', (_name, config, names) => {
    expect(createAlertNotifiers({ ...base, ...config }, new AlertMetrics(new Registry())).map((n) => n.name)).toEqual(
      names,
    );
  });

  it('refuses webhook URLs without a secret', () => {
    expect(() =>
      createAlertNotifiers({ ...base, ALERT_WEBHOOK_URLS: 'http://a.test/h' }, new AlertMetrics(new Registry())),
    ).toThrow(/ALERT_WEBHOOK_SECRET/);
  });
});

describe(alertMqttClientOptions.name, () => {
  it.each([
    // the broker's MQTT_PROTOCOL_VERSION and MQTT_KEEPALIVE_S, not MQTT 5 whenever MQTT_URL is set and mqtt.js's 60 s
    ['an MQTT 3.1.1 broker', { MQTT_PROTOCOL_VERSION: 4, MQTT_KEEPALIVE_S: 10 }, { protocolVersion: 4, keepalive: 10 }],
    ['an MQTT 5 broker', { MQTT_PROTOCOL_VERSION: 5, MQTT_KEEPALIVE_S: 45 }, { protocolVersion: 5, keepalive: 45 }],
  ] as const)('speaks to %s as configured', (_name, settings, expected) => {
    const sut = alertMqttClientOptions({ ...mqtt, MQTT_URL: 'mqtt://broker.example:1883', ...settings });
    expect(sut).toMatchObject(expected);
  });

  it('connects with its own client id and a clean session that ends with the connection', () => {
    const sut = alertMqttClientOptions({ ...mqtt, MQTT_URL: 'mqtt://broker.example:1883', MQTT_USERNAME: 'u' });
    expect(sut).toMatchObject({ clientId: 'bsc-alerts', clean: true, username: 'u', protocolVersion: 5 });
    expect(sut.properties).toBeUndefined();
    expect(sut.reconnectPeriod).toBe(MQTT_ALERT_RECONNECT_MS);
  });
});
