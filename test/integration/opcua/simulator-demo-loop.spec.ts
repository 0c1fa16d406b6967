import { join } from 'node:path';
import { loadValidModelFromFile } from '@bsc/twin';
import { eventually } from '../../support';
import { ConnectorStatusRegistry } from '../../../apps/ingestion/src/connectors/connector-status.registry';
import { loadConfig } from '@bsc/app-kit';
import { IngestionConfig } from '../../../apps/ingestion/src/config/ingestion.config';
import {
  DEFAULT_OPCUA_CONNECTOR_OPTIONS,
  opcUaConnectorOptionsFromConfig,
} from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.options';
import { OpcUaConnectorService } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import { DEMO_SIGNAL_IDS } from '../../../apps/ingestion/src/simulator/demo/demo-signal-routes';
import type { SimulatorOptions } from '../../../apps/ingestion/src/simulator/simulator.options';
import { SimulatorService } from '../../../apps/ingestion/src/simulator/simulator.service';
import type { SampleRepository } from '@bsc/persistence';
import { FakeActiveModel, RecordingSampleIntake, freePort, tempDir } from './opcua-test-kit';

jest.setTimeout(60_000);

const PLANT_NORTH_OPCUA_SIGNALS = DEMO_SIGNAL_IDS.filter((id) => /^(line1|line2|plant_north)\./.test(id));

describe('simulator -> OPC UA connector (demo model)', () => {
  const serverPki = tempDir('sim-loop-server-pki');
  const clientPki = tempDir('sim-loop-client-pki');
  const intake = new RecordingSampleIntake();
  let simulator: SimulatorService;
  let connector: OpcUaConnectorService;
  const noHistory = { newestBefore: () => Promise.resolve(null) } as unknown as SampleRepository;

  beforeAll(async () => {
    const port = await freePort();
    const options: SimulatorOptions = {
      enabled: true,
      seed: 42,
      tickMs: 1_000,
      opcua: { port, pkiDir: serverPki.path, resourcePath: '/UA/ACME' },
      // No broker here: MQTT and Sparkplug have their own tests; the publisher just retries and drops.
      mqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
      // Three days always hold a weekday, so every business signal has events whatever today is.
      backfill: { days: 3, stepMs: 600_000, batchSize: 1_000, delayMs: 0 },
    };
    simulator = new SimulatorService(options, intake, new ConnectorStatusRegistry(), undefined, noHistory);
    simulator.start();

    // the demo model as shipped (endpoint on port 4840): the binding follows the simulator's port
    const model = await loadValidModelFromFile(join(__dirname, '../../../models/demo/acme-manufacturing.yaml'));
    const config = loadConfig(IngestionConfig, {
      env: { BSC_PROFILE: 'embedded', SIMULATOR_ENABLED: 'true', SIMULATOR_OPCUA_PORT: String(port) },
    });
    connector = new OpcUaConnectorService(
      {
        ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
        pkiDir: clientPki.path,
        trustUnknownServers: false,
        credentials: new Map(),
        reconnect: { ...DEFAULT_OPCUA_CONNECTOR_OPTIONS.reconnect, initialDelayMs: 250, maxDelayMs: 1_000 },
        endpointFor: opcUaConnectorOptionsFromConfig(config).endpointFor,
      },
      intake,
      new ConnectorStatusRegistry(),
      new FakeActiveModel(model),
    );
    connector.start();
  });

  afterAll(async () => {
    await connector.stop();
    await simulator.stop();
    serverPki.remove();
    clientPki.remove();
  });

  it('backfills days of history for every demo signal through the intake', async () => {
    await eventually(() => (simulator.backfill.state === 'done' ? true : undefined), 30_000, 50, 'backfill');

    const history = intake.samples.filter((s) => s.source === 'simulator');
    expect(simulator.backfill.submitted).toBeGreaterThan(1_000);
    // Leavers and safety incidents are rare events that a few days may not contain.
    const rare = ['hr.safety_incidents', 'hr.leavers'];
    expect(new Set(history.map((s) => s.signalId).filter((id) => !rare.includes(id)))).toEqual(
      new Set(DEMO_SIGNAL_IDS.filter((id) => !rare.includes(id))),
    );
  });

  it('serves Plant North over OPC UA at the demo node ids, and the connector delivers them on the right signals', async () => {
    await eventually(
      () => (connector.states()['plant-north-opc'] === 'connected' ? true : undefined),
      40_000,
      50,
      'connector connected',
    );

    const live = await eventually(
      () => {
        const seen = new Set(intake.samples.filter((s) => s.source === 'opcua:plant-north-opc').map((s) => s.signalId));
        return ['line1.speed', 'line1.good_count', 'line2.oven_temp', 'plant_north.energy_kwh'].every((id) =>
          seen.has(id),
        )
          ? seen
          : undefined;
      },
      15_000,
      50,
      'live OPC UA samples',
    );
    expect([...live].every((id) => PLANT_NORTH_OPCUA_SIGNALS.includes(id))).toBe(true);
    const oven = intake.samples.filter((s) => s.signalId === 'line2.oven_temp' && s.source === 'opcua:plant-north-opc');
    expect(
      oven.every((s) => s.quality === 'good' && typeof s.value === 'number' && s.value > 150 && s.value < 200),
    ).toBe(true);
  });
});
