import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/rig/spawn-app';
import { tempDir } from '../integration/opcua/opcua-test-kit';
import { FaultOpcUaServer } from './support/fault-opcua-server';
import { metricValue } from '../support';
import { DATABASE, FaultRig, faultModel, sampleBase, SIGNAL, valueOf } from './support/fault-rig';
import { sleep, until } from '../../scripts/rig/wait';

jest.setTimeout(150_000);

const SERVER_ID = 'fault-opc';
const BEFORE = 50;
const TOTAL = 100;
/** Wider than the server's fastest sampling, so each value is its own data change (none coalesced). */
const PACE_MS = 100;

/** The fault twin with its counted signal read from the in-test OPC UA server (every change: samplingInterval 0). */
function opcuaModel(prefix: string, endpoint: string): object {
  const model = faultModel(prefix) as { signals: Array<Record<string, unknown>> };
  return {
    ...model,
    opcuaServers: [
      {
        id: SERVER_ID,
        endpoint,
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        publishingInterval: 100,
      },
    ],
    signals: [
      {
        ...model.signals.find((s) => s.id === SIGNAL),
        source: { opcua: { server: SERVER_ID, nodeId: 'ns=1;s=Value', samplingInterval: 0 } },
      },
    ],
  };
}

/** What an operator does in production (OPCUA_TRUST_UNKNOWN_SERVERS stays off): put the server's certificate in trusted/. */
async function trustServerCertificate(serverPki: string, clientPki: string): Promise<void> {
  const own = join(serverPki, 'own', 'certs');
  const trusted = join(clientPki, 'trusted', 'certs');
  await mkdir(trusted, { recursive: true });
  const certificates = (await readdir(own)).filter((name) => name.endsWith('.pem') || name.endsWith('.der'));
  if (certificates.length === 0) throw new Error(`no server certificate in ${own}`);
  for (const name of certificates) await copyFile(join(own, name), join(trusted, name));
}

describe('fault: the OPC UA server restarts under the production-profile ingestion app', () => {
  const serverPki = tempDir('fault-opcua-prod-server-pki');
  const clientPki = tempDir('fault-opcua-prod-client-pki');
  let rig: FaultRig;
  let server: FaultOpcUaServer;
  const base = sampleBase();
  const at = (i: number): Date => new Date(base + i);

  const endpointState = async (): Promise<string | undefined> => {
    const health = (await (await fetch(rig.url('/health'))).json()) as {
      checks: { opcua?: { detail?: Record<string, { state?: string }> } };
    };
    return health.checks.opcua?.detail?.[SERVER_ID]?.state;
  };
  const connected = (): Promise<true> =>
    until(
      async () => (await endpointState()) === 'connected',
      30_000,
      () => rig.explain(),
    );
  /** Values from..to-1 at consecutive source timestamps, PACE_MS apart. */
  const setValues = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) {
      server.set('Value', valueOf(i), at(i));
      await sleep(PACE_MS);
    }
  };

  beforeAll(async () => {
    rig = await FaultRig.start();
    server = new FaultOpcUaServer(await freePort(), serverPki.path, [{ identifier: 'Value', dataType: 'Double' }]);
    await server.start();
    // The first sample is the value the server holds when the client subscribes.
    server.set('Value', valueOf(0), at(0));
    await trustServerCertificate(serverPki.path, clientPki.path);
    writeFileSync(rig.modelFile, JSON.stringify(opcuaModel(rig.prefix, server.endpointUrl)));
    await rig.startIngestion({ OPCUA_PKI_DIR: clientPki.path });
    await connected();
    // A subscription reports changes from when its item is monitored on: wait for that first sample.
    await until(
      async () => (await rig.stored()).rows === 1,
      30_000,
      () => rig.explain(),
    );
  }, 120_000);

  afterAll(async () => {
    await rig?.destroy();
    await server?.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('stores every value exactly once across the restart, with exact KPIs', async () => {
    await setValues(1, BEFORE);
    await until(
      async () => (await rig.stored()).rows === BEFORE,
      30_000,
      async () => `stored ${JSON.stringify(await rig.stored())}${await rig.explain()}`,
    );

    await server.stop();
    await until(
      async () => (await endpointState()) !== 'connected',
      15_000,
      () => rig.explain(),
    );
    await sleep(2_000);
    await server.start();
    // A restarted server restores its last value (same source timestamp): the client's first notification after
    // reconnecting repeats a stored sample, which must not be stored twice.
    server.set('Value', valueOf(BEFORE - 1), at(BEFORE - 1));
    await connected();
    // Monitoring is back once that repeat arrived (changes before it would not be reported, as on any subscription).
    const duplicates = async (): Promise<number> => metricValue(await rig.metrics(), 'bsc_samples_duplicate_total');
    await until(
      async () => (await duplicates()) >= 1,
      30_000,
      () => rig.explain(),
    );
    // The re-created item reports every change again, as the first one did (samplingInterval 0 on a node of
    // MinimumSamplingInterval 0): not sampled at the 50 ms the server revised 0 to, which misses values when late.
    expect(server.changeListeners('Value')).toBe(1);
    await setValues(BEFORE, TOTAL);

    // 100 samples of values 1..10 repeating: count 100, sum 10 * 55 = 550.
    await rig.caughtUp(TOTAL);
    expect(await rig.stored()).toEqual({ rows: TOTAL, distinct: TOTAL, sum: 550 });
    const [{ letters }] = await rig.pg.query<{ letters: string }>(
      DATABASE,
      'SELECT count(*) AS letters FROM dead_letter',
    );
    expect(Number(letters)).toBe(0);
    // The repeated last value was recognised as already stored, once.
    expect(await duplicates()).toBe(1);
    expect(rig.app!.process.exitCode).toBeNull();
    expect((await fetch(rig.url('/health'))).status).toBe(200);
  });
});
