import type { JsonGetter } from './json-path';
import { decodeMqttMessage, levelSelection, MqttRoutingTable, type MqttRouteDef } from './mqtt-routes';
import { compileTopic } from './mqtt-topic';

describe(`${MqttRoutingTable.name} with many wildcard routes`, () => {
  it('a message costs the bindings of the routes it matches, not every binding behind a wildcard', () => {
    // 10,000 lines, each with its own binding under a named site wildcard: plant/+site/line/L<i>/telemetry.
    let reads = 0;
    const counting: JsonGetter = (record) => {
      reads++;
      return (record as { v?: unknown }).v;
    };
    const routes: MqttRouteDef[] = [];
    for (let i = 0; i < 10_000; i++) {
      routes.push({
        pattern: compileTopic(`plant/+site/line/L${i}/telemetry`),
        bindings: [{ binding: { signalId: `L${i}.v`, value: counting }, selection: { levels: [], values: [] } }],
      });
    }
    const sut = new MqttRoutingTable(routes);

    const matched = sut.match('plant/north/line/L42/telemetry');
    const decoded = decodeMqttMessage(matched, Buffer.from('{"v": 7}'), 0);

    expect(matched.map((r) => r.pattern.source)).toEqual(['plant/+site/line/L42/telemetry']);
    expect(decoded).toEqual({ ok: true, samples: [expect.objectContaining({ signalId: 'L42.v', value: 7 })] });
    expect(reads).toBe(1);
    expect(sut.match('plant/north/line/L10000/telemetry')).toEqual([]);
  });

  it('named segments select the signal: one wildcard filter, a message reads only the bindings it selects', () => {
    // One filter plant/+site/line/+line/telemetry for 10,000 lines, each signal selecting its line's level.
    let reads = 0;
    const counting: JsonGetter = (record) => {
      reads++;
      return (record as { v?: unknown }).v;
    };
    const pattern = compileTopic('plant/+site/line/+line/telemetry');
    const bindings: MqttRouteDef['bindings'] = [];
    for (let i = 0; i < 10_000; i++)
      bindings.push({
        binding: { signalId: `L${i}.v`, value: counting },
        selection: levelSelection(pattern, { line: `L${i}` }),
      });
    bindings.push({
      binding: { signalId: 'north.L42.v', value: counting },
      selection: levelSelection(pattern, { site: 'north', line: 'L42' }),
    });
    const sut = new MqttRoutingTable([{ pattern, bindings }]);

    const decoded = decodeMqttMessage(sut.match('plant/north/line/L42/telemetry'), Buffer.from('{"v": 7}'), 0);

    expect(sut.filters()).toEqual(['plant/+/line/+/telemetry']);
    expect(decoded).toEqual({
      ok: true,
      samples: [
        expect.objectContaining({ signalId: 'L42.v', value: 7 }),
        expect.objectContaining({ signalId: 'north.L42.v', value: 7 }),
      ],
    });
    expect(reads).toBe(2);
    expect(sut.match('plant/south/line/L42/telemetry')[0].bindings.map((b) => b.signalId)).toEqual(['L42.v']);
    expect(sut.match('plant/north/line/L10000/telemetry')).toEqual([]);
  });
});
