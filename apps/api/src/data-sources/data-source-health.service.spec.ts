import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { InProcessEventBus, type ConnectorReport, type IngestionStatus } from '@bsc/events';
import { DeadLetterRepository, openDataSource, type NewDeadLetter } from '@bsc/persistence';
import type { Principal } from '../auth/principal';
import { twoPlantsModel } from '../signals/testing/two-plants.model';
import type { DeadLetterStore } from '../stores/dead-letter.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { DataSourceHealthService } from './data-source-health.service';

const T0 = 1_800_000_000_000;
const ALL_UNITS: Principal = { subject: 'eng', role: 'engineer', units: null, via: 'jwt' };
const NORTH: Principal = { subject: 'eng-north', role: 'engineer', units: ['plant-north'], via: 'jwt' };
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
    origins: () => Promise.resolve({ signalIds: [], channels: [] }),
  };
  const model = twoPlantsModel();
  const twin = new TwinIndexService({ current: () => ({ model, version: 1 }) } as unknown as ActiveModel);

  beforeEach(() => {
    bus = new InProcessEventBus();
    sut = new DataSourceHealthService(bus, letters, twin);
  });

  it('derives samples per second from the last two reports: 300 more samples in 2 s are 150/s', async () => {
    bus.publish('ingestion.status', report(T0, [mqtt('connected', 1_000)]));
    bus.publish('ingestion.status', report(T0 + 2_000, [mqtt('connected', 1_300)]));

    const { connectors, reporting } = await sut.current(ALL_UNITS, T0 + 2_500);

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

    expect((await sut.current(ALL_UNITS, T0 + 1_000)).connectors.map((c) => c.healthy)).toEqual([false, true]);
    const late = await sut.current(ALL_UNITS, T0 + 6_001);
    expect(late.reporting).toBe(false);
    expect(late.connectors.map((c) => c.healthy)).toEqual([false, false]);
  });

  it('gives no rate for the first report of a restarted ingestion', async () => {
    bus.publish('ingestion.status', report(T0, [mqtt('connected', 1_000)]));
    bus.publish('ingestion.status', report(T0 + 2_000, [mqtt('connected', 10)], T0 + 1_500));

    expect((await sut.current(ALL_UNITS, T0 + 2_000)).connectors[0].samplesPerSecond).toBeNull();
  });

  it('groups dead letters by source and reason with their newest raw payloads', async () => {
    const { deadLetters } = await sut.current(ALL_UNITS, T0);

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

  describe('to a caller scoped to some units', () => {
    let dataSource: DataSource;
    const aLetter = (over: Partial<NewDeadLetter>): NewDeadLetter => ({
      source: 'mqtt',
      reason: 'invalid_json',
      detail: 'd',
      raw: '{',
      receivedAt: T0,
      ...over,
    });

    beforeEach(async () => {
      dataSource = await openDataSource({ sqlitePath: ':memory:' });
      const store = new DeadLetterRepository(dataSource);
      // ids 1-6: north's signal, south's signal, north's topic, south's topic, north's and south's Sparkplug devices
      await store.add([
        aLetter({ signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' }),
        aLetter({ signalId: 'south.speed', channel: 'south.speed', reason: 'out_of_range' }),
        aLetter({ channel: 'plant/north/line' }),
        aLetter({ channel: 'plant/south/line' }),
        aLetter({
          source: 'sparkplug',
          channel: 'spBv1.0/g/DDATA/north-edge/press',
          reason: 'sparkplug_unknown_metric',
        }),
        aLetter({
          source: 'sparkplug',
          channel: 'spBv1.0/g/DDATA/south-edge/press',
          reason: 'sparkplug_unknown_metric',
        }),
      ]);
      sut = new DataSourceHealthService(bus, store, twin);
    });
    afterEach(async () => {
      await dataSource.destroy();
    });

    it("counts and shows only the dead letters of the caller's units", async () => {
      const north = await sut.current(NORTH, T0);
      const all = await sut.current(ALL_UNITS, T0);

      const groups = (view: typeof north) =>
        view.deadLetters.map((g) => [g.source, g.reason, g.count, g.samples.map((d) => Number(d.id))]);
      expect(groups(north)).toEqual([
        ['mqtt', 'invalid_json', 1, [3]],
        ['mqtt', 'out_of_range', 1, [1]],
        ['sparkplug', 'sparkplug_unknown_metric', 1, [5]],
      ]);
      expect(groups(all)).toEqual([
        ['mqtt', 'invalid_json', 2, [4, 3]],
        ['mqtt', 'out_of_range', 2, [2, 1]],
        ['sparkplug', 'sparkplug_unknown_metric', 2, [6, 5]],
      ]);
    });

    it("lists the connectors feeding the caller's units: its own server and edge node, and the shared brokers", async () => {
      const connector = (id: string, kind: ConnectorReport['kind']): ConnectorReport => ({
        ...mqtt('connected', 0),
        id,
        kind,
      });
      bus.publish(
        'ingestion.status',
        report(T0, [
          connector('mqtt', 'mqtt'),
          connector('opcua:north-opc', 'opcua'),
          connector('opcua:south-opc', 'opcua'),
          connector('sparkplug', 'sparkplug'),
          connector('sparkplug:g/north-edge', 'sparkplug'),
          connector('sparkplug:g/south-edge', 'sparkplug'),
          connector('http', 'http'),
          connector('simulator', 'simulator'),
        ]),
      );

      expect((await sut.current(NORTH, T0)).connectors.map((c) => c.id)).toEqual([
        'mqtt',
        'opcua:north-opc',
        'sparkplug',
        'sparkplug:g/north-edge',
      ]);
      expect((await sut.current(ALL_UNITS, T0)).connectors).toHaveLength(8);
    });
  });
});
