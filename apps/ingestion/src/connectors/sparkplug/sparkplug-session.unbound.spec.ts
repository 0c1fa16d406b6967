import { ingestionTestModel, TwinModelBuilder } from '@bsc/twin';
import { SparkplugSessions } from './sparkplug-session';
import { EdgeNode, T0 } from './testing/sparkplug-fakes';

// ingestionTestModel binds acme/node1 (metric Running) and its device dev1 (metric Vibration/RMS), nothing else.
const HOSTILE_IDS = 10_000;

describe(`${SparkplugSessions.name} under senders it does not bind`, () => {
  let sut: SparkplugSessions;
  beforeEach(() => {
    sut = new SparkplugSessions(ingestionTestModel());
  });

  it('keeps no state for 10,000 edge nodes born under new ids in a bound group', () => {
    for (let i = 0; i < HOSTILE_IDS; i++) {
      const out = sut.handle(...new EdgeNode('acme', `intruder${i}`).birth(), T0);
      expect(out).toEqual({ samples: [] });
    }
    expect(sut.tracked()).toEqual({ nodes: 0, devices: 0 });
    // the connector reports an edge node's status only when this is defined
    expect(sut.nodeBorn('acme', 'intruder0')).toBeUndefined();
  });

  it('keeps no state for 10,000 devices born under new ids on a bound node, and still reads the bound one exactly', () => {
    const edge = new EdgeNode();
    sut.handle(...edge.birth(), T0);
    for (let i = 0; i < HOSTILE_IDS; i++) sut.handle(...edge.deviceBirth(`intruder${i}`), T0);
    expect(sut.tracked()).toEqual({ nodes: 1, devices: 0 });

    sut.handle(...edge.deviceBirth(), T0);
    const data = sut.handle(...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 2.25 }], { device: 'dev1' }), T0);

    expect(sut.tracked()).toEqual({ nodes: 1, devices: 1 });
    // every hostile birth counted in the node's sequence: no gap, no rebirth request
    expect(data).toEqual({
      samples: [{ signalId: 'line1.vibration', ts: T0, value: 2.25, quality: undefined, source: 'sparkplug' }],
    });
  });

  it.each([
    ['an unbound node, by name', new EdgeNode('acme', 'intruder'), 'NDATA', undefined, 'intruder'],
    ['an unbound node, by alias before any birth', new EdgeNode('acme', 'intruder'), 'NDATA', undefined, 'intruder'],
    ['an unbound device of a bound node', new EdgeNode(), 'DDATA', 'intruder', 'node1/intruder'],
  ] as const)('dead-letters the data of %s as unbound, asking no rebirth', (name, edge, type, device, where) => {
    const bound = new EdgeNode();
    sut.handle(...bound.birth(), T0);
    if (device) sut.handle(...edge.deviceBirth(device), T0);
    const metric = name.includes('alias')
      ? { alias: 10, type: 'Double' as const, value: 1 }
      : { name: 'Vibration/RMS', type: 'Double' as const, value: 1 };

    const out = sut.handle(...edge.msg(type, [metric], { device }), T0);

    expect(out).toEqual({
      samples: [],
      reject: { reason: 'sparkplug_unbound', detail: `none of the 1 metric(s) from ${where} is bound to a signal` },
    });
  });

  it('holds state for a node a new model binds', () => {
    const model = ingestionTestModel();
    const withNode2 = TwinModelBuilder.model()
      .signal({ id: 'line2.running', source: { sparkplug: { group: 'acme', edgeNode: 'node2', metric: 'Running' } } })
      .build();
    const reloaded = new SparkplugSessions({ ...model, signals: [...model.signals, ...withNode2.signals] });
    const node2 = new EdgeNode('acme', 'node2');

    expect(sut.handle(...node2.birth(), T0).samples).toEqual([]);
    expect(reloaded.handle(...node2.birth(), T0).samples).toEqual([
      expect.objectContaining({ signalId: 'line2.running', value: true }),
    ]);
    expect(reloaded.tracked()).toEqual({ nodes: 1, devices: 0 });
    expect(reloaded.nodeBorn('acme', 'node2')).toBe(true);
  });
});
