import { eventually } from '../../support';
import { OpcUaConnectorService } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import { ConnectorStatusRegistry } from '../../../apps/ingestion/src/connectors/connector-status.registry';
import { DEFAULT_OPCUA_CONNECTOR_OPTIONS } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.options';
import { SimulatorOpcUaServer } from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';
import { FakeActiveModel, RecordingSampleIntake, freePort, modelWith, opcuaSignal, tempDir } from './opcua-test-kit';

jest.setTimeout(60_000);

/**
 * A model's deadband is the pipeline's: a change of at least the deadband, in the signal's unit, relative to the last
 * value kept, is stored. The server must hand on every value the pipeline would keep.
 */
describe(`${OpcUaConnectorService.name} and the model's deadbands`, () => {
  const serverPki = tempDir('opcua-deadband-server-pki');
  const clientPki = tempDir('opcua-deadband-client-pki');
  let server: SimulatorOpcUaServer;
  let sut: OpcUaConnectorService | undefined;

  beforeAll(async () => {
    server = new SimulatorOpcUaServer({
      port: await freePort(),
      resourcePath: '/UA/Deadband',
      pkiDir: serverPki.path,
      variables: [
        { identifier: 'Oven.Temperature', dataType: 'Double', initial: 20 },
        { identifier: 'Meter.Energy', dataType: 'Double', initial: 1 },
        { identifier: 'Tank.Level', dataType: 'Double', initial: 50 },
      ],
    });
    await server.start();
  });

  afterAll(async () => {
    await sut?.stop();
    await server.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('delivers every change the pipeline would keep', async () => {
    const intake = new RecordingSampleIntake();
    const signals = [
      // 20 -> 20.5 moves exactly the deadband of 0.5: kept (only a smaller move is dropped)
      opcuaSignal('oven.temp', 'Oven.Temperature', { deadband: { type: 'absolute', value: 0.5 } }),
      // kWh on the wire, Wh in the model: 1 -> 1.1 kWh is 100 Wh, beyond the 50 Wh deadband
      opcuaSignal('meter.energy', 'Meter.Energy', {
        unit: 'Wh',
        sourceUnit: 'kWh',
        deadband: { type: 'absolute', value: 50 },
      }),
      // 5 % of the last kept 50 is 2.5: 50 -> 55 moves 5
      opcuaSignal('tank.level', 'Tank.Level', { deadband: { type: 'percent', value: 5 } }),
    ];
    sut = new OpcUaConnectorService(
      { ...DEFAULT_OPCUA_CONNECTOR_OPTIONS, pkiDir: clientPki.path, trustUnknownServers: true, credentials: new Map() },
      intake,
      new ConnectorStatusRegistry(),
      new FakeActiveModel(modelWith({ endpoint: server.endpointUrl }, signals)),
    );
    sut.start();
    await eventually(() => sut?.states()['test-opc'] === 'connected', 20_000, 50, 'connected');
    // the initial values first, so that the changes below are measured from them
    await eventually(() => intake.find('oven.temp', (s) => s.value === 20), 5_000, 50, 'initial temperature');
    await eventually(() => intake.find('meter.energy', (s) => s.value === 1), 5_000, 50, 'initial energy');
    await eventually(() => intake.find('tank.level', (s) => s.value === 50), 5_000, 50, 'initial level').catch(
      () => undefined,
    );

    server.setValue('Oven.Temperature', 20.5);
    server.setValue('Meter.Energy', 1.1);
    server.setValue('Tank.Level', 55);
    // one publish cycle (100 ms) delivers them; 3 s is plenty on a busy machine
    await new Promise((r) => setTimeout(r, 3_000));
    const latest = (signalId: string) => intake.samples.filter((s) => s.signalId === signalId).at(-1)?.value;
    expect({
      oven: latest('oven.temp'),
      energy: latest('meter.energy'),
      level: latest('tank.level'),
    }).toEqual({ oven: 20.5, energy: 1.1, level: 55 });
  });
});
