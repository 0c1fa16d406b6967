import type { SignalSourceDef } from '../model/signal-def.types';
import { bindingTopicFilter, topicMatches } from './binding-topics';

describe(topicMatches.name, () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', '$SYS/x', false],
    ['+/x', '$share/x', false],
    ['a/b/c', 'a/b', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe(bindingTopicFilter.name, () => {
  it.each<[string, SignalSourceDef, string | null]>([
    ['an MQTT topic as written', { kind: 'mqtt', topic: 'plant/north/line', jsonPath: '$.v' }, 'plant/north/line'],
    [
      'an MQTT topic with its selected segment filled in and the other left a wildcard',
      { kind: 'mqtt', topic: 'plant/+site/+line/t', jsonPath: '$.v', segments: { site: 'north' } },
      'plant/north/+/t',
    ],
    [
      "a Sparkplug device's messages of any type",
      { kind: 'sparkplug', group: 'g', edgeNode: 'edge1', device: 'press', metric: 'p' },
      'spBv1.0/g/+/edge1/press',
    ],
    ['a Sparkplug node metric', { kind: 'sparkplug', group: 'g', edgeNode: 'edge1', metric: 'p' }, 'spBv1.0/g/+/edge1'],
    ['OPC UA (not on MQTT)', { kind: 'opcua', server: 'opc', nodeId: 'ns=1;s=X' }, null],
    ['HTTP intake', { kind: 'http' }, null],
  ])('is for %s: %s', (_, source, filter) => {
    expect(bindingTopicFilter(source)).toBe(filter);
  });
});
