import type { MqttClient } from 'mqtt';
import { sleep } from './ingestion-child';
import { assetTopic, SIGNALS_PER_ASSET } from './scale-model';

/**
 * Publishes `rate` samples/s for `seconds`: one QoS 1 message per asset in turn, each carrying its asset's signals with
 * a timestamp that never repeats per asset. Resolves with the samples the broker acknowledged.
 */
export async function publishSteadily(
  client: MqttClient,
  prefix: string,
  signals: number,
  rate: number,
  seconds: number,
): Promise<number> {
  const assets = Math.ceil(signals / SIGNALS_PER_ASSET);
  const messagesPerSecond = rate / SIGNALS_PER_ASSET;
  const lastTs = new Array<number>(assets).fill(0);
  const pending: Array<Promise<unknown>> = [];
  let sent = 0;
  let samples = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * messagesPerSecond);
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
