import { EventEmitter } from 'node:events';
import type { ClientSession } from 'node-opcua';
import type { OpcUaBinding } from './opcua-binding';
import { OpcUaItemHealth } from './opcua-item-health';
import { OpcUaMonitoredItems } from './opcua-monitored-items';

// The code under test needs only node-opcua's enums and filter class; the whole package also starts an RSA self-check
// at load that logs after a quick spec has ended (and jest then fails the run). The same values, from the parts that
// define them:
jest.mock('node-opcua', () => ({
  ...jest.requireActual<object>('node-opcua-service-read'),
  ...jest.requireActual<object>('node-opcua-service-subscription'),
}));

const binding = (i: number): OpcUaBinding => ({
  signalId: `s${i}`,
  nodeId: `ns=1;s=V${i}`,
  dataType: 'double',
  samplingInterval: 1_000,
  queueSize: 2,
});

/** A result status as node-opcua gives it: `isNotGood()` compares the whole 32 bits with 0, flag bits included. */
const status = (value: number, name: string) => ({ value, name, isNotGood: () => value !== 0 });
type ResultStatus = ReturnType<typeof status>;
const GOOD = status(0, 'Good');

/**
 * A session that records its calls in order: `sub <n>` per subscription, `items <n> <count>` per call; `results`
 * gives the status of each item created (Good when it has none).
 */
function recordingSession(calls: string[], failCall?: number, results: readonly ResultStatus[] = []): ClientSession {
  let subscriptions = 0;
  let itemCalls = 0;
  const createSubscription2 = () => {
    const id = ++subscriptions;
    calls.push(`sub ${id}`);
    const subscription = Object.assign(new EventEmitter(), {
      monitorItems: (items: unknown[]) => {
        itemCalls += 1;
        if (itemCalls === failCall) return Promise.reject(new Error('Transaction has timed out'));
        calls.push(`items ${id} ${items.length}`);
        const group = Object.assign(new EventEmitter(), {
          monitoredItems: items.map((_, i) => ({ statusCode: results[i] ?? GOOD, monitoringParameters: {} })),
          terminate: () => Promise.resolve(),
        });
        return Promise.resolve(group);
      },
    });
    return Promise.resolve(subscription);
  };
  return { createSubscription2 } as unknown as ClientSession;
}

function monitoredItems(items = new OpcUaItemHealth(() => undefined)): OpcUaMonitoredItems {
  return new OpcUaMonitoredItems({
    endpoint: 'opc.tcp://plant:4840',
    publishingInterval: 1_000,
    maxItemsPerSubscription: 1_000,
    items,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    onChanged: () => undefined,
    enqueue: (task) => task(),
    stopped: () => false,
  });
}

describe(OpcUaMonitoredItems.name, () => {
  it('creates every subscription before the first item, then calls of at most the per-call limit', async () => {
    const calls: string[] = [];
    const sut = monitoredItems();
    sut.attach(recordingSession(calls), { perCall: 1_000, perSubscription: 5_000 });

    await sut.monitor(Array.from({ length: 12_000 }, (_, i) => binding(i)));

    // 12,000 items, 5,000 a subscription: 3 subscriptions (5,000, 5,000, 2,000); 1,000 a call: 12 calls
    expect(calls).toEqual([
      'sub 1',
      'sub 2',
      'sub 3',
      ...Array.from({ length: 5 }, () => 'items 1 1000'),
      ...Array.from({ length: 5 }, () => 'items 2 1000'),
      ...Array.from({ length: 2 }, () => 'items 3 1000'),
    ]);
  });

  it('frees the room of items not monitored after a failed call', async () => {
    const calls: string[] = [];
    const sut = monitoredItems();
    // the 2nd call fails: 1,000 items are in subscription 1, which has room for 1,000 more
    sut.attach(recordingSession(calls, 2), { perCall: 1_000, perSubscription: 2_000 });
    await expect(sut.monitor(Array.from({ length: 3_000 }, (_, i) => binding(i)))).rejects.toThrow('timed out');

    await sut.monitor([binding(3_000)]);

    // subscriptions 1 (2,000 reserved) and 2 (1,000) were made first; the later item fits subscription 1 again
    expect(calls).toEqual(['sub 1', 'sub 2', 'items 1 1000', 'items 1 1']);
  });

  it('judges a created item by the severity of its status, not by its flag bits (Part 4 7.34.1)', async () => {
    const items = new OpcUaItemHealth(() => undefined);
    const sut = monitoredItems(items);
    // Severity is bits 31-30; bits 15-0 are flags. 0x00000400 (InfoType DataValue, no info bit) >>> 30 = 0: Good.
    // 0x80340400 (BadNodeIdUnknown 0x80340000 with the same flag) >>> 30 = 2: Bad, refused as a vanished node.
    // 0x40000000 (Uncertain) >>> 30 = 1: not Good, refused.
    const results = [
      status(0x00000400, 'Good#InfoTypeDataValue'),
      status(0x80340400, 'BadNodeIdUnknown#InfoTypeDataValue'),
    ];
    results.push(status(0x40000000, 'Uncertain'));
    sut.attach(recordingSession([], undefined, results), { perCall: 1_000, perSubscription: 1_000 });

    await sut.monitor([binding(0), binding(1), binding(2)]);

    expect(items.list().map(({ signalId, problem }) => ({ signalId, problem }))).toEqual([
      { signalId: 's1', problem: 'vanished from the server (BadNodeIdUnknown#InfoTypeDataValue)' },
      { signalId: 's2', problem: 'refused by the server (Uncertain)' },
    ]);
  });

  it('asks for the requested sampling again when node-opcua re-creates the items of a restarted server', async () => {
    // node-opcua's ClientMonitoredItem overwrites its requested samplingInterval and queueSize with the server's
    // revised ones, and re-creates the items after a server restart from those. Requested: 0, every change of a node
    // whose MinimumSamplingInterval is 0 (exception-based). A server advertising MinSupportedSampleRate 50 revises
    // that to 50, and asked for 50 on re-creation it samples every 50 ms instead: a value held 100 ms is missed when
    // one sample runs more than 100 ms late. The re-creation must ask for 0 (and queue size 100) again.
    const revise = (parameters: { samplingInterval: number; queueSize: number }) =>
      Object.assign(parameters, { samplingInterval: 50, queueSize: 100 });
    let created: Array<{ monitoringParameters: { samplingInterval: number; queueSize: number } }> = [];
    const subscription = Object.assign(new EventEmitter(), {
      monitorItems: (items: unknown[], parameters: { samplingInterval: number; queueSize: number }) => {
        created = items.map(() => ({ statusCode: GOOD, monitoringParameters: revise({ ...parameters }) }));
        return Promise.resolve(
          Object.assign(new EventEmitter(), { monitoredItems: created, terminate: () => Promise.resolve() }),
        );
      },
    });
    const session = { createSubscription2: () => Promise.resolve(subscription) } as unknown as ClientSession;
    const sut = monitoredItems();
    sut.attach(session, { perCall: 1_000, perSubscription: 1_000 });

    await sut.monitor([{ ...binding(0), samplingInterval: 0, queueSize: 100 }]);
    const requested = () =>
      created.map(({ monitoringParameters: { samplingInterval, queueSize } }) => ({ samplingInterval, queueSize }));
    expect(requested()).toEqual([{ samplingInterval: 0, queueSize: 100 }]);

    // the re-creation after a restart applies the revised values again; the repaired session is reviewed
    created.forEach((item) => revise(item.monitoringParameters));
    sut.review();
    expect(requested()).toEqual([{ samplingInterval: 0, queueSize: 100 }]);
  });
});
