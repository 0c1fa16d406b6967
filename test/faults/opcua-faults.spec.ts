import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { StatusCodes } from 'node-opcua';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ACTIVE_MODEL, HealthRegistry } from '@bsc/app-kit';
import { DeadLetterRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { eventually } from '../support';
import { INGESTION_CONFIG, type IngestionConfig } from '../../apps/ingestion/src/config/ingestion.config';
import { ConnectorStatusRegistry } from '../../apps/ingestion/src/connectors/connector-status.registry';
import {
  DEFAULT_OPCUA_CONNECTOR_OPTIONS,
  OPCUA_CONNECTOR_OPTIONS,
  type OpcUaConnectorOptions,
} from '../../apps/ingestion/src/connectors/opcua/opcua-connector.options';
import { OpcUaConnectorService } from '../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import { IngestionMetrics } from '../../apps/ingestion/src/metrics/ingestion-metrics';
import { DEAD_LETTER_STORE, SAMPLE_STORE } from '../../apps/ingestion/src/pipeline/pipeline-stores.port';
import { SAMPLE_INTAKE } from '../../apps/ingestion/src/pipeline/sample-intake.port';
import { SignalPipeline } from '../../apps/ingestion/src/pipeline/signal-pipeline.service';
import { FakeActiveModel, freePort, modelWith, opcuaSignal, tempDir } from '../integration/opcua/opcua-test-kit';
import { FaultOpcUaServer } from './support/fault-opcua-server';

// The OPC UA connector and the real pipeline (SQLite) in one Nest context, against a node-opcua server that the
// tests restart, retype, delete nodes of and revoke trust in. Run in order: each test leaves the server as the
// next one expects.
jest.setTimeout(60_000);

const SECURE = { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' } as const;
const signals = [
  opcuaSignal('speed', 'Speed'),
  opcuaSignal('count', 'Count', { dataType: 'int' }),
  opcuaSignal('recipe', 'Recipe', { dataType: 'string' }),
].map((s) => ({ ...s, source: { ...s.source, server: 'test-opc' } }));
const BAD_SENSOR_FAILURE = 0x808c0000;

interface Rig {
  app: TestingModule;
  db: DataSource;
  health: HealthRegistry;
  connector: OpcUaConnectorService;
  samples: SampleRepository;
  registry: Registry;
}

describe('OPC UA faults', () => {
  const serverPki = tempDir('fault-opcua-server-pki');
  const clientPki = tempDir('fault-opcua-client-pki');
  let server: FaultOpcUaServer;
  let rig: Rig;
  let t = Date.UTC(2026, 10, 30, 8);
  const nextTs = (): Date => new Date((t += 1_000));
  const warnings = jest.spyOn(Logger.prototype, 'warn');
  const errors = jest.spyOn(Logger.prototype, 'error');
  const logged = (spy: jest.SpyInstance, pattern: RegExp): number =>
    spy.mock.calls.filter(([message]) => pattern.test(String(message))).length;

  async function startRig(endpoint: string, overrides: Partial<OpcUaConnectorOptions> = {}): Promise<Rig> {
    const db = await openDataSource({ sqlitePath: ':memory:' });
    const health = new HealthRegistry();
    const registry = new Registry();
    const options: OpcUaConnectorOptions = {
      ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
      pkiDir: clientPki.path,
      trustUnknownServers: true,
      credentials: new Map(),
      reconnect: { initialDelayMs: 200, maxDelayMs: 1_000, trustPollMs: 200, trustRecheckMs: 4_000 },
      ...overrides,
    };
    const app = await Test.createTestingModule({
      providers: [
        {
          provide: INGESTION_CONFIG,
          useValue: { INGEST_MAX_FUTURE_S: 300, INGEST_MAX_PAST_DAYS: 36_500 } as IngestionConfig,
        },
        { provide: ACTIVE_MODEL, useValue: new FakeActiveModel(modelWith({ endpoint, ...SECURE }, signals)) },
        { provide: SAMPLE_STORE, useValue: new SampleRepository(db) },
        { provide: DEAD_LETTER_STORE, useValue: new DeadLetterRepository(db) },
        { provide: Registry, useValue: registry },
        { provide: HealthRegistry, useValue: health },
        { provide: OPCUA_CONNECTOR_OPTIONS, useValue: options },
        ConnectorStatusRegistry,
        IngestionMetrics,
        SignalPipeline,
        { provide: SAMPLE_INTAKE, useExisting: SignalPipeline },
        OpcUaConnectorService,
      ],
    }).compile();
    await app.init();
    return { app, db, health, registry, connector: app.get(OpcUaConnectorService), samples: new SampleRepository(db) };
  }

  async function stopRig(current: Rig | undefined): Promise<void> {
    if (!current) return;
    await current.app.close();
    await current.db.destroy();
  }

  const opcuaHealth = async () => (await rig.health.run()).checks.opcua;
  const stored = (signalId: string) => rig.samples.range(signalId, 0, Number.MAX_SAFE_INTEGER);
  const connected = () => eventually(() => rig.connector.states()['test-opc'] === 'connected', 20_000, 50, 'connected');

  beforeAll(async () => {
    server = new FaultOpcUaServer(await freePort(), serverPki.path, [
      { identifier: 'Speed', dataType: 'Double' },
      { identifier: 'Count', dataType: 'Int32' },
      { identifier: 'Recipe', dataType: 'String' },
    ]);
    await server.start();
    rig = await startRig(server.endpointUrl);
    await connected();
  });

  afterAll(async () => {
    await stopRig(rig);
    await server.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('stores numbers, text, and a Bad status without a value with its code', async () => {
    const [a, b, c] = [nextTs(), nextTs(), nextTs()];
    server.set('Speed', 12.5, a);
    server.set('Recipe', 'IPA-330', b);
    server.setStatusOnly('Count', StatusCodes.BadSensorFailure, c);

    const recipe = await waitForRows('recipe', (rows) => rows.some((r) => r.text === 'IPA-330'));
    const count = await waitForRows('count', (rows) => rows.some((r) => r.quality === 'bad'));

    expect(recipe.find((r) => r.ts === b.getTime())).toMatchObject({ text: 'IPA-330', quality: 'good' });
    expect(count.find((r) => r.ts === c.getTime())).toMatchObject({
      value: NaN,
      quality: 'bad',
      statusCode: BAD_SENSOR_FAILURE,
    });
    expect((await stored('speed')).find((r) => r.ts === a.getTime())?.value).toBe(12.5);
  });

  it('after a server restart resumes storing, and health is degraded from the first moment of the outage', async () => {
    await server.stop();
    await eventually(() => rig.connector.states()['test-opc'] !== 'connected' || undefined, 10_000, 50, 'outage seen');
    expect((await opcuaHealth()).ok).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.start();
    await connected();
    const after = nextTs();
    server.set('Speed', 77, after);

    await waitForRows('speed', (rows) => rows.some((r) => r.ts === after.getTime() && r.value === 77));
    expect((await opcuaHealth()).ok).toBe(true);
    // each failed reconnect attempt was logged with its delay
    expect(logged(warnings, /reconnect attempt \d+ failed; retrying in \d+ ms/)).toBeGreaterThanOrEqual(1);
  });

  it('logs a retyped node once, shows it in health and dead-letters its values; a deleted node likewise', async () => {
    warnings.mockClear();
    const vanished = (r: { statusCode?: number }) => r.statusCode === 0x80330000 || r.statusCode === 0x80340000; // BadNodeIdInvalid/Unknown
    server.deleteNode('Count');
    // the deleted node's last notification is a stored bad sample with its code
    const count = await waitForRows('count', (rows) => rows.some(vanished));
    expect(count.filter(vanished).map((r) => [r.quality, r.value])).toEqual(
      count.filter(vanished).map(() => ['bad', NaN]),
    );

    server.retype('Speed', 'String');
    // the retyped node is a new node object: a restart makes the client monitor it anew
    await server.restart(300);
    await connected();
    for (let i = 0; i < 3; i++) server.set('Speed', `text ${i}`, nextTs());

    const expected = [
      ['count', expect.stringMatching(/^vanished from the server \(BadNodeId(Unknown|Invalid)\)$/)],
      ['speed', 'changed type: String values for a double signal'],
    ];
    const items = await eventually(() => problemsNow(), 15_000, 50, 'both item problems');
    expect(items.map((p) => [p.signal, p.problem]).sort()).toEqual(expected);
    expect((await opcuaHealth()).ok).toBe(false);
    expect(logged(warnings, /\(signal speed\) changed type/)).toBe(1);
    expect(logged(warnings, /\(signal count\) vanished/)).toBe(1);
    // the retyped node's text values are dead-lettered with their reason
    const [{ letters }] = await rig.db.query<Array<{ letters: number | string }>>(
      "SELECT COUNT(*) AS letters FROM dead_letter WHERE signal_id = 'speed' AND reason = 'wrong_type'",
    );
    expect(Number(letters)).toBeGreaterThanOrEqual(1);
  });

  it('a revoked client certificate stops the retries with a clear message until the trust situation changes', async () => {
    errors.mockClear();
    await server.revokeClients();
    await server.restart(300);
    await eventually(
      () => logged(errors, /retries stopped: .*certificate refused/) > 0 || undefined,
      20_000,
      50,
      'refusal logged',
    );
    expect(rig.connector.states()['test-opc']).toBe('failed');
    expect((await opcuaHealth()).detail).toMatchObject({ 'test-opc': { trust: { refused: 'certificate' } } });

    // no retry storm: within 3 s (less than the 4 s re-check) the server sees at most the refused channel itself
    server.channelAttempts = 0;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(server.channelAttempts).toBeLessThanOrEqual(2);
    expect(logged(errors, /retries stopped/)).toBe(1);

    await server.trustRejectedClients();
    await connected();
    const after = nextTs();
    server.set('Recipe', 'after re-trust', after);
    await waitForRows('recipe', (rows) => rows.some((r) => r.ts === after.getTime()));
  });

  it('an untrusted server certificate waits for the PKI folder, then connects', async () => {
    await stopRig(rig);
    // a new client PKI is a new client certificate: the server must accept unknown clients again
    server.acceptNewClients();
    await server.restart(100);
    const untrustingPki = tempDir('fault-opcua-untrusting-pki');
    try {
      errors.mockClear();
      rig = await startRig(server.endpointUrl, {
        pkiDir: untrustingPki.path,
        trustUnknownServers: false,
        reconnect: { initialDelayMs: 200, maxDelayMs: 1_000, trustPollMs: 200, trustRecheckMs: 600_000 },
      });
      await eventually(
        () => logged(errors, /retries stopped: .*BadCertificateUntrusted/) > 0 || undefined,
        20_000,
        50,
        'refusal logged',
      );
      server.channelAttempts = 0;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(server.channelAttempts).toBe(0);

      // the operator trusts the server certificate the client set aside (moved: a copy left in rejected/ wins)
      const rejected = join(untrustingPki.path, 'rejected');
      const trusted = join(untrustingPki.path, 'trusted', 'certs');
      await mkdir(trusted, { recursive: true });
      for (const name of await readdir(rejected)) await rename(join(rejected, name), join(trusted, name));
      await connected();
    } finally {
      await stopRig(rig);
      rig = undefined as unknown as Rig;
      untrustingPki.remove();
    }
  });

  it('a graceful shutdown under load stores every sample the connector received', async () => {
    rig = await startRig(server.endpointUrl);
    await connected();
    // a value every 2 ms while the app shuts down
    let sent = 0;
    const load = setInterval(() => server.set('Recipe', `r${sent++}`, nextTs()), 2);
    const received = async () =>
      (await rig.registry.getSingleMetric('bsc_opcua_samples_total')?.get())?.values.reduce(
        (sum, v) => sum + v.value,
        0,
      ) ?? 0;
    try {
      const deadline = Date.now() + 15_000;
      while ((await received()) < 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      // Nest's shutdown order: the connector (module destroy) before the pipeline closes its buffer
      await rig.app.close();
    } finally {
      clearInterval(load);
    }
    const receivedTotal = await received();
    const rows = await new SampleRepository(rig.db).count();
    const [{ letters }] = await rig.db.query<Array<{ letters: number | string }>>(
      'SELECT COUNT(*) AS letters FROM dead_letter',
    );
    await rig.db.destroy();
    rig = undefined as unknown as Rig;

    // every data change is a stored sample or a dead letter (the retyped Speed node's text values)
    expect(receivedTotal).toBeGreaterThanOrEqual(100);
    expect(rows + Number(letters)).toBe(receivedTotal);
  });

  it('starting while the server is down logs every failed attempt with its backoff delay', async () => {
    warnings.mockClear();
    rig = await startRig(`opc.tcp://localhost:${await freePort()}/UA/Nobody`);
    try {
      await eventually(
        () => logged(warnings, /connection attempt 2 failed \(.*\); retrying in \d+ ms/) > 0 || undefined,
        15_000,
        50,
        'two attempts logged',
      );
      expect(logged(warnings, /connection attempt 1 failed \(.+\); retrying in \d+ ms/)).toBe(1);
      expect((await opcuaHealth()).ok).toBe(false);
    } finally {
      await stopRig(rig);
      rig = undefined as unknown as Rig;
    }
  });

  async function waitForRows(signalId: string, done: (rows: Awaited<ReturnType<typeof stored>>) => boolean) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const rows = await stored(signalId);
      if (done(rows)) return rows;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for stored ${signalId}: ${JSON.stringify(rows.slice(-6))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  let lastProblems: Array<{ signal: string; problem: string }> = [];
  /** The item problems health shows, once the retyped node's values have been seen. */
  function problemsNow(): Array<{ signal: string; problem: string }> | undefined {
    void rig.health.run().then((result) => {
      const detail = result.checks.opcua.detail as Record<
        string,
        { items?: Array<{ signal: string; problem: string }> }
      >;
      lastProblems = detail['test-opc']?.items ?? [];
    });
    return lastProblems.length === 2 && lastProblems.some((p) => p.problem.startsWith('changed type'))
      ? lastProblems
      : undefined;
  }
});
