import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { IClientOptions } from 'mqtt';
import { Registry } from 'prom-client';
import { HealthRegistry, loadConfig } from '@bsc/app-kit';
import { ingestionTestModel, TwinGraph } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { FakeModel } from '../../pipeline/testing/pipeline-fakes';
import { ConnectorStatusRegistry } from '../connector-status.registry';
import { SparkplugConnectorService } from './sparkplug-connector.service';

/** An mqtt.js client as far as the host application uses it: it records what is sent, in order. */
class RecordingClient extends EventEmitter {
  readonly sent: string[] = [];
  private readonly subscribed: Array<(error: Error | null) => void> = [];
  connected = false;
  constructor(readonly options: IClientOptions) {
    super();
  }
  _sendPacket(): void {}
  handleMessage(): void {}
  publish(topic: string, payload: string): void {
    this.sent.push(`publish ${topic} ${payload}`);
  }
  subscribe(topics: string[], _opts: object, cb: (error: Error | null) => void): void {
    this.sent.push(`subscribe ${topics.join(' ')}`);
    this.subscribed.push(cb);
  }
  /** The broker's SUBACK for the subscriptions asked so far. */
  suback(): void {
    this.subscribed.splice(0).forEach((cb) => cb(null));
  }
  will(): string {
    return String(this.options.will?.payload);
  }
  endAsync(): Promise<void> {
    return Promise.resolve();
  }
}

let client: RecordingClient;
jest.mock('mqtt', () => ({
  connect: (_url: string, options: IClientOptions) => (client = new RecordingClient(options)),
}));

// Sparkplug 3.0 host application: subscribe (its own STATE topic too) before the STATE birth, so an edge node that
// births on seeing it is heard; the birth repeats the timestamp of the will in the CONNECT it follows.
describe(`${SparkplugConnectorService.name} host application STATE`, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(() => jest.restoreAllMocks());

  it('births after its subscriptions, with the timestamp of the will of each connection', async () => {
    const model = ingestionTestModel();
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', MQTT_CLIENT_ID: 'host1' } });
    const statuses = new ConnectorStatusRegistry();
    const sut = new SparkplugConnectorService(
      config,
      new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
      { submit: jest.fn(), deadLetter: jest.fn() },
      { latest: () => Promise.resolve([]) },
      statuses,
      new IngestionMetrics(new Registry(), statuses),
      new HealthRegistry(),
    );
    const now = jest.spyOn(Date, 'now');

    now.mockReturnValue(1_000);
    sut.onApplicationBootstrap();
    expect(client.will()).toBe('{"online":false,"timestamp":1000}');
    now.mockReturnValue(5_000); // the CONNACK comes later
    client.connected = true;
    client.emit('connect', { sessionPresent: false });
    expect(client.sent).toEqual(['subscribe spBv1.0/STATE/host1 spBv1.0/acme/#']);
    client.suback();
    expect(client.sent[1]).toBe('publish spBv1.0/STATE/host1 {"online":true,"timestamp":1000}');

    // a reconnect sends a CONNECT with a new will; the birth after it repeats that one's timestamp
    now.mockReturnValue(9_000);
    client.connected = false;
    client.emit('reconnect');
    expect(client.will()).toBe('{"online":false,"timestamp":9000}');
    now.mockReturnValue(9_500);
    client.connected = true;
    client.emit('connect', { sessionPresent: true });
    client.suback();
    expect(client.sent.slice(2)).toEqual([
      'subscribe spBv1.0/STATE/host1 spBv1.0/acme/#',
      'publish spBv1.0/STATE/host1 {"online":true,"timestamp":9000}',
    ]);
    client.connected = false;
    await sut.onModuleDestroy();
  });
});
