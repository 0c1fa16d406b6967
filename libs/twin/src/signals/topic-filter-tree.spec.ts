import fc from 'fast-check';
import { topicMatches } from './binding-topics';
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
