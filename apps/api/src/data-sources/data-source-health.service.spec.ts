import { InProcessEventBus, type ConnectorReport, type IngestionStatus } from '@bsc/events';
import type { DeadLetterStore } from '../stores/dead-letter.store';
import { DataSourceHealthService } from './data-source-health.service';

const T0 = 1_800_000_000_000;
const PIPELINE = { bufferDepth: 0, stalled: false, sinceProgressMs: 0, quarantined: 0 };
const mqtt = (state: string, samples: number): ConnectorReport => ({
  id: 'mqtt',
  kind: 'mqtt',
  state,
  since: T0,
  detail: null,
  reconnects: 0,
  samples,
  lastSampleAt: T0,
  lagMs: 5,
});
const report = (at: number, connectors: ConnectorReport[], startedAt = T0): IngestionStatus => ({
  at,
  startedAt,
  connectors,
  pipeline: PIPELINE,
});

describe(DataSourceHealthService.name, () => {
  let bus: InProcessEventBus;
  let sut: DataSourceHealthService;
  const letters: DeadLetterStore = {
    list: (q) =>
      Promise.resolve([
        {
          id: 7,
          receivedAt: T0,
          source: q.source!,
          channel: 'acme/line1',
          reason: q.reason!,
          detail: 'd',
          payload: '{',
          payloadEncoding: 'utf8',
          signalId: null,
        },
      ]),
    count: () => Promise.resolve(1),
    countsBySourceAndReason: () => Promise.resolve([{ source: 'mqtt', reason: 'invalid_json', count: 12, lastAt: T0 }]),
  };

  beforeEach(() => {
    bus = new InProcessEventBus();
    sut = new DataSourceHealthService(bus, letters);
  });

  it('derives samples per second from the last two reports: 300 more samples in 2 s are 150/s', async () => {
    bus.publish('ingestion.status', report(T0, [mqtt('connected', 1_000)]));
    bus.publish('ingestion.status', report(T0 + 2_000, [mqtt('connected', 1_300)]));

    const { connectors, reporting } = await sut.current(T0 + 2_500);

    expect(reporting).toBe(true);
    expect(connectors.map((c) => [c.id, c.state, c.healthy, c.samplesPerSecond, c.samplesTotal])).toEqual([
      ['mqtt', 'connected', true, 150, 1_300],
    ]);
  });

  it('calls a disconnected connector unhealthy, and everything once reports stop for three intervals (6 s)', async () => {
    bus.publish(
      'ingestion.status',
      report(T0, [mqtt('reconnecting', 0), { ...mqtt('connected', 0), id: 'opcua:plc' }]),
    );

    expect((await sut.current(T0 + 1_000)).connectors.map((c) => c.healthy)).toEqual([false, true]);
    const late = await sut.current(T0 + 6_001);
    expect(late.reporting).toBe(false);
    expect(late.connectors.map((c) => c.healthy)).toEqual([false, false]);
  });

  it('gives no rate for the first report of a restarted ingestion', async () => {
    bus.publish('ingestion.status', report(T0, [mqtt('connected', 1_000)]));
    bus.publish('ingestion.status', report(T0 + 2_000, [mqtt('connected', 10)], T0 + 1_500));

    expect((await sut.current(T0 + 2_000)).connectors[0].samplesPerSecond).toBeNull();
  });

  it('groups dead letters by source and reason with their newest raw payloads', async () => {
    const { deadLetters } = await sut.current(T0);

    expect(deadLetters).toEqual([
      {
        source: 'mqtt',
        reason: 'invalid_json',
        count: 12,
        lastAt: new Date(T0),
        samples: [expect.objectContaining({ id: '7', payload: '{', channel: 'acme/line1' })],
      },
    ]);
  });
});
