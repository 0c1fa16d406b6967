import { Logger } from '@nestjs/common';
import { StatusCodes } from 'node-opcua';
import { eventually } from '../../support';
import { ConnectorStatusRegistry } from '../../../apps/ingestion/src/connectors/connector-status.registry';
import {
  DEFAULT_OPCUA_CONNECTOR_OPTIONS,
  type OpcUaConnectorOptions,
} from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.options';
import { openClientCertificateManager } from '../../../apps/ingestion/src/connectors/opcua/opcua-client-pki';
import { OpcUaConnectorService } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import { SimulatorOpcUaServer } from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';
import { TcpCutProxy } from './tcp-cut-proxy';
import {
  FakeActiveModel,
  RecordingSampleIntake,
  TEST_VARIABLES,
  freePort,
  modelWith,
  opcuaSignal,
  startTestServer,
  tempDir,
} from './opcua-test-kit';

jest.setTimeout(60_000);

const SIGNALS = [
  opcuaSignal('line1.speed', 'Line1.Speed'),
  opcuaSignal('line1.good_count', 'Line1.GoodCount', { dataType: 'int' }),
  opcuaSignal('line2.oven_temp', 'Line2.Oven.Temperature', { deadband: { type: 'absolute', value: 0.5 } }),
];

describe(OpcUaConnectorService.name, () => {
  const serverPki = tempDir('opcua-server-pki');
  const clientPki = tempDir('opcua-client-pki');
  let port: number;
  let server: SimulatorOpcUaServer;
  let sut: OpcUaConnectorService | undefined;
  let intake: RecordingSampleIntake;
  let status: ConnectorStatusRegistry;

  const newServer = (): SimulatorOpcUaServer =>
    new SimulatorOpcUaServer({
      port,
      resourcePath: '/UA/Test',
      pkiDir: serverPki.path,
      variables: TEST_VARIABLES,
      users: [{ user: 'operator', password: 's3cret' }],
    });

  const options = (overrides: Partial<OpcUaConnectorOptions> = {}): OpcUaConnectorOptions => ({
    ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
    pkiDir: clientPki.path,
    trustUnknownServers: true,
    credentials: new Map([['plant', { user: 'operator', password: 's3cret' }]]),
    reconnect: { ...DEFAULT_OPCUA_CONNECTOR_OPTIONS.reconnect, initialDelayMs: 200, maxDelayMs: 1_000 },
    ...overrides,
  });

  const startConnector = (
    model: FakeActiveModel,
    overrides: Partial<OpcUaConnectorOptions> = {},
  ): OpcUaConnectorService => {
    sut = new OpcUaConnectorService(options(overrides), intake, status, model);
    sut.start();
    return sut;
  };

  beforeAll(async () => {
    port = await freePort();
    server = newServer();
    await server.start();
  });

  beforeEach(() => {
    intake = new RecordingSampleIntake();
    status = new ConnectorStatusRegistry();
  });

  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  afterAll(async () => {
    await server.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('delivers values on the bound signals with source timestamps and quality from the StatusCode', async () => {
    startConnector(new FakeActiveModel(modelWith({ endpoint: server.endpointUrl }, SIGNALS)));
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');

    const measuredAt = new Date(Date.UTC(2026, 10, 20, 8, 0, 0));
    server.setValue('Line1.Speed', 412.5, StatusCodes.Good.value, measuredAt);
    server.setValue('Line1.GoodCount', 7, StatusCodes.UncertainLastUsableValue.value);
    server.setValue('Line2.Oven.Temperature', 0, StatusCodes.BadSensorFailure.value);

    const speed = await eventually(() => intake.find('line1.speed', (s) => s.value === 412.5), 5_000, 50, 'speed');
    expect(speed).toEqual({
      signalId: 'line1.speed',
      ts: measuredAt.getTime(),
      value: 412.5,
      quality: 'good',
      source: 'opcua:test-opc',
    });
    const count = await eventually(() => intake.find('line1.good_count', (s) => s.value === 7), 5_000, 50, 'count');
    expect(count.quality).toBe('uncertain');
    const oven = await eventually(
      () => intake.find('line2.oven_temp', (s) => s.quality === 'bad'),
      5_000,
      50,
      'bad oven',
    );
    expect(oven.source).toBe('opcua:test-opc');
    expect(status.all()).toEqual([
      expect.objectContaining({ id: 'opcua:test-opc', kind: 'opcua', state: 'connected' }),
    ]);
  });

  it('spreads more items than its own per-subscription cap allows over the subscriptions a session may have', async () => {
    // 60 items, our cap 5 per subscription (12 subscriptions), the server allows 3 per session: 20 in each.
    const items = Array.from({ length: 60 }, (_, i) => ({
      identifier: `Many.V${i}`,
      dataType: 'Double' as const,
      initial: 0,
    }));
    const capped = new SimulatorOpcUaServer({
      port: await freePort(),
      resourcePath: '/UA/Capped',
      pkiDir: serverPki.path,
      variables: items,
      maxSubscriptionsPerSession: 3,
    });
    await capped.start();
    try {
      const signals = items.map((v, i) => opcuaSignal(`many.v${i}`, v.identifier));
      startConnector(new FakeActiveModel(modelWith({ endpoint: capped.endpointUrl }, signals)), {
        maxItemsPerSubscription: 5,
      });
      await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');
      items.forEach((v, i) => capped.setValue(v.identifier, 100 + i));
      for (let i = 0; i < items.length; i++)
        await eventually(() => intake.find(`many.v${i}`, (s) => s.value === 100 + i), 10_000, 50, `many.v${i}`);
      expect(status.all()).toEqual([expect.objectContaining({ id: 'opcua:test-opc', state: 'connected' })]);
    } finally {
      await sut?.stop();
      sut = undefined;
      await capped.stop();
    }
  });

  it('logs a first connection that keeps failing (a wrong endpoint is never silent)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const nobody = `opc.tcp://localhost:${await freePort()}/UA/Test`;
      startConnector(new FakeActiveModel(modelWith({ endpoint: nobody }, SIGNALS)));

      const logged = await eventually(
        () => warn.mock.calls.find((c) => String(c[0]).includes(nobody)),
        20_000,
        50,
        'a warning naming the endpoint',
      );
      expect(String(logged[0])).toMatch(/connection attempt 1 failed/);
    } finally {
      warn.mockRestore();
    }
  });

  it('reports repeated equal counter values, each one an increment', async () => {
    startConnector(new FakeActiveModel(modelWith({ endpoint: server.endpointUrl }, SIGNALS)));
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');
    const base = Date.now();
    const delivered = (): number =>
      intake.samples.filter((s) => s.signalId === 'line1.good_count' && s.ts > base).length;
    // each value is set once the previous one arrived: no two share a publish cycle
    for (let i = 1; i <= 3; i += 1) {
      server.setValue('Line1.GoodCount', 5, StatusCodes.Good.value, new Date(base + i * 1_000));
      await eventually(() => delivered() >= i || undefined, 5_000, 50, `five number ${i}`);
    }
    const fives = intake.samples.filter((s) => s.signalId === 'line1.good_count' && s.ts > base).map((s) => s.value);
    expect(fives).toEqual([5, 5, 5]);
  });

  it('adds and removes monitored items when the model changes', async () => {
    const model = new FakeActiveModel(modelWith({ endpoint: server.endpointUrl }, SIGNALS.slice(0, 1)));
    startConnector(model);
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');

    model.replace(
      modelWith({ endpoint: server.endpointUrl }, [opcuaSignal('line1.state', 'Line1.State', { dataType: 'int' })]),
    );
    await eventually(() => intake.find('line1.state'), 5_000, 50, 'state after model change');
    const before = intake.samples.length;
    server.setValue('Line1.Speed', 99);
    server.setValue('Line1.State', 1);

    await eventually(() => intake.find('line1.state', (s) => s.value === 1), 5_000, 50, 'new state value');
    expect(intake.samples.slice(before).filter((s) => s.signalId === 'line1.speed')).toEqual([]);
  });

  it('logs in with a credential set named by the model', async () => {
    startConnector(
      new FakeActiveModel(modelWith({ endpoint: server.endpointUrl, credentials: 'plant' }, SIGNALS.slice(0, 1))),
    );

    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected with user');
    server.setValue('Line1.Speed', 321);
    await eventually(() => intake.find('line1.speed', (s) => s.value === 321), 5_000, 50, 'value as operator');
  });

  it('survives a network cut and resumes delivering values', async () => {
    const proxy = new TcpCutProxy(await freePort(), port);
    await proxy.open();
    startConnector(new FakeActiveModel(modelWith({ endpoint: `opc.tcp://127.0.0.1:${proxy.port}/UA/Test` }, SIGNALS)));
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected through the proxy');

    await proxy.cut();
    await eventually(
      () => (sut?.states()['test-opc'] === 'reconnecting' ? true : undefined),
      10_000,
      50,
      'reconnecting',
    );
    // the outage lasts until a reconnect attempt has failed against it
    await eventually(
      () => status.all().find((s) => /: retry \d+ in \d+ ms$/.test(s.detail ?? '')),
      10_000,
      50,
      'a failed reconnect attempt',
    );
    await proxy.open();
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'reconnected');
    server.setValue('Line1.Speed', 888);

    await eventually(() => intake.find('line1.speed', (s) => s.value === 888), 10_000, 50, 'value after the cut');
    // Stop the connector before the relay, so it does not start reconnecting to a closed port.
    await sut?.stop();
    sut = undefined;
    await proxy.cut();
  });

  it('survives a server restart and resumes delivering values', async () => {
    startConnector(new FakeActiveModel(modelWith({ endpoint: server.endpointUrl }, SIGNALS)));
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');
    server.setValue('Line1.Speed', 100);
    await eventually(() => intake.find('line1.speed', (s) => s.value === 100), 5_000, 50, 'value before restart');

    await server.stop();
    await eventually(
      () => (sut?.states()['test-opc'] === 'reconnecting' ? true : undefined),
      10_000,
      50,
      'reconnecting',
    );
    server = newServer();
    await server.start();
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'reconnected');
    server.setValue('Line1.Speed', 777);

    await eventually(() => intake.find('line1.speed', (s) => s.value === 777), 10_000, 50, 'value after restart');
    expect(status.all()[0].reconnects).toBeGreaterThanOrEqual(1);
  });
});

