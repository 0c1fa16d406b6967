/*
 * Ingestion benchmark. Starts a Mosquitto of its own on a free port (its queue and in-flight bounds stated, so QoS 1
 * measures the platform, not a shared broker's defaults), publishes to it from a child process and measures in the
 * same run:
 *   a) the receive rate of a bare mqtt.js subscriber (the baseline),
 *   b) the platform end to end (received -> stored in SQLite (temp dir) or DATABASE_URL -> KPI engine updated):
 *      1 sample/message at QoS 1 and 10 samples/message at QoS 0,
 *   c) publish -> KPI-update latency (p50/p99) at a fixed 5,000 samples/s,
 * and the peak RSS of the platform process. Prints a table, then ONE JSON line of figures.
 *   [DATABASE_URL=postgres://...] [INGEST_WRITE_CONCURRENCY=2] node dist/scripts/bench/bench-ingest.js [--seconds 15] [--messages 60000]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { SampleRepository } from '@bsc/persistence';
import { IngestionMetrics } from '../../apps/ingestion/src/metrics/ingestion-metrics';
import {
  bareSubscriber,
  LATENCY_RATE,
  LATENCY_SECONDS,
  latencyRun,
  platformRun,
  round,
} from './support/ingest-measurements';
import { IngestionConfig } from '../../apps/ingestion/src/config/ingestion.config';
import { MosquittoBroker } from '../rig/mosquitto-broker';
import { benchModel, SIGNALS_PER_MESSAGE, startPlatform } from './support/ingest-platform';
import { payloadFor } from './support/ingest-publisher';
import { argNumber } from './support/bench-args';

/** Per-phase time cap and message count: bounded whatever the machine. */
const PHASE_SECONDS = argNumber('seconds', 15);
const MESSAGES = argNumber('messages', 60_000);

