import fc from 'fast-check';
import { ingestionTestModel, TwinModelBuilder } from '@bsc/twin';
import { UNSERIALISABLE } from '../../pipeline/safe-json';
import { buildMqttRoutes, decodeMqttMessage, levelSelection } from './mqtt-routes';
import { compileTopic } from './mqtt-topic';

const RECEIVED = Date.UTC(2026, 10, 22, 12);
const sut = buildMqttRoutes(ingestionTestModel('t'));
const decode = (topic: string, payload: unknown) =>
  decodeMqttMessage(
    sut.match(topic),
    Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    RECEIVED,
  );

describe(buildMqttRoutes.name, () => {
  it('groups bindings by topic filter: one subscription per topic', () => {
    expect(sut.filters().sort()).toEqual(['t/+/temp', 't/line1']);
    expect(sut.match('t/line1')[0].bindings.map((b) => b.signalId)).toEqual(['line1.scrap', 'line1.energy_kwh']);
    expect(sut.match('t/north/temp')).toHaveLength(1);
    expect(sut.match('t/other')).toHaveLength(0);
  });

  describe('topics that differ only in the names of their segments', () => {
    // Both subscribe as p/+/t; each binding's selection is read with its own topic's names.
    const mqtt = (topic: string, segments: Record<string, string>) => ({ mqtt: { topic, jsonPath: '$.v', segments } });
    const table = buildMqttRoutes(
      TwinModelBuilder.model()
        .signal(
          { id: 'line1.temp', source: mqtt('p/+line/t', { line: 'L1' }) },
          { id: 'cell2.temp', source: mqtt('p/+cell/t', { cell: 'C2' }) },
          { id: 'x.pair', source: mqtt('p/+a/+b/t', { b: 'B' }) },
          { id: 'y.pair', source: mqtt('p/+c/+d/t', { c: 'B' }) },
        )
        .buildValid(),
    );

    it.each([
      ['p/L1/t', ['line1.temp']],
      ['p/C2/t', ['cell2.temp']],
      ['p/C1/t', []],
      ['p/A/B/t', ['x.pair']],
      ['p/B/A/t', ['y.pair']],
      ['p/B/B/t', ['x.pair', 'y.pair']],
    ])('routes %s to %p', (topic, signals) => {
      expect(table.issues).toEqual([]);
      expect(table.filters()).toEqual(['p/+/t', 'p/+/+/t']);
      expect(table.match(topic).flatMap((r) => r.bindings.map((b) => b.signalId))).toEqual(signals);
    });

    it('decodes a message of the second spelling into its own signal', () => {
      const result = decodeMqttMessage(table.match('p/C2/t'), Buffer.from('{"v":1}'), RECEIVED);
      expect(result).toEqual({
        ok: true,
        samples: [{ signalId: 'cell2.temp', ts: RECEIVED, value: 1, quality: undefined, source: 'mqtt' }],
      });
    });
  });
});

describe(levelSelection.name, () => {
  it.each([
    ['p/+line/t', {}, [], []],
    ['p/+line/t', { line: 'L1' }, [1], ['L1']],
    ['p/+site/x/+line/#', { line: 'L1', site: 'S' }, [1, 3], ['S', 'L1']],
    // a name given to two levels selects both
    ['p/+n/+/+n', { n: 'v' }, [1, 3], ['v', 'v']],
  ])('selects in %s by %p the levels %p', (topic, segments, levels, values) => {
    expect(levelSelection(compileTopic(topic), segments)).toEqual({ levels, values });
  });

  it.each([
    ['p/+line/t', { cell: 'C1' }],
    ['p/+/t', { '': 'C1' }],
    ['p/line/t', { line: 'C1' }],
  ])('refuses in %s a selection %p of no named level', (topic, segments) => {
    expect(() => levelSelection(compileTopic(topic), segments)).toThrow(/no named wildcard segment/);
  });
});