describe(`${OpcUaConnectorService.name} security`, () => {
  const serverPki = tempDir('opcua-secure-server-pki');
  let server: SimulatorOpcUaServer;
  let sut: OpcUaConnectorService | undefined;
  const pkis: Array<{ remove: () => void }> = [];

  const connector = (
    pkiDir: string,
    trustUnknownServers: boolean,
    model: FakeActiveModel,
    intake: RecordingSampleIntake,
  ): OpcUaConnectorService => {
    sut = new OpcUaConnectorService(
      {
        ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
        pkiDir,
        trustUnknownServers,
        credentials: new Map(),
        reconnect: { ...DEFAULT_OPCUA_CONNECTOR_OPTIONS.reconnect, initialDelayMs: 200, maxDelayMs: 1_000 },
      },
      intake,
      new ConnectorStatusRegistry(),
      model,
    );
    sut.start();
    return sut;
  };

  beforeAll(async () => {
    server = await startTestServer({ resourcePath: '/UA/Secure', pkiDir: serverPki.path });
  });

  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  afterAll(async () => {
    await server.stop();
    serverPki.remove();
    pkis.forEach((p) => p.remove());
  });

  it.each([
    ['SignAndEncrypt', 'Basic256Sha256'],
    ['Sign', 'Aes128_Sha256_RsaOaep'],
  ] as const)(
    'connects with %s / %s to a server whose certificate was trusted explicitly',
    async (securityMode, securityPolicy) => {
      const pki = tempDir('opcua-secure-client-pki');
      pkis.push(pki);
      const manager = await openClientCertificateManager(pki.path, false);
      await manager.trustCertificate(server.certificate());
      await manager.dispose();
      const intake = new RecordingSampleIntake();

      connector(
        pki.path,
        false,
        new FakeActiveModel(
          modelWith({ endpoint: server.endpointUrl, securityMode, securityPolicy }, SIGNALS.slice(0, 1)),
        ),
        intake,
      );

      await eventually(() => sut?.states()['test-opc'] === 'connected', 30_000, 50, 'secure connection');
      server.setValue('Line1.Speed', 555);
      await eventually(
        () => intake.find('line1.speed', (s) => s.value === 555),
        5_000,
        50,
        'value over a secure channel',
      );
    },
  );

  it('refuses a server certificate nobody trusted', async () => {
    const pki = tempDir('opcua-untrusting-client-pki');
    pkis.push(pki);
    const intake = new RecordingSampleIntake();

    connector(
      pki.path,
      false,
      new FakeActiveModel(
        modelWith(
          { endpoint: server.endpointUrl, securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' },
          SIGNALS.slice(0, 1),
        ),
      ),
      intake,
    );

    await eventually(() => (sut?.states()['test-opc'] === 'failed' ? true : undefined), 30_000, 50, 'refusal');
    expect(intake.samples).toEqual([]);
  });
});
