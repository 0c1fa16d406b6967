import { performance } from 'node:perf_hooks';
import { connect, connectAsync } from 'mqtt';
import type { EventBus } from '@bsc/events';
import { SIGNALS_PER_MESSAGE } from './ingest-platform';
import { payloadFor, publishInChild, type PublishJob } from './ingest-publisher';

export const LATENCY_RATE = 5_000;
export const LATENCY_SECONDS = 5;

/** A phase of the run: what to publish (the broker's URL and protocol are the run's). */
export type Phase = Omit<PublishJob, 'url' | 'protocol'>;

export interface Throughput {
  messages: number;
  samples: number;
  seconds: number;
  messagesPerS: number;
  samplesPerS: number;
}

function throughput(messages: number, perMessage: number, ms: number): Throughput {
  const seconds = ms / 1000;
  return {
    messages,
    samples: messages * perMessage,
    seconds: round(seconds, 2),
    messagesPerS: Math.round(messages / seconds),
    samplesPerS: Math.round((messages * perMessage) / seconds),
  };
}

/** The baseline: a bare mqtt.js subscriber counting messages. */
export async function bareSubscriber(url: string, protocol: 4 | 5, job: Phase): Promise<Throughput & { sent: number }> {
  const client = await connectAsync(url, {
    clientId: `bench-bare-${process.pid}`,
    protocolVersion: protocol,
    clean: true,
  });
  await client.subscribeAsync(job.topic, { qos: job.qos });
  let received = 0;
  let first = 0;
  let last = 0;
  client.on('message', () => {
    if (received === 0) first = performance.now();
    received += 1;
    last = performance.now();
  });
  const sent = await publishInChild({ url, protocol: protocol, ...job });
  await waitFor(() => received >= sent * (job.qos === 1 ? 1 : 0.999), 5_000);
  await client.endAsync();
  return { ...throughput(received, job.perMessage, last - first), sent };
}

/** Platform end to end: counts samples once stored and through the KPI engine (samples.ingested follows it). */
export async function platformRun(
  url: string,
  protocol: 4 | 5,
  bus: EventBus,
  job: Phase,
): Promise<Throughput & { complete: boolean; sent: number }> {
  let samples = 0;
  let first = 0;
  let last = 0;
  const unsubscribe = bus.subscribe('samples.ingested', (e) => {
    if (samples === 0) first = performance.now();
    samples += e.samples.length;
    last = performance.now();
  });
  const sent = await publishInChild({ url, protocol: protocol, ...job });
  const expected = sent * job.perMessage;
  await waitFor(() => samples >= expected, job.seconds * 1000);
  unsubscribe();
  // First to last sample through the KPI engine (the publisher process's start-up is not ours to count).
  const result = throughput(samples / job.perMessage, job.perMessage, last - first);
  return { ...result, complete: samples >= expected, sent };
}

/** Publish -> KPI update latency at a fixed rate, publisher in this process (one clock). */
export async function latencyRun(
  url: string,
  protocol: 4 | 5,
  bus: EventBus,
  topic: string,
  baseTs: number,
): Promise<{ p50: number; p99: number; max: number; samples: number }> {
  const publisher = connect(url, { clientId: `bench-lat-${process.pid}`, protocolVersion: protocol, clean: true });
  await new Promise<void>((r) => publisher.once('connect', () => r()));
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const unsubscribe = bus.subscribe('samples.ingested', (e) => {
    const now = performance.now();
    for (const s of e.samples) {
      if (s.signalId !== 'bench.s0') continue;
      const at = sentAt.get(s.ts);
      if (at !== undefined) latencies.push(now - at);
    }
  });
  const messagesPerTick = LATENCY_RATE / SIGNALS_PER_MESSAGE / 100; // a tick every 10 ms
  const total = (LATENCY_RATE / SIGNALS_PER_MESSAGE) * LATENCY_SECONDS;
  let m = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < messagesPerTick && m < total; i++, m++) {
        sentAt.set(baseTs + m, performance.now());
        publisher.publish(topic, payloadFor(baseTs + m, SIGNALS_PER_MESSAGE, m), { qos: 1 });
      }
      if (m >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await waitFor(() => latencies.length >= total, 10_000);
  unsubscribe();
  await publisher.endAsync();
  latencies.sort((a, b) => a - b);
  return {
    p50: round(quantile(latencies, 0.5), 1),
    p99: round(quantile(latencies, 0.99), 1),
    max: round(latencies[latencies.length - 1] ?? NaN, 1),
    samples: latencies.length * SIGNALS_PER_MESSAGE,
  };
}

export async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
