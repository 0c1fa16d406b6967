import fc from 'fast-check';
import { ingestionTestModel } from '@bsc/twin';
import { buildMqttRoutes, decodeMqttMessage, parseTimestamp } from './mqtt-routes';

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

  it('passes a present value of the wrong type on to the pipeline, which judges it', () => {
    expect(decode('t/line1', { scrap: 'many', ts: RECEIVED })).toMatchObject({
      ok: true,
      samples: [{ signalId: 'line1.scrap', value: 'many' }],
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

describe(parseTimestamp.name, () => {
  it.each([
    [1_700_000_000_000, 1_700_000_000_000],
    ['1700000000000', 1_700_000_000_000],
    ['2026-11-22T11:00:00.000Z', Date.UTC(2026, 10, 22, 11)],
    ['2026-11-22T12:00:00+01:00', Date.UTC(2026, 10, 22, 11)],
    [undefined, undefined],
    ['Nov 5', null],
    [Number.NaN, null],
    [{}, null],
  ])('reads %p as %p', (raw, expected) => {
    expect(parseTimestamp(raw)).toEqual(expected);
  });
});
