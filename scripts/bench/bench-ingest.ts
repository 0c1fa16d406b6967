/*
 * Ingestion benchmark. Publishes to a real broker (MQTT_URL, e.g. the machine's Mosquitto, else an embedded aedes)
 * from a child process and measures in the same run:
 *   a) the receive rate of a bare mqtt.js subscriber (the baseline),
 *   b) the platform end to end (received -> stored in SQLite (temp dir) or DATABASE_URL -> KPI engine updated):
 *      1 sample/message at QoS 1 and 10 samples/message at QoS 0,
 *   c) publish -> KPI-update latency (p50/p99) at a fixed 5,000 samples/s,
 * and the peak RSS of the platform process. Prints a table, then ONE JSON line of figures.
 *   node dist/scripts/bench/bench-ingest.js [--seconds 15] [--messages 60000]
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, connectAsync, type MqttClient } from 'mqtt';
import { ACTIVE_MODEL, HealthModule, MetricsModule, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { EVENT_BUS, EventsModule, type EventBus } from '@bsc/events';
import { PersistenceModule, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder, TwinGraph, type TwinModel } from '@bsc/twin';
import { IngestionConfig } from '../../apps/ingestion/src/config/ingestion.config';
import { MqttModule } from '../../apps/ingestion/src/connectors/mqtt/mqtt.module';
import { PipelineModule } from '../../apps/ingestion/src/pipeline/pipeline.module';

const SIGNALS_PER_MESSAGE = 10;
const LATENCY_RATE = 5_000;
const LATENCY_SECONDS = 5;
const EMBEDDED_PORT = 18_841;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Per-phase time cap and message count: bounded whatever the machine. */
const PHASE_SECONDS = arg('seconds', 15);
const MESSAGES = arg('messages', 60_000);

/** aedes speaks MQTT 3.1.1 only; Mosquitto and others get MQTT 5. */
let PROTOCOL: 4 | 5 = 5;
/** Publisher connections: one QoS 1 connection is bounded by the broker's in-flight window and the round trip. */
const PUBLISHER_CONNECTIONS = 4;

interface PublishJob {
  url: string;
  protocol: 4 | 5;
  topic: string;
  qos: 0 | 1;
  messages: number;
  perMessage: number;
  /** First sample timestamp; sample i of message m has ts = baseTs + m (one ms per message, per signal). */
  baseTs: number;
  seconds: number;
}

// ------------------------------------------------------------------------------------------ publisher (child)
/** Publishes as fast as the broker takes it: QoS 1 with a window of unacknowledged messages, QoS 0 by drain. */
async function runPublisher(job: PublishJob): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: PUBLISHER_CONNECTIONS }, (_, i) =>
      connectAsync(job.url, { clientId: `bench-pub-${process.pid}-${i}`, protocolVersion: job.protocol, clean: true }),
    ),
  );
  const deadline = Date.now() + job.seconds * 1000;
  const window: Array<Promise<unknown>> = [];
  let sent = 0;
  for (let m = 0; m < job.messages && Date.now() < deadline; m++) {
    const payload = payloadFor(job.baseTs + m, job.perMessage, m);
    // QoS 0 from one connection keeps the order simple; QoS 1 spreads over several for a larger window.
    const client = job.qos === 1 ? clients[m % clients.length] : clients[0];
    if (job.qos === 1) {
      window.push(client.publishAsync(job.topic, payload, { qos: 1 }));
      if (window.length >= 2_000) await Promise.all(window.splice(0));
    } else {
      // publish() queues in memory; yield now and then so the socket drains and we measure the broker, not RAM.
      client.publish(job.topic, payload, { qos: 0 });
      if (m % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
    sent += 1;
  }
  await Promise.all(window);
  await Promise.all(clients.map((c) => c.endAsync()));
  process.send?.({ sent });
}

function payloadFor(ts: number, perMessage: number, seq: number): string {
  const fields: string[] = [`"ts":${ts}`];
  for (let s = 0; s < perMessage; s++) fields.push(`"s${s}":${(seq % 97) + s}`);
  return `{${fields.join(',')}}`;
}

function publishInChild(job: PublishJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--publisher', JSON.stringify(job)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let sent = 0;
    child.on('message', (m: { sent: number }) => (sent = m.sent));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(sent) : reject(new Error(`publisher exited with ${code}`))));
  });
}