async function main(): Promise<void> {
  // Every message of a phase may wait in the broker's queue (Mosquitto keeps 1,000 by default and drops the rest,
  // QoS 1 included); the in-flight window is the platform's own receive maximum.
  const broker = await MosquittoBroker.start({
    persistence: false,
    maxQueuedMessages: MESSAGES,
    maxInflightMessages: new IngestionConfig().MQTT_RECEIVE_MAXIMUM,
  });
  const url = broker.url;
  const protocol = 5;
  const dir = mkdtempSync(join(tmpdir(), 'bsc-bench-ingest-'));
  const run = `bench-${process.pid}-${Date.now().toString(36)}`;
  const model = benchModel(run);
  const topic = `${run}/data`;
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  // Sample timestamps: one ms per message, far enough back that all phases fit before now.
  let baseTs = Date.now() - 3 * 86_400_000;
  const nextBase = (messages: number): number => {
    const b = baseTs;
    baseTs += messages + 1_000;
    return b;
  };

  const qos1Messages = MESSAGES;
  const qos0Messages = MESSAGES;
  const bareQos1 = await bareSubscriber(url, protocol, {
    topic: `${run}/bare1`,
    qos: 1,
    messages: qos1Messages,
    perMessage: 1,
    baseTs: 0,
    seconds: PHASE_SECONDS,
  });
  const bareQos0 = await bareSubscriber(url, protocol, {
    topic: `${run}/bare0`,
    qos: 0,
    messages: qos0Messages,
    perMessage: SIGNALS_PER_MESSAGE,
    baseTs: 0,
    seconds: PHASE_SECONDS,
  });

  const clientId = `${run}-platform`;
  const app = await startPlatform(url, protocol, model, dir, clientId);
  const bus = app.get<EventBus>(EVENT_BUS);
  let processed = 0;
  let report: { rows: Array<[string, string]>; figures: object } | undefined;
  const countAll = bus.subscribe('samples.ingested', (e) => (processed += e.samples.length));
  try {
    // Wait until the platform's subscription is live (a probe message makes it through).
    let probe = 0;
    const probeBus = bus.subscribe('samples.ingested', () => (probe += 1));
    const prober: MqttClient = await connectAsync(url, { clientId: `${run}-probe`, protocolVersion: protocol });
    const probeBase = nextBase(100);
    for (let i = 0; i < 100 && probe === 0; i++) {
      await prober.publishAsync(topic, payloadFor(probeBase + i, SIGNALS_PER_MESSAGE, i), { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
    probeBus();
    await prober.endAsync();

    // 1 sample/message (only s0 present; the other bindings find nothing) at QoS 1, then 10/message at QoS 0.
    const e2eQos1 = await platformRun(url, protocol, bus, {
      topic,
      qos: 1,
      messages: qos1Messages,
      perMessage: 1,
      baseTs: nextBase(qos1Messages),
      seconds: PHASE_SECONDS,
    });
    const e2eQos0 = await platformRun(url, protocol, bus, {
      topic,
      qos: 0,
      messages: qos0Messages,
      perMessage: SIGNALS_PER_MESSAGE,
      baseTs: nextBase(qos0Messages),
      seconds: PHASE_SECONDS,
    });
    const latency = await latencyRun(url, protocol, bus, topic, nextBase(LATENCY_RATE * LATENCY_SECONDS));
    clearInterval(rssTimer);
    countAll();
    // Every sample that reached the KPI engine is in the database (the writer thread wrote what it reported).
    const storedRows = await app.get(SampleRepository).count();
    // QoS 0 messages the platform itself dropped (its window full); the rest of what was not received the broker dropped
    const platformDropped = (await app.get(IngestionMetrics).overflowDropped.get()).values.reduce(
      (n, v) => n + v.value,
      0,
    );

    const rows: Array<[string, string]> = [
      ['broker', `own Mosquitto ${url}: ${brokerSettings(broker)}`],
      [
        'database',
        process.env.DATABASE_URL
          ? `PostgreSQL (DATABASE_URL), ${process.env.INGEST_WRITE_CONCURRENCY ?? 1} write(s) at once`
          : 'SQLite (temp dir, WAL, synchronous NORMAL)',
      ],
      ['bare subscriber, QoS 1, 1 sample/msg', `${bareQos1.messagesPerS} msg/s`],
      ['bare subscriber, QoS 0, 10 samples/msg', `${bareQos0.messagesPerS} msg/s = ${bareQos0.samplesPerS} samples/s`],
      [
        'platform e2e, QoS 1, 1 sample/msg',
        `${e2eQos1.messagesPerS} msg/s (${pct(e2eQos1.messagesPerS, bareQos1.messagesPerS)} of bare), ${e2eQos1.messages}/${e2eQos1.sent} messages`,
      ],
      [
        'platform e2e, QoS 0, 10 samples/msg',
        `${e2eQos0.samplesPerS} samples/s (${pct(e2eQos0.messagesPerS, bareQos0.messagesPerS)} of bare), ${e2eQos0.messages}/${e2eQos0.sent} messages (QoS 0 overflow is the broker's to drop)`,
      ],
      [
        `latency publish -> KPI at ${LATENCY_RATE} samples/s`,
        `p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`,
      ],
      ['peak RSS (platform process)', `${Math.round(peakRss / 1048576)} MB`],
      ['rows stored / samples processed', `${storedRows} / ${processed}`],
      ['QoS 0 messages dropped by the platform (window full)', `${platformDropped}`],
    ];
    const figures = {
      bench: 'ingest',
      broker: 'mosquitto-own',
      brokerMaxQueuedMessages: MESSAGES,
      brokerMaxInflightMessages: new IngestionConfig().MQTT_RECEIVE_MAXIMUM,
      database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
      writeConcurrency: process.env.DATABASE_URL ? Number(process.env.INGEST_WRITE_CONCURRENCY ?? 1) : 1,
      bareQos1MsgPerS: bareQos1.messagesPerS,
      bareQos0SamplesPerS: bareQos0.samplesPerS,
      e2eQos1MsgPerS: e2eQos1.messagesPerS,
      e2eQos1Complete: e2eQos1.complete,
      e2eQos1Messages: e2eQos1.messages,
      e2eQos1Sent: e2eQos1.sent,
      e2eQos0SamplesPerS: e2eQos0.samplesPerS,
      e2eQos0Complete: e2eQos0.complete,
      e2eQos0Messages: e2eQos0.messages,
      e2eQos0Sent: e2eQos0.sent,
      e2eQos0PlatformDropped: platformDropped,
      e2eQos1ShareOfBare: round(e2eQos1.messagesPerS / bareQos1.messagesPerS, 3),
      e2eQos0ShareOfBare: round(e2eQos0.messagesPerS / bareQos0.messagesPerS, 3),
      latencyRateSamplesPerS: LATENCY_RATE,
      latencyP50Ms: latency.p50,
      latencyP99Ms: latency.p99,
      latencyMaxMs: latency.max,
      peakRssMb: Math.round(peakRss / 1048576),
      storedRows,
      samplesProcessed: processed,
    };
    report = { rows, figures };
  } finally {
    clearInterval(rssTimer);
    await app.close();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  // Printed after shutdown, so that nothing the app logs while closing comes after the JSON line.
  if (report) {
    const { rows, figures } = report;
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\nIngestion benchmark (${MESSAGES} messages per phase, cap ${PHASE_SECONDS} s)\n`);
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
}

function brokerSettings(broker: MosquittoBroker): string {
  return broker.settings.filter((line) => line.startsWith('max_')).join(', ');
}

function pct(a: number, b: number): string {
  return `${Math.round((100 * a) / b)}%`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench-ingest failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
