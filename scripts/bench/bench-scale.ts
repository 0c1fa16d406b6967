/*
 * Scale benchmark: the platform on generated models of 1k signals / 100 KPIs, 10k / 1k and 100k / 10k
 * (support/scale-model.ts), each on a database of its own, the compiled apps as child processes in the production
 * profile, a Mosquitto of its own (or MQTT_URL's broker) and a NATS server of its own as the event bus (or
 * EVENT_BUS_URL's), so the API sees the ingestion's KPI updates and no other process's events clear its caches. Per size:
 *   - `bsc model validate` and `bsc model import`: wall time and peak RSS (VmHWM of the child);
 *   - ingestion and API: time to ready;
 *   - a warm-up round (one message per asset at --rate, so every signal has a sample and the KPI engine has made its
 *     first pass over every KPI, as in a twin that has been running), stored before the stream; --no-warm-up leaves
 *     it out, so the stream's figures include that one-off first pass after a start on an empty database;
 *   - a steady --rate of samples/s over all signals for --seconds (QoS 1, one message per asset carrying its
 *     signals): stored/published (stored polled after the stream until it is complete or has not grown for 20 s: what
 *     is missing then is lost, not late), the catch-up time, dead letters and samples reported dropped, the delay
 *     from each sample's timestamp (stamped as published) to its receipt (time queued in the broker), publish → KPI
 *     p50/p99 and share within 2 s (the ingestion's source lag histogram: the publisher shares its clock), receipt → KPI lag p50/p99 (the ingestion's histogram), the share of messages
 *     within 2 s (exact: a bucket bound) and its worst 2-second windows (marked when a rollup fold or a KPI
 *     checkpoint finished in them or just before), CPU and RSS of ingestion, and the API's forecast cycles that ended
 *     from the stream's start to its catch-up (how many, their seconds, the samples they fed to the daily engine);
 *   - meanwhile the root unit's scorecard through the API, autocannon with 20 connections (closed loop: each sends its
 *     next request when the last is answered, which takes what the machine has left; --scorecard-rate N: N requests/s
 *     from all of them): p50/p99; the baseline
 *     is the same load for 5 s before the stream, while nothing changes (scorecardIdle); with --scorecard-baseline
 *     a second API assembles the live scorecard again after each change (SCORECARD_LIVE_ROLLUP=false, the earlier
 *     way), the stream runs twice as long and the same loads run against it after the first (…Baseline figures);
 *   - with the apps stopped, --history-days of history (one sample per signal a day) and a day of it (one sample per
 *     signal every --day-step-s) seeded as if stored live; then the ingestion's restart, replaying all history as
 *     before (KPI_REPLAY_HISTORY=full) and as now; then one forecast cycle on this thread as before (every sample
 *     replayed into daily series) and as now (stored daily values: the first cycle builds them, the next one
 *     recomputes the open day);
 * and each figure's ratio to the smallest size. PostgreSQL when DATABASE_URL is given (a database bsc_scale_<pid>_<size>
 * is created beside it and dropped), else SQLite in a temp folder.
 *   node dist/scripts/bench/bench-scale.js [--sizes 1k,10k] [--seconds 20] [--rate 5000] [--history-days 365]
 *     [--day-step-s 900] [--scorecard-baseline] [--no-warm-up] [--stream-alone] [--scorecard-rate N] [--write-concurrency N]
 *     [--moving-refresh-ms N] (KPI_MOVING_REFRESH_MS of the ingestion; empty: its default) [--app-env NAME=VALUE]   (--history-days 0 skips the restart and forecast figures)
 *     [--skip-before] (no full-replay restart, no all-samples forecast cycle) [--cpu-prof DIR] [--heap-prof DIR]
 *     (CPU and allocation profiles of the apps)
 * Last line: one JSON object.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { connectAsync } from 'mqtt';
import { openDataSource } from '@bsc/persistence';
import { validateModel, type TwinModel } from '@bsc/twin';
import { load, type LoadFigures } from './support/autocannon';
import { bsc } from './support/cli-child';
import { ratios, streamRow, type SizeFigures } from './support/scale-figures';
import { API_ENTRY, startIngestion, stopIngestion, type IngestionChild } from './support/ingestion-child';
import { measureStream } from './support/scale-stream-run';
import { SCALE_SIZES, scaleModel, scaleModelShape, type ScaleSize } from './support/scale-model';
import { historyRow, measureHistory } from './support/scale-history';
import { createScratchDatabase } from '../rig/scratch-database';
import { MosquittoBroker } from '../rig/mosquitto-broker';
import { NatsCluster } from '../rig/nats-cluster';
import { IngestionConfig } from '../../apps/ingestion/src/config/ingestion.config';
import { argString, hasFlag } from './support/bench-args';

const CONNECTIONS = 20;
const RECEIVE_MAXIMUM = new IngestionConfig().MQTT_RECEIVE_MAXIMUM;
/** Seconds of scorecard load before the stream starts (plus autocannon's 2 s warm-up). */
const IDLE_LOAD_SECONDS = 5;
const STEP_TIMEOUT_MS = 300_000;
const ROOT_SCORECARD = `{ scorecard(unit: "acme") { score status coverage
  perspectives { id score status objectives { id score status } } children { unit { id } score status } } }`;

