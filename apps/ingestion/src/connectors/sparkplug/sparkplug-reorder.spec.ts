import { Logger } from '@nestjs/common';
import type { IClientOptions } from 'mqtt';
import { Registry } from 'prom-client';
import { HealthRegistry, loadConfig } from '@bsc/app-kit';
import { ingestionTestModel, TwinGraph } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { FakeModel } from '../../pipeline/testing/pipeline-fakes';
import { ConnectorStatusRegistry } from '../connector-status.registry';
import { encodeSparkplugPayload } from './sparkplug-codec';
import { SparkplugConnectorService } from './sparkplug-connector.service';
import { RecordingClient } from './testing/recording-mqtt-client';

let client: RecordingClient;
jest.mock('mqtt', () => ({
  connect: (_url: string, options: IClientOptions) => (client = new RecordingClient(options)),
}));

// Sparkplug 3.0, 5.9: "If the Reorder Timeout elapses and the missing message(s) have not been received, the Sparkplug
// Host Application SHOULD send an NCMD to the Edge Node with a 'Node Control/Rebirth' request", also when no later
// message comes to notice it. NBIRTH seq 0, DBIRTH seq 1 at t=0, DDATA seq 3 at t=0 (seq 2 missing); the Reorder
// Timeout of 5000 ms elapses at t=5000: no NCMD at t=4999, one at t=5000.
describe(`${SparkplugConnectorService.name} reorder timeout`, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 10, 22, 12) }));
  afterEach(() => jest.useRealTimers());

  it('asks the edge node to rebirth once the window of a gap elapses with no message after it', async () => {
    const model = ingestionTestModel();
    const config = loadConfig(IngestionConfig, {
      env: { BSC_PROFILE: 'test', MQTT_CLIENT_ID: 'host1', SPARKPLUG_REORDER_TIMEOUT_MS: '5000' },
    });
    const statuses = new ConnectorStatusRegistry();
    const sut = new SparkplugConnectorService(
      config,
      new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
      {
        submit: jest.fn(() => Promise.resolve({ accepted: 0, rejected: 0, duplicates: 0 })),
        deadLetter: jest.fn(() => Promise.resolve()),
      },
      { latest: () => Promise.resolve([]) },
      statuses,
      new IngestionMetrics(new Registry(), statuses),
      new HealthRegistry(),
    );
    sut.onApplicationBootstrap();
    const timestamp = Date.now();
    const bdSeq = { name: 'bdSeq', type: 'UInt64' as const, value: 0 };
    const vibration = (seq: number) =>
      encodeSparkplugPayload({ timestamp, seq, metrics: [{ alias: 10, type: 'Double', value: seq }] });
    client.deliver('spBv1.0/acme/NBIRTH/node1', encodeSparkplugPayload({ timestamp, seq: 0, metrics: [bdSeq] }));
    client.deliver(
      'spBv1.0/acme/DBIRTH/node1/dev1',
      encodeSparkplugPayload({
        timestamp,
        seq: 1,
        metrics: [{ name: 'Vibration/RMS', alias: 10, type: 'Double', value: 1 }],
      }),
    );
    client.deliver('spBv1.0/acme/DDATA/node1/dev1', vibration(3));
    const ncmd = () => client.published.filter((t) => t === 'spBv1.0/acme/NCMD/node1');

    await jest.advanceTimersByTimeAsync(4_999);
    expect(ncmd()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(ncmd()).toEqual(['spBv1.0/acme/NCMD/node1']);
    client.connected = false;
    await sut.onModuleDestroy();
  });
});
