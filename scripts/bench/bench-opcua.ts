/*
 * OPC UA benchmark: one connection to a real OPC UA server (node-opcua, the simulator's server in a child process,
 * security None) whose `n` variables all change every second, monitored by the compiled ingestion app (SQLite in a
 * temp folder, or with DATABASE_URL a scratch database of its own per size, created on that server and dropped after,
 * so one size's stored model is not the next one's) at a sampling interval of 1 s. Per size:
 *   - set-up: ready (/health), then until the first sample is stored, the connector is connected with every item
 *     monitored, and every item reports (stored rate ≥ 99 % of n per second; a starved server never gets there);
 *   - steady state over `--seconds` of whole ticks (the server pauses before and after, and the counts are read once
 *     nothing more arrives): values the server set, samples received, stored and rejected, ingestion CPU in cores
 *     and per sample (through the storing of the window's last sample), the cores that makes at the full rate, RSS;
 *     the server's own CPU is printed apart;
 *   - the smallest size is the baseline: cost per item should stay flat as the item count grows.
 *   node dist/scripts/bench/bench-opcua.js [--items 10000,50000] [--seconds 30] [--interval 1000] [--prof DIR]
 * --prof writes a V8 CPU profile of the ingestion per size into DIR. When not every item reports within the set-up
 * time, the app's last log lines are printed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwinModelBuilder } from '@bsc/twin';
import { procStatusKb } from './support/cli-child';
import { cpuMs, freePort, metricSum, sleep, startIngestion, stopIngestion } from './support/ingestion-child';
import { loadIdentifier, type LoadServerCommand, type LoadServerMessage } from './support/opcua-load-server';
import { argString } from './support/bench-args';
import { createScratchDatabase } from '../rig/scratch-database';

const SIZES = argString('items', '10000,50000').split(',').map(Number);
const SECONDS = Number(argString('seconds', '30'));
const INTERVAL_MS = Number(argString('interval', '1000'));
const SETUP_TIMEOUT_MS = 300_000;
const PROFILE_DIR = argString('prof', '');
const LOG_LINES_ON_TIMEOUT = 40;
const AFTER_CONNECTED_MS = 60_000;
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

interface SizeFigures {
  items: number;
  serverStartMs: number;
  readyMs: number;
  /** From ready until the first sample was stored. */
  firstSampleMs: number | null;
  /** From ready until the connector was connected with every item monitored. */
  connectedMs: number | null;
  /** From ready until the stored rate first reached 99 % of the items per interval (every item reporting). */
  allReportingMs: number | null;
  serverSet: number;
  received: number;
  stored: number;
  rejected: number;
  /** Stored over the values the server set in the window (a value set and sampled in the same second counts once). */
  storedPct: number;
  ingestionCores: number;
  serverCores: number;
  ingestionRssMb: number | null;
  /** CPU per stored sample, less the app's idle cost. */
  cpuUsPerSample: number;
  /** What the app uses with no data arriving (after the window, items still monitored). */
  idleCores: number;
  /** Cores the ingestion would use at the full rate (every item once per interval), from its CPU per sample. */
  fullRateCores: number;
}

/** /metrics, read again when a kept-alive connection was closed by the app just as it was reused (a reset). */
async function metricsText(port: number, attempts = 3): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(200);
    }
  }
}

function benchModel(endpoint: string, items: number): object {
  const model = TwinModelBuilder.line('opcua-bench', 'OPC UA benchmark');
  for (let i = 0; i < items; i++)
    model.signal({
      id: `load.v${i}`,
      name: `Load ${i}`,
      source: { opcua: { server: 'load-opc', nodeId: `ns=1;s=${loadIdentifier(i)}`, samplingInterval: INTERVAL_MS } },
    });
  model
    .kpi('load_v0_sum', 'sum(load.v0, period)', { name: 'Sum of load 0' })
    .objective('load', 'plant', 'internal_process');
  const raw = model.toDocument();
  raw.opcuaServers = [
    { id: 'load-opc', endpoint, securityMode: 'None', securityPolicy: 'None', publishingInterval: INTERVAL_MS },
  ];
  return raw;
}

