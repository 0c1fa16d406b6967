import type { SignalDef, TwinModel } from '@bsc/twin';
import {
  batchBindings,
  defaultQueueSize,
  diffBindings,
  itemLimits,
  planOpcUaEndpoints,
  serverDefinitionChanged,
  type OpcUaBinding,
} from './opcua-binding';

const opcua = (
  id: string,
  server: string,
  nodeId: string,
  extra: Partial<Extract<SignalDef['source'], { kind: 'opcua' }>> = {},
  signal: Partial<SignalDef> = {},
): SignalDef => ({
  id,
  name: id,
  unit: '',
  dataType: 'double',
  source: { kind: 'opcua', server, nodeId, ...extra },
  ...signal,
});

const model = (signals: SignalDef[]): TwinModel =>
  ({
    opcuaServers: [
      {
        id: 'north',
        endpoint: 'opc.tcp://north:4840',
        securityMode: 'None',
        securityPolicy: 'None',
        publishingInterval: 1_000,
      },
      { id: 'idle', endpoint: 'opc.tcp://idle:4840', securityMode: 'None', securityPolicy: 'None' },
    ],
    signals,
  }) as unknown as TwinModel;

const binding = (signalId: string, overrides: Partial<OpcUaBinding> = {}): OpcUaBinding => ({
  signalId,
  nodeId: `ns=1;s=${signalId}`,
  dataType: 'double',
  samplingInterval: 1_000,
  queueSize: 2,
  ...overrides,
});

describe('OPC UA bindings', () => {
  describe(planOpcUaEndpoints.name, () => {
    it('plans only servers with bound signals, with sampling, queue and deadband from the model', () => {
      const sut = planOpcUaEndpoints(
        model([
          opcua(
            'speed',
            'north',
            'ns=1;s=Line1.Speed',
            { samplingInterval: 250 },
            { deadband: { type: 'absolute', value: 1 } },
          ),
          opcua('energy', 'north', 'ns=1;s=Energy', { samplingInterval: 5_000, queueSize: 4 }),
          { id: 'erp', name: 'erp', unit: '', dataType: 'double', source: { kind: 'http' } },
        ]),
      );

      expect(sut.map((p) => p.server.id)).toEqual(['north']);
      expect(sut[0].bindings).toEqual([
        {
          signalId: 'speed',
          nodeId: 'ns=1;s=Line1.Speed',
          dataType: 'double',
          samplingInterval: 250,
          queueSize: 8,
          deadband: { type: 'absolute', value: 1 },
        },
        {
          signalId: 'energy',
          nodeId: 'ns=1;s=Energy',
          dataType: 'double',
          samplingInterval: 5_000,
          queueSize: 4,
          deadband: undefined,
        },
      ]);
    });
  });

  describe(defaultQueueSize.name, () => {
    it.each([
      [1_000, 1_000, 2],
      [100, 1_000, 20],
      [5_000, 1_000, 2],
      [1, 1_000, 100],
      [0, 1_000, 100],
    ])('sampling %i ms, publishing %i ms -> queue %i', (sampling, publishing, expected) => {
      expect(defaultQueueSize(sampling, publishing)).toBe(expected);
    });
  });

  describe(batchBindings.name, () => {
    it('groups equal monitoring parameters and splits groups larger than the limit', () => {
      const bindings = [
        binding('a'),
        binding('b', { samplingInterval: 5_000 }),
        binding('c'),
        binding('d'),
        binding('e', { deadband: { type: 'percent', value: 2 } }),
      ];

      const sut = batchBindings(bindings, 2).map((batch) => batch.map((b) => b.signalId));

      expect(sut).toEqual([['a', 'c'], ['d'], ['b'], ['e']]);
    });

    it('batches 50,000 items of two parameter sets in model order', () => {
      // even indices sample at 1 s, odd at 5 s: 25,000 each, so 25 batches of 1,000 per set
      const bindings = Array.from({ length: 50_000 }, (_, i) =>
        binding(`s${i}`, { samplingInterval: i % 2 === 0 ? 1_000 : 5_000 }),
      );

      const sut = batchBindings(bindings, 1_000);

      expect(sut).toHaveLength(50);
      expect(sut.every((batch) => batch.length === 1_000)).toBe(true);
      expect(sut[0][0].signalId).toBe('s0');
      expect(sut[0][999].signalId).toBe('s1998');
      expect(sut[25][0].signalId).toBe('s1');
    });
  });

  describe(itemLimits.name, () => {
    it.each([
      ['no server limits', 1_000, {}, { perCall: 1_000, perSubscription: 1_000 }],
      [
        '0 means unlimited',
        1_000,
        { maxMonitoredItemsPerCall: 0, maxMonitoredItemsPerSubscription: 0 },
        { perCall: 1_000, perSubscription: 1_000 },
      ],
      ['a lower per-call limit', 1_000, { maxMonitoredItemsPerCall: 250 }, { perCall: 250, perSubscription: 1_000 }],
      [
        'a lower per-subscription limit also bounds calls',
        1_000,
        { maxMonitoredItemsPerSubscription: 500 },
        { perCall: 500, perSubscription: 500 },
      ],
      [
        'higher server limits keep ours',
        1_000,
        { maxMonitoredItemsPerCall: 10_000, maxMonitoredItemsPerSubscription: 65_535 },
        { perCall: 1_000, perSubscription: 1_000 },
      ],
    ])('%s', (_case, own, server, expected) => {
      expect(itemLimits(own, server)).toEqual(expected);
    });

    it.each([
      // 50,000 items, 10 subscriptions per session: 50,000 / 10 = 5,000 per subscription; calls keep our 1,000
      ['more items than our cap allows in the subscriptions a session may have', 50_000, {}, 1_000, 5_000],
      ['a lower server per-call limit still bounds calls', 50_000, { maxMonitoredItemsPerCall: 500 }, 500, 5_000],
      ['few items keep our cap', 3_000, {}, 1_000, 1_000],
      ['the server per-subscription limit wins', 50_000, { maxMonitoredItemsPerSubscription: 4_000 }, 1_000, 4_000],
      [
        'a per-subscription limit below our cap bounds calls',
        50_000,
        { maxMonitoredItemsPerSubscription: 800 },
        800,
        800,
      ],
    ])('%s', (_case, items, extra, perCall, perSubscription) => {
      expect(itemLimits(1_000, { maxSubscriptionsPerSession: 10, ...extra }, items)).toEqual({
        perCall,
        perSubscription,
      });
    });
  });

  describe(diffBindings.name, () => {
    it('reports new, removed and re-parameterised bindings', () => {
      const previous = [binding('a'), binding('b'), binding('c')];
      const next = [binding('a'), binding('c', { samplingInterval: 500 }), binding('d')];

      const sut = diffBindings(previous, next);

      expect(sut.added.map((b) => b.signalId)).toEqual(['c', 'd']);
      expect(sut.removed.map((b) => b.signalId)).toEqual(['b', 'c']);
    });
  });

  describe(serverDefinitionChanged.name, () => {
    const base = { id: 'n', endpoint: 'opc.tcp://a', securityMode: 'None', securityPolicy: 'None' } as const;
    it.each([
      ['nothing', {}, false],
      ['the endpoint', { endpoint: 'opc.tcp://b' }, true],
      ['the security mode', { securityMode: 'Sign' as const, securityPolicy: 'Basic256Sha256' as const }, true],
      ['the credentials', { credentials: 'ops' }, true],
    ])('changing %s -> %s', (_case, change, expected) => {
      expect(serverDefinitionChanged(base, { ...base, ...change })).toBe(expected);
    });
  });
});
