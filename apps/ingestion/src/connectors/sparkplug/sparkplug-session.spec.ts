import fc from 'fast-check';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { ingestionTestModel } from '@bsc/twin';
import { decodeSparkplugPayload, parseSparkplugTopic, rebirthRequest, REBIRTH_METRIC } from './sparkplug-codec';
import { REBIRTH_MIN_INTERVAL_MS, SparkplugSessions } from './sparkplug-session';
import { EdgeNode, T0 } from './testing/sparkplug-fakes';

describe(SparkplugSessions.name, () => {
  let sut: SparkplugSessions;
  let edge: EdgeNode;
  beforeEach(() => {
    sut = new SparkplugSessions(ingestionTestModel());
    edge = new EdgeNode();
  });

  it('reads births and then data by alias into samples of the bound signals', () => {
    expect(sut.handle(...edge.birth(), T0).samples).toEqual([
      { signalId: 'line1.running', ts: T0, value: true, quality: undefined, source: 'sparkplug' },
    ]);
    expect(sut.handle(...edge.deviceBirth(), T0).samples).toEqual([
      expect.objectContaining({ signalId: 'line1.vibration', value: 1.5 }),
    ]);
    const data = sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 2.25, timestamp: T0 + 500 }], { device: 'dev1' }),
      T0 + 1000,
    );
    expect(data).toEqual({
      samples: [{ signalId: 'line1.vibration', ts: T0 + 500, value: 2.25, quality: undefined, source: 'sparkplug' }],
    });
  });

  it('maps the Quality property of a metric to the sample quality', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const [topic, payload] = edge.msg(
      'DDATA',
      [{ alias: 10, type: 'Double', value: 3, properties: { Quality: { type: 'Int32', value: 0 } } }],
      { device: 'dev1' },
    );
    expect(sut.handle(topic, payload, T0).samples[0].quality).toBe('bad');
  });

  it('asks for a rebirth on a sequence gap, once per interval', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const gap = sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 1 }], { device: 'dev1', seq: 9 }),
      T0,
    );
    expect(gap.rebirth).toEqual({ group: 'acme', edgeNode: 'node1', reason: 'sequence gap: expected 2, got 9' });
    expect(gap.samples).toHaveLength(1);
    const again = sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 1 }], { device: 'dev1', seq: 20 }),
      T0 + 1,
    );
    expect(again.rebirth).toBeUndefined();
    const later = sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 1 }], { device: 'dev1', seq: 40 }),
      T0 + REBIRTH_MIN_INTERVAL_MS + 1,
    );
    expect(later.rebirth).toBeDefined();
  });

  // Sparkplug 3.0, 5.9 Host Application message ordering: "If a message arrives with an out of order sequence
  // number, the Host Application SHOULD start a timer denoting the start of the Reorder Timeout window"; "If the
  // Reorder Timeout elapses and the missing message(s) have not been received, the Sparkplug Host Application SHOULD
  // send an NCMD to the Edge Node with a 'Node Control/Rebirth' request"; "If the missing messages ... arrive before
  // the reordering timer elapses, the timer can be terminated and normal operation ... can continue".
  // NBIRTH seq 0 and DBIRTH seq 1 at T0; DDATA seq 3 at T0+100 opens a window for seq 2, timeout 5000 ms: it elapses
  // at T0+100+5000 = T0+5100.
  describe('with a reorder timeout of 5000 ms', () => {
    const dataSeq = (seq: number) =>
      edge.msg('DDATA', [{ alias: 10, type: 'Double', value: seq }], { device: 'dev1', seq });
    beforeEach(() => {
      sut = new SparkplugSessions(ingestionTestModel(), { reorderTimeoutMs: 5_000 });
      sut.handle(...edge.birth(), T0);
      sut.handle(...edge.deviceBirth(), T0);
    });

    it('takes a message that arrives out of order within the window without a rebirth', () => {
      expect(sut.handle(...dataSeq(3), T0 + 100).rebirth).toBeUndefined();
      expect(sut.nextReorderDeadline()).toBe(T0 + 5_100);
      const late = sut.handle(...dataSeq(2), T0 + 200);
      expect(late.rebirth).toBeUndefined();
      expect(late.samples).toEqual([expect.objectContaining({ signalId: 'line1.vibration', value: 2 })]);
      // the window closed with seq 2: seq 4 is the next expected, past T0+5100 too
      expect(sut.nextReorderDeadline()).toBeUndefined();
      expect(sut.handle(...dataSeq(4), T0 + 6_000).rebirth).toBeUndefined();
      expect(sut.expireReorders(T0 + 6_000)).toEqual([]);
    });

    it('asks for a rebirth once the window elapses with the message still missing, not before', () => {
      expect(sut.handle(...dataSeq(3), T0 + 100).rebirth).toBeUndefined();
      expect(sut.handle(...dataSeq(4), T0 + 5_099).rebirth).toBeUndefined();
      expect(sut.expireReorders(T0 + 5_099)).toEqual([]);
      expect(sut.expireReorders(T0 + 5_100)).toEqual([
        {
          group: 'acme',
          edgeNode: 'node1',
          reason: 'sequence gap: expected 2, got 3; 1 message(s) still missing after 5000 ms',
        },
      ]);
      expect(sut.nextReorderDeadline()).toBeUndefined();
    });

    it('asks for it with the first message after the window elapsed', () => {
      sut.handle(...dataSeq(3), T0 + 100);
      expect(sut.handle(...dataSeq(4), T0 + 5_100).rebirth?.reason).toBe(
        'sequence gap: expected 2, got 3; 1 message(s) still missing after 5000 ms',
      );
    });

    // 6.4.x: "the sequence number ... MUST be between 0 and 255 (inclusive)": no late message can explain 300
    it('asks for a rebirth at once on a sequence number outside 0-255', () => {
      expect(sut.handle(...dataSeq(300), T0 + 100).rebirth?.reason).toBe('sequence number 300 outside 0-255');
    });

    it('forgets an open window on the next birth', () => {
      sut.handle(...dataSeq(3), T0 + 100);
      sut.handle(...edge.birth(), T0 + 200);
      expect(sut.nextReorderDeadline()).toBeUndefined();
      expect(sut.expireReorders(T0 + 5_100)).toEqual([]);
    });
  });

  it('wraps the sequence number from 255 to 0 without a rebirth', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.msg('NDATA', [{ alias: 1, type: 'Boolean', value: true }], { seq: 1 }), T0);
    for (let seq = 2; seq <= 255; seq++) sut.handle(...edge.msg('NDATA', [], { seq }), T0);
    expect(
      sut.handle(...edge.msg('NDATA', [{ alias: 1, type: 'Boolean', value: false }], { seq: 0 }), T0).rebirth,
    ).toBeUndefined();
  });

  it('asks for a rebirth and dead-letters alias-only data that arrives before any birth', () => {
    const out = sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 1 }], { device: 'dev1', seq: 5 }),
      T0,
    );
    expect(out.rebirth?.reason).toBe('data before the node birth');
    expect(out.reject?.reason).toBe('sparkplug_before_birth');
    expect(out.samples).toEqual([]);
  });

  // NBIRTH seq 0 (alias 1), DBIRTH dev1 seq 1 (alias 10): data by an alias no birth named, or from a device not
  // born since the node's birth, cannot be read; Sparkplug 3.0 has the host ask the node to rebirth then.
  it.each([
    [
      'an alias the device birth did not name',
      true,
      { alias: 11, type: 'Double', value: 1 },
      'unknown alias 11 from node1/dev1',
      'sparkplug_unknown_metric',
    ],
    [
      'a device not born since the node birth',
      false,
      { alias: 10, type: 'Double', value: 1 },
      'data before the birth of node1/dev1',
      'sparkplug_before_birth',
    ],
  ] as const)('asks for a rebirth on data by %s', (_name, deviceBorn, metric, reason, rejected) => {
    sut.handle(...edge.birth(), T0);
    if (deviceBorn) sut.handle(...edge.deviceBirth(), T0);
    const out = sut.handle(...edge.msg('DDATA', [metric], { device: 'dev1' }), T0);
    expect(out.rebirth).toEqual({ group: 'acme', edgeNode: 'node1', reason });
    expect(out).toMatchObject({ samples: [], reject: { reason: rejected } });
  });

  it('asks for a rebirth on data of a device after its death', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    sut.handle(...edge.msg('DDEATH', [], { device: 'dev1' }), T0);
    const out = sut.handle(
      ...edge.msg('DDATA', [{ name: 'Vibration/RMS', type: 'Double', value: 2 }], { device: 'dev1' }),
      T0 + 1,
    );
    expect(out.rebirth?.reason).toBe('data before the birth of node1/dev1');
  });

  it.each([
    ['no metrics at all', [], 'sparkplug_unbound'],
    ['only metrics the model does not bind', [{ name: 'Other', type: 'Double', value: 1 }], 'sparkplug_unbound'],
    [
      'a bound metric of an unsupported type',
      [{ alias: 10, type: 'DataSet', value: { numOfColumns: 0, types: [], columns: [], rows: [] } }],
      'sparkplug_no_value',
    ],
  ] as const)('dead-letters device data with %s (nothing vanishes)', (_name, metrics, reason) => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const out = sut.handle(...edge.msg('DDATA', metrics as unknown as UPayload['metrics'], { device: 'dev1' }), T0);
    expect(out).toMatchObject({ samples: [], reject: { reason } });
  });

  // is_null: the edge node has no value for the metric (a tag whose PLC is unreachable). Like an OPC UA Bad without
  // a value, the signal gets a sample without a value, bad (or uncertain where the Quality property says so), so the
  // last good value is not shown as current.
  it.each([
    ['bad', {}, 'bad'],
    ['uncertain by its Quality property (64)', { properties: { Quality: { type: 'Int32', value: 64 } } }, 'uncertain'],
    [
      'bad even where its Quality property says good (192)',
      { properties: { Quality: { type: 'Int32', value: 192 } } },
      'bad',
    ],
  ] as const)('stores a null metric as a sample without a value, %s', (_name, extra, quality) => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const metric = { alias: 10, type: 'Double', value: null, isNull: true, timestamp: T0 + 500, ...extra };
    const out = sut.handle(...edge.msg('DDATA', [metric] as UPayload['metrics'], { device: 'dev1' }), T0 + 1000);
    expect(out).toEqual({
      samples: [{ signalId: 'line1.vibration', ts: T0 + 500, value: null, quality, source: 'sparkplug' }],
    });
  });

  it('stores the readable metrics of a message and dead-letters it for the bound one without a value', () => {
    sut.handle(...edge.birth(), T0);
    const out = sut.handle(
      ...edge.msg('NDATA', [
        { alias: 1, type: 'Boolean', value: false },
        { name: 'Running', type: 'DataSet', value: { numOfColumns: 0, types: [], columns: [], rows: [] } },
      ]),
      T0,
    );
    expect(out.samples).toEqual([expect.objectContaining({ signalId: 'line1.running', value: false })]);
    expect(out.reject?.reason).toBe('sparkplug_no_value');
    expect(out.reject?.detail).toContain('Running');
  });

  it('restates the last value of every signal of a dead node as bad', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const death = sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0 }), T0 + 10);
    expect(death.samples.map((s) => s.signalId).sort()).toEqual(['line1.running', 'line1.vibration']);
    expect(death.samples).toEqual(
      expect.arrayContaining([
        { signalId: 'line1.vibration', ts: T0 + 10, value: 1.5, quality: 'bad', source: 'sparkplug' },
      ]),
    );
  });

  // A host started after the node's birth (a restart, a new model) knows no last values, yet the death makes every
  // bound metric stale: each gets a bad sample without a value at the death's time, the record a KPI worker or a
  // replay reads the death from. NDEATH heard at T0+10: running and vibration, null and bad, at T0+10.
  it('restates the signals whose last value it never heard as bad samples without a value', () => {
    const death = sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0 }), T0 + 10);
    expect(death.samples.sort((x, y) => x.signalId.localeCompare(y.signalId))).toEqual([
      { signalId: 'line1.running', ts: T0 + 10, value: null, quality: 'bad', source: 'sparkplug' },
      { signalId: 'line1.vibration', ts: T0 + 10, value: null, quality: 'bad', source: 'sparkplug' },
    ]);
  });

  // Sparkplug 3.0, 5.7 (tck-id-operational-behavior-edge-node-termination-host-action-ddeath-devices-tags-stale):
  // "Immediately after receiving an DDEATH from an Edge Node, Host Applications MUST mark all of the metrics that
  // were included with the associated Sparkplug Device DBIRTH messages as STALE using the timestamp in the DDEATH
  // payload". DDATA 2.25 at T0+500; the device dies at T0+2000 (its payload timestamp), heard at T0+9000: the stale
  // restatement of 2.25 is dated T0+2000, not T0+9000.
  it('dates the stale marks of a device death by the DDEATH payload timestamp', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 2.25, timestamp: T0 + 500 }], { device: 'dev1' }),
      T0 + 600,
    );
    const death = sut.handle(...edge.msg('DDEATH', [], { device: 'dev1', timestamp: T0 + 2000 }), T0 + 9000);
    expect(death.samples).toEqual([
      { signalId: 'line1.vibration', ts: T0 + 2000, value: 2.25, quality: 'bad', source: 'sparkplug' },
    ]);
  });

  // A DDEATH without a payload timestamp (against 6.4.x, which requires one) has only its receipt time to go by.
  it('dates the stale marks of a device death without a timestamp by its receipt', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const death = sut.handle(...edge.msg('DDEATH', [], { device: 'dev1', timestamp: null }), T0 + 9000);
    expect(death.samples).toEqual([expect.objectContaining({ signalId: 'line1.vibration', ts: T0 + 9000 })]);
  });

  // Sparkplug 3.0, 5.5 (tck-id-...-host-action-ndeath-node-tags-stale and -ndeath-devices-tags-stale): after an
  // NDEATH the host "MUST mark all metrics that were included in the previous NBIRTH as STALE using the current Host
  // Application's system UTC time", and the devices' metrics likewise. The NDEATH is usually the MQTT will, whose
  // timestamp is the one written at CONNECT: NBIRTH at T0 (Running true, dev1 1.5), will stamped T0, heard at
  // T0+9000: both restatements are dated T0+9000.
  it('dates the stale marks of a node death by its receipt, not by the will timestamp', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    const death = sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0, timestamp: T0 }), T0 + 9000);
    expect(death.samples.map((s) => [s.signalId, s.ts]).sort()).toEqual([
      ['line1.running', T0 + 9000],
      ['line1.vibration', T0 + 9000],
    ]);
  });

  // An edge clock ahead of the host's: DDATA 2.25 stamped T0+5000 (the edge's clock) is taken, then the NDEATH is
  // heard at T0+1000 (the host's). A restatement at T0+1000 would be older than 2.25 and so not the signal's newest
  // sample: nothing downstream would see the signal stale. It goes 1 ms after the newest sample taken, T0+5001;
  // Running, last stamped T0 (its birth), keeps the receipt T0+1000.
  it('dates a restatement after the newest sample taken of its signal, whatever the clocks', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    sut.handle(
      ...edge.msg('DDATA', [{ alias: 10, type: 'Double', value: 2.25, timestamp: T0 + 5000 }], { device: 'dev1' }),
      T0 + 600,
    );
    const death = sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0 }), T0 + 1000);
    expect(death.samples.map((s) => [s.signalId, s.ts, s.value]).sort()).toEqual([
      ['line1.running', T0 + 1000, true],
      ['line1.vibration', T0 + 5001, 2.25],
    ]);
  });

  it('ignores a death from an older session (different bdSeq)', () => {
    sut.handle(...edge.msg('NBIRTH', [], { bdSeq: 3 }), T0);
    expect(sut.handle(...edge.msg('NDEATH', [], { bdSeq: 2 }), T0).samples).toEqual([]);
    expect(sut.nodeBorn(edge.group, edge.node)).toBe(true);
  });

  it('tells whether an edge node is born: unknown before any message, born after NBIRTH, dead after NDEATH', () => {
    expect(sut.nodeBorn(edge.group, edge.node)).toBeUndefined();
    sut.handle(...edge.msg('NBIRTH', [], { bdSeq: 0 }), T0);
    expect(sut.nodeBorn(edge.group, edge.node)).toBe(true);
    sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0 }), T0 + 1);
    expect(sut.nodeBorn(edge.group, edge.node)).toBe(false);
  });

  it('restates only the device signals on a device death', () => {
    sut.handle(...edge.birth(), T0);
    sut.handle(...edge.deviceBirth(), T0);
    expect(sut.handle(...edge.msg('DDEATH', [], { device: 'dev1' }), T0).samples.map((s) => s.signalId)).toEqual([
      'line1.vibration',
    ]);
  });

  it('lists the groups the model binds', () => {
    expect(sut.groups()).toEqual(['acme']);
  });
});

