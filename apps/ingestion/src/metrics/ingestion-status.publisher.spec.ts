import { InProcessEventBus, type IngestionStatus } from '@bsc/events';
import { ConnectorActivity } from '../connectors/connector-activity';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import type { SignalPipeline } from '../pipeline/signal-pipeline.service';
import { IngestionStatusPublisher } from './ingestion-status.publisher';

const T0 = 1_800_000_000_000;
const PIPELINE = { bufferDepth: 3, stalled: false, sinceProgressMs: 0, quarantined: 0 };

describe(IngestionStatusPublisher.name, () => {
  it('joins connector states with what each source delivered and adds sessionless sources', () => {
    const bus = new InProcessEventBus();
    const statuses = new ConnectorStatusRegistry();
    const activity = new ConnectorActivity();
    const pipeline = { healthSnapshot: () => PIPELINE } as unknown as SignalPipeline;
    const sut = new IngestionStatusPublisher(bus, statuses, activity, pipeline);
    statuses.report('mqtt', 'mqtt', 'connected', 'mqtt://127.0.0.1:1883');
    statuses.report('mqtt', 'mqtt', 'reconnecting');
    statuses.report('opcua:plc', 'opcua', 'connected');
    // two MQTT batches: 5 then 2 samples, the newest of the second stamped 250 ms before its receipt
    activity.record('mqtt', 5, T0, T0 + 100);
    activity.record('mqtt', 2, T0 + 1_000, T0 + 1_250);
    activity.record('http', 4, T0 + 2_000, T0 + 2_010);
    const seen: IngestionStatus[] = [];
    bus.subscribe('ingestion.status', (s) => seen.push(s));

    sut.publish(T0 + 3_000);

    expect(seen).toHaveLength(1);
    expect(seen[0].at).toBe(T0 + 3_000);
    expect(seen[0].pipeline).toEqual(PIPELINE);
    expect(seen[0].connectors.map(({ since: _since, ...c }) => c)).toEqual([
      {
        id: 'http',
        kind: 'http',
        state: 'receiving',
        detail: null,
        reconnects: 0,
        samples: 4,
        lastSampleAt: T0 + 2_010,
        lagMs: 10,
      },
      {
        id: 'mqtt',
        kind: 'mqtt',
        state: 'reconnecting',
        detail: null,
        reconnects: 1,
        samples: 7,
        lastSampleAt: T0 + 1_250,
        lagMs: 250,
      },
      {
        id: 'opcua:plc',
        kind: 'opcua',
        state: 'connected',
        detail: null,
        reconnects: 0,
        samples: 0,
        lastSampleAt: null,
        lagMs: null,
      },
    ]);
  });
});
