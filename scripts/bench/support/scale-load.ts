import type { MqttClient } from 'mqtt';
import { sleep } from './ingestion-child';
import { assetTopic, SIGNALS_PER_ASSET } from './scale-model';

/**
 * Publishes `rate` samples/s for `seconds`: one QoS 1 message per asset in turn, each carrying its asset's signals with
 * a timestamp that never repeats per asset, and stops early after `messages` messages. Resolves with the samples the
 * broker acknowledged.
 */
export async function publishSteadily(
  client: Pick<MqttClient, 'publishAsync'>,
  prefix: string,
  signals: number,
  rate: number,
  seconds: number,
  messages = Infinity,
): Promise<number> {
  const assets = Math.ceil(signals / SIGNALS_PER_ASSET);
  const messagesPerSecond = rate / SIGNALS_PER_ASSET;
  const lastTs = new Array<number>(assets).fill(0);
  const pending: Array<Promise<unknown>> = [];
  let sent = 0;
  let samples = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000 && sent < messages) {
    const due = Math.min(messages, Math.floor(((Date.now() - started) / 1000) * messagesPerSecond));
    for (; sent < due; sent++) {
      const asset = sent % assets;
      const ts = (lastTs[asset] = Math.max(Date.now(), lastTs[asset] + 1));
      const fields = Math.min(SIGNALS_PER_ASSET, signals - asset * SIGNALS_PER_ASSET);
      const payload: Record<string, number> = { ts };
      for (let f = 0; f < fields; f++) payload[`v${f}`] = (sent + f) % 200;
      pending.push(client.publishAsync(assetTopic(prefix, asset), JSON.stringify(payload), { qos: 1 }));
      samples += fields;
    }
    await sleep(5);
  }
  await Promise.all(pending);
  return samples;
}

/**
 * One message per asset at `rate` samples/s, so every signal has a sample: after it the KPI engine has taken its first
 * sample (which evaluates every KPI once) and every series its first value, as in a twin that has been running.
 */
export function publishRound(
  client: Pick<MqttClient, 'publishAsync'>,
  prefix: string,
  signals: number,
  rate: number,
): Promise<number> {
  return publishSteadily(client, prefix, signals, rate, Infinity, Math.ceil(signals / SIGNALS_PER_ASSET));
}