describe(decodeSparkplugPayload.name, () => {
  it('reports a truncated payload instead of throwing', () => {
    const bytes = rebirthRequest(T0);
    expect(decodeSparkplugPayload(bytes.subarray(0, bytes.length - 3))).toMatchObject({ ok: false });
  });

  it('round-trips a rebirth request', () => {
    const decoded = decodeSparkplugPayload(rebirthRequest(T0));
    expect(decoded.ok && decoded.payload.metrics?.[0]).toMatchObject({ name: REBIRTH_METRIC, value: true });
  });

  it('never throws on random bytes, and every data message that decodes gives samples or a dead letter', () => {
    const sessions = new SparkplugSessions(ingestionTestModel());
    const edge = new EdgeNode();
    sessions.handle(...edge.birth(), T0);
    sessions.handle(...edge.deviceBirth(), T0);
    const topic = parseSparkplugTopic('spBv1.0/acme/DDATA/node1/dev1')!;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const decoded = decodeSparkplugPayload(bytes);
        if (!decoded.ok) return;
        const out = sessions.handle(topic, decoded.payload, T0);
        expect(out.samples.length > 0 || out.reject !== undefined).toBe(true);
      }),
      { numRuns: 2_000, seed: 12 },
    );
  });
});

describe(parseSparkplugTopic.name, () => {
  it.each([
    ['spBv1.0/acme/DDATA/node1/dev1', { group: 'acme', type: 'DDATA', edgeNode: 'node1', device: 'dev1' }],
    ['spBv1.0/acme/NBIRTH/node1', { group: 'acme', type: 'NBIRTH', edgeNode: 'node1', device: undefined }],
    ['spBv1.0/STATE/host1', null],
    ['spBv1.0/acme/FOO/node1', null],
    ['other/acme/NDATA/node1', null],
  ])('parses %s', (topic, expected) => {
    expect(parseSparkplugTopic(topic)).toEqual(expected);
  });
});
