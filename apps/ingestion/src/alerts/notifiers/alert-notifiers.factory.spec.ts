import { Registry } from 'prom-client';
import { AlertMetrics } from '../alert-metrics';
import { createAlertNotifiers, webhookUrls } from './alert-notifiers.factory';

const base = { ALERT_MQTT_TOPIC_PREFIX: '', MQTT_EMBEDDED_PORT: 1884, MQTT_CLIENT_ID: 'bsc' };

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