describe(`${buildMqttRoutes.name} with a segment its topic does not name`, () => {
  it('reports the binding instead of routing it', () => {
    // build(), not buildValid(): the model validator refuses this too, the table must not rely on it
    const model = TwinModelBuilder.model()
      .signal({ id: 'a.temp', source: { mqtt: { topic: 't/+line/temp', jsonPath: '$.v', segments: { cell: 'C1' } } } })
      .build();
    const table = buildMqttRoutes(model);
    expect(table.issues).toEqual([
      { path: 'signals[0].source', message: "topic 't/+line/temp' has no named wildcard segment '+cell'" },
    ]);
    expect(table.match('t/C1/temp')).toEqual([]);
  });
});

describe(decodeMqttMessage.name, () => {
  it('reads every bound signal of one message, with its timestamp and quality', () => {
    expect(decode('t/line1', { scrap: 3, energy_wh: 1500, ts: '2026-11-22T11:00:00Z', q: 'Uncertain' })).toEqual({
      ok: true,
      samples: [
        { signalId: 'line1.scrap', ts: Date.UTC(2026, 10, 22, 11), value: 3, quality: 'uncertain', source: 'mqtt' },
        {
          signalId: 'line1.energy_kwh',
          ts: Date.UTC(2026, 10, 22, 11),
          value: 1500,
          quality: undefined,
          source: 'mqtt',
        },
      ],
    });
  });

  it('takes the arrival time when the payload has no timestamp, and reads a JSON array as records', () => {
    const result = decode('t/a/temp', [{ v: 1 }, { v: 2 }]);
    expect(result).toEqual({
      ok: true,
      samples: [
        expect.objectContaining({ value: 1, ts: RECEIVED }),
        expect.objectContaining({ value: 2, ts: RECEIVED }),
      ],
    });
  });

  // A message delivered with the retain flag comes from the broker's store on (re)subscribing, not from a live
  // publish: without a timestamp of its own its age is unknown, and receipt time would date it anew each reconnect.
  describe('a retained message', () => {
    const retained = (topic: string, payload: unknown) =>
      decodeMqttMessage(sut.match(topic), Buffer.from(JSON.stringify(payload)), RECEIVED, { retained: true });

    it('is refused as undated when it carries no timestamp', () => {
      expect(retained('t/north/temp', { v: 21.5 })).toMatchObject({ ok: false, reason: 'retained_undated' });
      expect(retained('t/line1', { scrap: 4 })).toMatchObject({ ok: false, reason: 'retained_undated' });
    });

    it('keeps its own timestamp, so a redelivery is the same sample again', () => {
      expect(retained('t/line1', { scrap: 4, ts: '2026-11-22T11:00:00Z' })).toEqual({
        ok: true,
        samples: [
          { signalId: 'line1.scrap', ts: Date.UTC(2026, 10, 22, 11), value: 4, quality: undefined, source: 'mqtt' },
        ],
      });
    });
  });

  it('passes a present value of the wrong type on to the pipeline, which judges it', () => {
    expect(decode('t/line1', { scrap: 'many', ts: RECEIVED })).toMatchObject({
      ok: true,
      samples: [{ signalId: 'line1.scrap', value: 'many' }],
    });
  });

  it('passes a quality nested too deep to write as text on as a constant, for the pipeline to refuse', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(decode('t/line1', `{"scrap":3,"ts":${RECEIVED},"q":${deep}}`)).toEqual({
      ok: true,
      samples: [{ signalId: 'line1.scrap', ts: RECEIVED, value: 3, quality: UNSERIALISABLE, source: 'mqtt' }],
    });
  });

  it.each([
    ['invalid JSON', '{"scrap": 1', 'invalid_json'],
    ['a payload without bound fields', { other: 1 }, 'no_values'],
    ['a scalar payload', '42', 'no_values'],
    ['an unreadable timestamp', { scrap: 1, ts: 'yesterday' }, 'invalid_timestamp'],
  ])('refuses %s', (_, payload, reason) => {
    expect(decode('t/line1', payload)).toMatchObject({ ok: false, reason });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const result = decodeMqttMessage(sut.match('t/line1'), Buffer.from(bytes), RECEIVED);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeMqttMessage(sut.match('t/line1'), Buffer.from(JSON.stringify(value)), RECEIVED);
        if (result.ok) for (const s of result.samples) expect(Number.isFinite(s.ts)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