function startServer(items: number, port: number): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = fork(join(__dirname, 'support', 'opcua-load-server.js'), [
    '--items',
    String(items),
    '--interval',
    String(INTERVAL_MS),
    '--port',
    String(port),
  ]);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`OPC UA load server exited with ${code}`)));
    child.once('message', (m: LoadServerMessage) => {
      if ('ready' in m) resolve({ child, endpoint: m.endpoint });
    });
  });
}

function tellServer(child: ChildProcess, command: LoadServerCommand): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: LoadServerMessage) => resolve('updates' in m ? m.updates : 0));
    child.send(command);
  });
}

/** Pauses the server and waits until what it sent is stored: the counts then cover whole ticks. */
async function settle(
  server: ChildProcess,
  app: { port: number; child: ChildProcess },
): Promise<{ set: number; received: number; stored: number; dead: number; idleCores: number }> {
  const set = await tellServer(server, 'pause');
  let last = { ...(await metrics(app.port)), cpu: cpuMs(app.child.pid) ?? 0, at: Date.now() };
  for (;;) {
    await sleep(2 * INTERVAL_MS + 1_000);
    const now = { ...(await metrics(app.port)), cpu: cpuMs(app.child.pid) ?? 0, at: Date.now() };
    // nothing arrived since the last poll: what the app used meanwhile is its idle cost (timers, keep-alives)
    if (now.stored === last.stored && now.received === last.received)
      return { set, ...now, idleCores: (now.cpu - last.cpu) / (now.at - last.at) };
    last = now;
  }
}

async function metrics(port: number): Promise<{ received: number; stored: number; dead: number; connected: boolean }> {
  const text = await metricsText(port);
  return {
    connected: text.includes('bsc_connector_state{connector="opcua:load-opc",state="connected"} 1'),
    received: metricSum(text, 'bsc_samples_received_total'),
    stored: metricSum(text, 'bsc_samples_stored_total'),
    dead: metricSum(text, 'bsc_samples_rejected_total'),
  };
}

/**
 * Set-up milestones from ready on. Every item reporting needs the server to set them all within an interval; a
 * starved server cannot, so the wait ends a minute after the connector is connected.
 */
async function waitForSetup(
  port: number,
  items: number,
): Promise<Pick<SizeFigures, 'firstSampleMs' | 'connectedMs' | 'allReportingMs'>> {
  const readyAt = Date.now();
  const figures: Pick<SizeFigures, 'firstSampleMs' | 'connectedMs' | 'allReportingMs'> = {
    firstSampleMs: null,
    connectedMs: null,
    allReportingMs: null,
  };
  let last = await metrics(port);
  while (Date.now() - readyAt < SETUP_TIMEOUT_MS) {
    await sleep(INTERVAL_MS);
    const now = await metrics(port);
    const elapsed = Date.now() - readyAt;
    if (figures.firstSampleMs === null && now.stored > 0) figures.firstSampleMs = elapsed;
    if (figures.connectedMs === null && now.connected) figures.connectedMs = elapsed;
    if (now.stored - last.stored >= 0.99 * items) {
      figures.allReportingMs = elapsed;
      break;
    }
    if (figures.connectedMs !== null && elapsed - figures.connectedMs > AFTER_CONNECTED_MS) break;
    last = now;
  }
  return figures;
}