const SIZES = argString('sizes', '1k,10k').split(',') as ScaleSize[];
const SECONDS = Number(argString('seconds', '20'));
const RATE = Number(argString('rate', '5000'));
/** Empty: a broker of the bench's own, whose queue holds every message (a default Mosquitto drops beyond 1,000). */
const MQTT_URL = process.env.MQTT_URL || '';
/** Empty: a NATS server of the bench's own (events other processes publish on a shared bus would clear caches). */
const EVENT_BUS_URL = process.env.EVENT_BUS_URL || '';
const DATABASE_URL = process.env.DATABASE_URL;
const HISTORY_DAYS = Number(argString('history-days', '365'));
const DAY_STEP_MS = Number(argString('day-step-s', '900')) * 1000;
const SCORECARD_BASELINE = hasFlag('scorecard-baseline');
/** Only the history figures as now: no full-replay restart, no forecast cycle on every sample. */
const SKIP_BEFORE = hasFlag('skip-before');
/** No warm-up round before the stream (the earlier way: the engine's first pass falls into the measured stream). */
const WARM_UP = !hasFlag('no-warm-up');
/** Scorecard requests per second (all connections together); empty: closed loop, as many as the API answers. */
const SCORECARD_RATE = argString('scorecard-rate', '') === '' ? undefined : Number(argString('scorecard-rate', ''));
/** No scorecard load while the stream runs: the lag of the ingestion alone (the scorecard figures are then empty). */
const STREAM_ALONE = hasFlag('stream-alone');
/** INGEST_WRITE_CONCURRENCY of the apps (empty: their default). */
const WRITE_CONCURRENCY = argString('write-concurrency', '');
/** KPI_MOVING_REFRESH_MS of the ingestion (empty: its default). */
const MOVING_REFRESH_MS = argString('moving-refresh-ms', '');
/** `--app-env NAME=VALUE` (repeatable): a setting of both apps, e.g. KPI_CHECKPOINT_INTERVAL_S=0 to take a task out. */
const APP_ENV = Object.fromEntries(
  process.argv.flatMap((a, i) => (a === '--app-env' ? [process.argv[i + 1].split(/=(.*)/s, 2)] : [])),
) as Record<string, string>;
/** A folder: the streamed ingestion and API write V8 CPU profiles there (node --cpu-prof) when they stop. */
const CPU_PROF_DIR = argString('cpu-prof', '');
/** A folder: the same apps write sampling heap profiles there (node --heap-prof): where they allocate. */
const HEAP_PROF_DIR = argString('heap-prof', '');
const NODE_ARGS = [
  ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []),
  ...(HEAP_PROF_DIR ? ['--heap-prof', `--heap-prof-dir=${HEAP_PROF_DIR}`] : []),
];

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