// ------------------------------------------------------------------------------------------ broker and model
async function startEmbeddedBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const { Aedes } = createRequire(__filename)('aedes') as {
    Aedes: { createBroker(): Promise<{ handle: (s: unknown) => void; close(cb: () => void): void }> };
  };
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((r) => server.listen(EMBEDDED_PORT, '127.0.0.1', r));
  return {
    url: `mqtt://127.0.0.1:${EMBEDDED_PORT}`,
    close: async () => {
      await new Promise<void>((r) => broker.close(r));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Ten double signals read from one JSON message, one KPI averaging each (the engine does real work per sample). */
function benchModel(prefix: string): TwinModel {
  const builder = TwinModelBuilder.minimal();
  for (let s = 0; s < SIGNALS_PER_MESSAGE; s++) {
    builder.push('signals', {
      id: `bench.s${s}`,
      name: `Bench ${s}`,
      measures: 'line1',
      unit: 'units',
      dataType: 'double',
      range: { min: 0, max: 1e6 },
      source: { mqtt: { topic: `${prefix}/data`, jsonPath: `$.s${s}`, timestampPath: '$.ts' } },
    });
    builder.push('kpis', {
      id: `bench_k${s}`,
      name: `Bench KPI ${s}`,
      unit: 'units',
      orgUnit: 'plant',
      direction: 'higher_is_better',
      formula: `avg(bench.s${s}, period)`,
      aggregation: 'avg',
      target: 50,
    });
  }
  return builder.buildValid();
}

@Global()
@Module({})
class BenchModelModule {
  static register(model: TwinModel): DynamicModule {
    const snapshot: ActiveModelSnapshot = {
      model,
      graph: TwinGraph.fromModel(model),
      version: 1,
      importedAt: Date.now(),
    };
    const activeModel: ActiveModel = {
      current: () => snapshot,
      onChange: () => () => undefined,
      import: () => Promise.reject(new Error('read-only in the benchmark')),
    };
    return {
      module: BenchModelModule,
      providers: [{ provide: ACTIVE_MODEL, useValue: activeModel }],
      exports: [ACTIVE_MODEL],
    };
  }
}

async function startPlatform(
  url: string,
  model: TwinModel,
  dataDir: string,
  clientId: string,
): Promise<INestApplication> {
  const config = Object.assign(new IngestionConfig(), {
    MQTT_URL: url,
    MQTT_PROTOCOL_VERSION: PROTOCOL,
    MQTT_CLIENT_ID: clientId,
    KPI_REPLAY_ON_START: false,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const sqlitePath = config.sqlitePath;
  const app = await NestFactory.create(
    {
      module: class BenchRootModule {},
      imports: [
        HealthModule,
        MetricsModule,
        EventsModule.forRoot({}),
        PersistenceModule.forRoot({ databaseUrl: process.env.DATABASE_URL, sqlitePath }),
        BenchModelModule.register(model),
        // The MQTT path only: no OPC UA connector retrying the test model's server in the background.
        PipelineModule.register(config),
        MqttModule,
      ],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  return app;
}

// ------------------------------------------------------------------------------------------ measurements
interface Throughput {
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
async function bareSubscriber(
  url: string,
  job: Omit<PublishJob, 'url' | 'protocol'>,
): Promise<Throughput & { sent: number }> {
  const client = await connectAsync(url, {
    clientId: `bench-bare-${process.pid}`,
    protocolVersion: PROTOCOL,
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
  const sent = await publishInChild({ url, protocol: PROTOCOL, ...job });
  await waitFor(() => received >= sent * (job.qos === 1 ? 1 : 0.999), 5_000);
  await client.endAsync();
  return { ...throughput(received, job.perMessage, last - first), sent };
}

/** Platform end to end: counts samples once stored and through the KPI engine (samples.ingested follows it). */
async function platformRun(
  url: string,
  bus: EventBus,
  job: Omit<PublishJob, 'url' | 'protocol'>,
): Promise<Throughput & { complete: boolean; sent: number }> {
  let samples = 0;
  let first = 0;
  let last = 0;
  const unsubscribe = bus.subscribe('samples.ingested', (e) => {
    if (samples === 0) first = performance.now();
    samples += e.samples.length;
    last = performance.now();
  });
  const sent = await publishInChild({ url, protocol: PROTOCOL, ...job });
  const expected = sent * job.perMessage;
  await waitFor(() => samples >= expected, PHASE_SECONDS * 1000);
  unsubscribe();
  // First to last sample through the KPI engine (the publisher process's start-up is not ours to count).
  const result = throughput(samples / job.perMessage, job.perMessage, last - first);
  return { ...result, complete: samples >= expected, sent };
}

/** Publish -> KPI update latency at a fixed rate, publisher in this process (one clock). */
async function latencyRun(
  url: string,
  bus: EventBus,
  topic: string,
  baseTs: number,
): Promise<{ p50: number; p99: number; max: number; samples: number }> {
  const publisher = connect(url, { clientId: `bench-lat-${process.pid}`, protocolVersion: PROTOCOL, clean: true });
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

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ------------------------------------------------------------------------------------------ main
async function main(): Promise<void> {
  const embedded = process.env.MQTT_URL ? undefined : await startEmbeddedBroker();
  const url = process.env.MQTT_URL || embedded!.url;
  PROTOCOL = embedded ? 4 : 5;
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
  const bareQos1 = await bareSubscriber(url, {
    topic: `${run}/bare1`,
    qos: 1,
    messages: qos1Messages,
    perMessage: 1,
    baseTs: 0,
    seconds: PHASE_SECONDS,
  });
  const bareQos0 = await bareSubscriber(url, {
    topic: `${run}/bare0`,
    qos: 0,
    messages: qos0Messages,
    perMessage: SIGNALS_PER_MESSAGE,
    baseTs: 0,
    seconds: PHASE_SECONDS,
  });

  const clientId = `${run}-platform`;
  const app = await startPlatform(url, model, dir, clientId);
  const bus = app.get<EventBus>(EVENT_BUS);
  let processed = 0;
  let report: { rows: Array<[string, string]>; figures: object } | undefined;
  const countAll = bus.subscribe('samples.ingested', (e) => (processed += e.samples.length));
  try {
    // Wait until the platform's subscription is live (a probe message makes it through).
    let probe = 0;
    const probeBus = bus.subscribe('samples.ingested', () => (probe += 1));
    const prober: MqttClient = await connectAsync(url, { clientId: `${run}-probe`, protocolVersion: PROTOCOL });
    const probeBase = nextBase(100);
    for (let i = 0; i < 100 && probe === 0; i++) {
      await prober.publishAsync(topic, payloadFor(probeBase + i, SIGNALS_PER_MESSAGE, i), { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
    probeBus();
    await prober.endAsync();

    // 1 sample/message (only s0 present; the other bindings find nothing) at QoS 1, then 10/message at QoS 0.
    const e2eQos1 = await platformRun(url, bus, {
      topic,
      qos: 1,
      messages: qos1Messages,
      perMessage: 1,
      baseTs: nextBase(qos1Messages),
      seconds: PHASE_SECONDS,
    });
    const e2eQos0 = await platformRun(url, bus, {
      topic,
      qos: 0,
      messages: qos0Messages,
      perMessage: SIGNALS_PER_MESSAGE,
      baseTs: nextBase(qos0Messages),
      seconds: PHASE_SECONDS,
    });
    const latency = await latencyRun(url, bus, topic, nextBase(LATENCY_RATE * LATENCY_SECONDS));
    clearInterval(rssTimer);
    countAll();
    // Every sample that reached the KPI engine is in the database (the writer thread wrote what it reported).
    const storedRows = await app.get(SampleRepository).count();

    const rows: Array<[string, string]> = [
      ['broker', embedded ? `embedded aedes (${url})` : url],
      [
        'database',
        process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (temp dir, WAL, synchronous NORMAL)',
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
    ];
    const figures = {
      bench: 'ingest',
      broker: embedded ? 'aedes-embedded' : 'external',
      database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
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
    // Remove the persistent session the platform left on the broker.
    const cleaner = await connectAsync(
      url,
      PROTOCOL === 5
        ? { clientId, clean: true, protocolVersion: 5, properties: { sessionExpiryInterval: 0 } }
        : { clientId, clean: true },
    );
    await cleaner.endAsync();
    await embedded?.close();
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

function pct(a: number, b: number): string {
  return `${Math.round((100 * a) / b)}%`;
}

const publisherArg = process.argv.indexOf('--publisher');
if (publisherArg >= 0) {
  runPublisher(JSON.parse(process.argv[publisherArg + 1]) as PublishJob).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`publisher failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench-ingest failed: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