async function runSize(items: number): Promise<SizeFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-bench-opcua-'));
  const serverStarted = Date.now();
  const server = await startServer(items, await freePort());
  const serverStartMs = Date.now() - serverStarted;
  progress(`${items} items: server up in ${serverStartMs} ms`);
  const modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, JSON.stringify(benchModel(server.endpoint, items)));
  const database = process.env.DATABASE_URL
    ? await createScratchDatabase(process.env.DATABASE_URL, `bsc_opcua_${items}`)
    : null;
  const { app, readyMs } = await startIngestion(
    {
      MODEL_FILE: modelFile,
      DATA_DIR: dir,
      DATABASE_URL: database?.url ?? '',
      MQTT_URL: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883',
      MQTT_CLIENT_ID: `bench-opcua-${process.pid}`,
      SIMULATOR_ENABLED: 'false',
      OPCUA_TRUST_UNKNOWN_SERVERS: 'true',
      OPCUA_PKI_DIR: join(dir, 'pki'),
      ALERTS_ENABLED: 'false',
      SAMPLE_IMPORT_POLL_INTERVAL_S: '0',
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    },
    undefined,
    PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
  );
  try {
    const setup = await waitForSetup(app.port, items);
    progress(
      `${items} items: ready ${readyMs} ms, first sample after ${setup.firstSampleMs ?? 'timeout'} ms, connected ` +
        `after ${setup.connectedMs ?? 'timeout'} ms, all reporting after ${setup.allReportingMs ?? 'timeout'} ms`,
    );
    if (setup.allReportingMs === null) progress(app.output().split('\n').slice(-LOG_LINES_ON_TIMEOUT).join('\n'));
    const m0 = await settle(server.child, app);
    const c0 = cpuMs(app.child.pid) ?? 0;
    const sc0 = cpuMs(server.child.pid) ?? 0;
    const t0 = Date.now();
    await tellServer(server.child, 'resume');
    await sleep(SECONDS * 1000);
    const m1 = await settle(server.child, app);
    // CPU up to when the window's last sample is stored: a starved app stores after the window, and its idle
    // settle adds little; per sample this is the figure that does not depend on the machine's load
    const wallMs = Date.now() - t0;
    const cpu = (cpuMs(app.child.pid) ?? 0) - c0;
    const serverCpu = (cpuMs(server.child.pid) ?? 0) - sc0;
    const stored = m1.stored - m0.stored;
    // less the idle cost over the same time (the lower of the two settles' idle rates, so it is not overstated)
    const idleMs = Math.min(m0.idleCores, m1.idleCores) * wallMs;
    const cpuUsPerSample = stored > 0 ? Math.round((1000 * 1000 * Math.max(0, cpu - idleMs)) / stored) / 1000 : 0;
    return {
      items,
      serverStartMs,
      readyMs,
      ...setup,
      serverSet: m1.set - m0.set,
      received: m1.received - m0.received,
      stored,
      rejected: m1.dead - m0.dead,
      storedPct: Math.round((1000 * stored) / Math.max(1, m1.set - m0.set)) / 10,
      ingestionCores: Math.round((1000 * cpu) / wallMs) / 1000,
      idleCores: Math.round(1000 * Math.min(m0.idleCores, m1.idleCores)) / 1000,
      serverCores: Math.round((1000 * serverCpu) / wallMs) / 1000,
      ingestionRssMb: ((kb) => (kb === null ? null : Math.round(kb / 1024)))(procStatusKb(app.child.pid, 'VmRSS')),
      cpuUsPerSample,
      fullRateCores: Math.round((cpuUsPerSample * items) / INTERVAL_MS) / 1000,
    };
  } finally {
    await stopIngestion(app);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

async function main(): Promise<void> {
  const sizes: SizeFigures[] = [];
  for (const items of SIZES) sizes.push(await runSize(items));
  const base = sizes[0];
  console.log(
    '| items | server up | ready | first sample | connected | all reporting | set | received | stored | rejected | ingestion cores | idle cores | µs CPU/sample | cores at full rate | RSS | server cores |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of sizes)
    console.log(
      `| ${s.items} | ${s.serverStartMs} ms | ${s.readyMs} ms | ${s.firstSampleMs ?? 'timeout'} ms | ` +
        `${s.connectedMs ?? 'timeout'} ms | ${s.allReportingMs ?? 'timeout'} ms | ${s.serverSet} | ` +
        `${s.received} | ${s.stored} (${s.storedPct} %) | ${s.rejected} | ${s.ingestionCores} | ${s.idleCores} | ` +
        `${s.cpuUsPerSample} | ${s.fullRateCores} | ${s.ingestionRssMb} MB | ${s.serverCores} |`,
    );
  const ratios = sizes.map((s) => ({
    items: s.items,
    cpuPerSampleVsBase:
      base.cpuUsPerSample > 0 ? Math.round((100 * s.cpuUsPerSample) / base.cpuUsPerSample) / 100 : null,
  }));
  console.log(JSON.stringify({ bench: 'opcua', seconds: SECONDS, intervalMs: INTERVAL_MS, sizes, ratios }));
}

void main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
