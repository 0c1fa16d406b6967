import fc from 'fast-check';
import { topicMatches } from '@bsc/twin';
import type { JsonGetter } from './json-path';
import { decodeMqttMessage, levelSelection, MqttRoutingTable, type MqttRouteDef } from './mqtt-routes';
import { compileTopic } from './mqtt-topic';
import { TopicFilterTree } from './topic-filter-tree';

describe(TopicFilterTree.name, () => {
  it('matches single-level, multi-level and exact filters, in the order they were added', () => {
    const sut = new TopicFilterTree<string>();
    for (const filter of ['a/+/c', '#', 'a/#', 'a/b/c', '+/b/+', 'a/+']) sut.add(filter, filter);
    expect(sut.match('a/b/c')).toEqual(['a/+/c', '#', 'a/#', 'a/b/c', '+/b/+']);
    // '#' also matches its parent level.
    expect(sut.match('a')).toEqual(['#', 'a/#']);
    expect(sut.match('a/x')).toEqual(['#', 'a/#', 'a/+']);
    // Topics starting with '$' are not matched by filters starting with a wildcard.
    expect(sut.match('$SYS/b/c')).toEqual([]);
  });

  it('agrees with the MQTT matching rules for any filters and topics', () => {
    const level = fc.constantFrom('a', 'b', '');
    const filterArb = fc
      .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'));
    const topicArb = fc
      .tuple(fc.boolean(), fc.array(level, { minLength: 1, maxLength: 5 }))
      .map(([sys, levels]) => (sys ? '$s/' : '') + levels.join('/'));
    fc.assert(
      fc.property(
        fc.uniqueArray(filterArb, { maxLength: 12 }),
        fc.array(topicArb, { maxLength: 8 }),
        (filters, topics) => {
          const sut = new TopicFilterTree<string>();
          for (const f of filters) sut.add(f, f);
          for (const topic of topics) expect(sut.match(topic)).toEqual(filters.filter((f) => topicMatches(f, topic)));
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });
});

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
