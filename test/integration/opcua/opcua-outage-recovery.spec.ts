import { eventually } from '../../support';
import { ConnectorStatusRegistry } from '../../../apps/ingestion/src/connectors/connector-status.registry';
import { DEFAULT_OPCUA_CONNECTOR_OPTIONS } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.options';
import { OpcUaConnectorService } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import type { SimulatorOpcUaServer } from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';
import { TcpCutProxy } from './tcp-cut-proxy';
import {
  FakeActiveModel,
  RecordingSampleIntake,
  freePort,
  modelWith,
  opcuaSignal,
  startTestServer,
  tempDir,
} from './opcua-test-kit';

jest.setTimeout(60_000);

/**
 * OPC UA Part 4 5.13.1.1: a Subscription whose lifetime counter (LifetimeCount publishing intervals without a
 * Publish request) runs out is closed "along with all its MonitoredItems"; a Client reconnecting within the session
 * timeout reactivates its Session and asks for the NotificationMessages it missed (Republish, 5.13.6) from the
 * Subscriptions still alive. A network cut shorter than the session timeout must therefore not outlive them.
 */
describe(`${OpcUaConnectorService.name} after a network cut`, () => {
  const serverPki = tempDir('opcua-outage-server-pki');
  const clientPki = tempDir('opcua-outage-client-pki');
  let server: SimulatorOpcUaServer;
  let proxy: TcpCutProxy;
  let sut: OpcUaConnectorService | undefined;

  beforeAll(async () => {
    server = await startTestServer({ resourcePath: '/UA/Test', pkiDir: serverPki.path });
  });

  afterAll(async () => {
    await sut?.stop();
    await proxy?.cut();
    await server.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('delivers every value queued for it during a cut shorter than the session timeout', async () => {
    const serverPort = Number(new URL(server.endpointUrl.replace('opc.tcp:', 'http:')).port);
    proxy = new TcpCutProxy(await freePort(), serverPort);
    await proxy.open();
    const intake = new RecordingSampleIntake();
    const model = modelWith({ endpoint: `opc.tcp://127.0.0.1:${proxy.port}/UA/Test` }, [
      opcuaSignal('line1.speed', 'Line1.Speed'),
    ]);
    sut = new OpcUaConnectorService(
      {
        ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
        pkiDir: clientPki.path,
        trustUnknownServers: true,
        credentials: new Map(),
        reconnect: { ...DEFAULT_OPCUA_CONNECTOR_OPTIONS.reconnect, initialDelayMs: 200, maxDelayMs: 1_000 },
      },
      intake,
      new ConnectorStatusRegistry(),
      new FakeActiveModel(model),
    );
    sut.start();
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');
    server.setValue('Line1.Speed', 1);
    await eventually(() => intake.find('line1.speed', (s) => s.value === 1), 5_000, 50, 'value before the cut');

    await proxy.cut();
    // Publishing every 100 ms with sampling every 100 ms: a queue of 2 per item (two publishing intervals).
    // A lifetime of 60 publishing intervals is 6 s (after the Publish requests the server held are used up, one per
    // keep-alive of 10 intervals = 1 s); the client's session timeout is 60 s. After 20 s of outage the
    // subscription must still be alive, holding both values set during it.
    const cutAt = Date.now();
    server.setValue('Line1.Speed', 2, undefined, new Date(cutAt + 1_000));
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.setValue('Line1.Speed', 3, undefined, new Date(cutAt + 2_000));
    await new Promise((resolve) => setTimeout(resolve, 19_500));
    await proxy.open();

    await eventually(() => intake.find('line1.speed', (s) => s.value === 3), 20_000, 50, 'last value of the cut');
    expect(intake.samples.filter((s) => s.signalId === 'line1.speed').map((s) => s.value)).toEqual(
      expect.arrayContaining([1, 2, 3]),
    );
  });
});