async function runSize(size: ScaleSize, mqttUrl: string, eventBusUrl: string): Promise<SizeFigures> {
  const signals = SCALE_SIZES[size];
  const dir = mkdtempSync(join(tmpdir(), `bsc-bench-scale-${size}-`));
  const prefix = `bench-scale-${process.pid}-${size}`;
  const database = DATABASE_URL ? await createScratchDatabase(DATABASE_URL, `bsc_scale_${size}`) : null;
  const running: IngestionChild[] = [];
  try {
    const modelFile = join(dir, 'model.yaml');
    writeFileSync(modelFile, dump(scaleModel(signals, prefix), { lineWidth: -1, noRefs: true }));
    const env: Record<string, string> = {
      BSC_PROFILE: 'production',
      DATA_DIR: dir,
      MODEL_FILE: modelFile,
      MQTT_URL: mqttUrl,
      MQTT_CLIENT_ID: `${prefix}-ingestion`,
      EVENT_BUS_URL: eventBusUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ALERTS_ENABLED: 'false',
      ALERT_MQTT_TOPIC_PREFIX: '',
      LOG_LEVEL: 'warn',
      ...(WRITE_CONCURRENCY ? { INGEST_WRITE_CONCURRENCY: WRITE_CONCURRENCY } : {}),
      ...(MOVING_REFRESH_MS ? { KPI_MOVING_REFRESH_MS: MOVING_REFRESH_MS } : {}),
      ...(database ? { DATABASE_URL: database.url } : {}),
      ...APP_ENV,
    };
    const validate = await bsc(['model', 'validate', modelFile], env);
    progress(`${size}: validate ${validate.ms} ms, peak ${validate.peakRssMb} MB`);
    const imported = await bsc(['model', 'import', modelFile], env);
    progress(`${size}: import ${imported.ms} ms, peak ${imported.peakRssMb} MB`);
    const key = (
      JSON.parse((await bsc(['api-key', 'create', '--role', 'viewer', '--json'], env)).stdout) as { key: string }
    ).key;

    const ingestion = await startIngestion(env, STEP_TIMEOUT_MS, NODE_ARGS);
    running.push(ingestion.app);
    const api = await startIngestion(env, STEP_TIMEOUT_MS, NODE_ARGS, API_ENTRY);
    running.push(api.app);
    progress(`${size}: ingestion ready in ${ingestion.readyMs} ms, API in ${api.readyMs} ms`);
    const baselineApi = SCORECARD_BASELINE
      ? await startIngestion({ ...env, SCORECARD_LIVE_ROLLUP: 'false' }, STEP_TIMEOUT_MS, [], API_ENTRY)
      : null;
    if (baselineApi) running.push(baselineApi.app);
    const urlOf = (app: { port: number }) => `http://127.0.0.1:${app.port}/graphql`;
    let scorecardBytes = 0;
    for (const app of [api, baselineApi]) {
      if (!app) continue;
      // one request first: a refused or failing query would otherwise be measured as a fast one
      const text = await (
        await fetch(urlOf(app.app), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query: ROOT_SCORECARD }),
        })
      ).text();
      const probe = JSON.parse(text) as { data?: { scorecard?: unknown }; errors?: unknown };
      if (!probe.data?.scorecard) throw new Error(`root scorecard query failed: ${JSON.stringify(probe.errors)}`);
      scorecardBytes ||= Buffer.byteLength(text);
    }
    const client = await connectAsync(mqttUrl, { clientId: `${prefix}-pub`, protocolVersion: 5 });
    const scorecardLoad = (seconds: number, app = api.app): Promise<LoadFigures> =>
      load(urlOf(app), JSON.stringify({ query: ROOT_SCORECARD }), { 'x-api-key': key }, CONNECTIONS, seconds, {
        rate: SCORECARD_RATE,
      });
    // the baseline: the same query while nothing changes (served from the caches after the first answer)
    const scorecardIdle = await scorecardLoad(IDLE_LOAD_SECONDS);
    const scorecardIdleBaseline = baselineApi ? await scorecardLoad(IDLE_LOAD_SECONDS, baselineApi.app) : undefined;
    const dataSource = await openDataSource(
      DATABASE_URL ? { databaseUrl: database!.url } : { sqlitePath: join(dir, 'bsc.sqlite') },
      { migrate: false },
    );
    const stream = await measureStream({
      dataSource,
      client,
      prefix,
      signals,
      ingestion: ingestion.app,
      api: api.app,
      baselineApi: baselineApi?.app ?? null,
      eventBusUrl,
      rate: RATE,
      seconds: SECONDS,
      warmUp: WARM_UP,
      streamAlone: STREAM_ALONE,
      scorecardLoad: (seconds, app) => scorecardLoad(seconds, app),
      progress: (line) => progress(`${size}: ${line}`),
    });
    const figures: SizeFigures = {
      size,
      signals,
      kpis: scaleModelShape(signals).kpis,
      validate: { ms: validate.ms, peakRssMb: validate.peakRssMb },
      import: { ms: imported.ms, peakRssMb: imported.peakRssMb },
      ready: { ingestionMs: ingestion.readyMs, ingestionCpuMs: ingestion.cpuMs, apiMs: api.readyMs },
      ...stream,
      scorecardIdle,
      scorecardBytes,
      history: null,
      ...(stream.scorecardBaseline && scorecardIdleBaseline ? { scorecardIdleBaseline } : {}),
    };
    // the stream's figures as soon as they are known: the history step after them may take long or fail
    progress(streamRow(figures));
    await client.endAsync();
    await Promise.all([ingestion, api, ...(baselineApi ? [baselineApi] : [])].map((child) => stopIngestion(child.app)));
    if (HISTORY_DAYS > 0) {
      const model = validateModel(scaleModel(signals, prefix)).model as TwinModel;
      figures.history = await measureHistory(dataSource, env, model, signals, {
        days: HISTORY_DAYS,
        dayStepMs: DAY_STEP_MS,
        timeoutMs: STEP_TIMEOUT_MS,
        before: !SKIP_BEFORE,
        progress: (line) => progress(`${size}: ${line}`),
      });
    }
    await dataSource.destroy();
    // leave no persistent session behind on the broker
    await (
      await connectAsync(mqttUrl, {
        clientId: env.MQTT_CLIENT_ID,
        clean: true,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 0 },
      })
    ).endAsync();
    return figures;
  } finally {
    // a failed step leaves no app running (and none holding the scratch database)
    await Promise.all(running.map((app) => stopIngestion(app)));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: SizeFigures[] = [];
  const broker = MQTT_URL
    ? null
    : await MosquittoBroker.start({ persistence: false, maxQueuedMessages: 0, maxInflightMessages: RECEIVE_MAXIMUM });
  const bus = EVENT_BUS_URL
    ? null
    : await NatsCluster.start(1).catch(async (error: unknown) => {
        await broker?.destroy();
        throw error;
      });
  try {
    for (const size of SIZES) {
      if (!(size in SCALE_SIZES)) throw new Error(`--sizes: unknown size '${size}' (1k, 10k, 100k)`);
      results.push(await runSize(size, broker?.url ?? MQTT_URL, bus?.urls ?? EVENT_BUS_URL));
    }
  } finally {
    await broker?.destroy();
    bus?.destroy();
  }
  const base = results[0];
  const rows = results.map(streamRow);
  const historyRows = results.map((f) => `${f.size.padEnd(5)} ${historyRow(f.history)}`);
  process.stdout.write(`${[...rows, ...historyRows].join('\n')}\n`);
  const summary = {
    database: DATABASE_URL ? 'postgres' : 'sqlite',
    seconds: SECONDS,
    rate: RATE,
    warmUp: WARM_UP,
    movingRefreshMs: MOVING_REFRESH_MS || null,
    historyDays: HISTORY_DAYS,
    dayStepS: DAY_STEP_MS / 1000,
    connections: CONNECTIONS,
    scorecardRate: STREAM_ALONE ? 0 : (SCORECARD_RATE ?? null),
    sizes: results,
    ratioToSmallest: Object.fromEntries(results.map((f) => [f.size, ratios(f, base)])),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
