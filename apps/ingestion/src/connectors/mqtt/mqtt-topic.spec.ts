import { compileTopic, sharedFilter } from './mqtt-topic';

describe(compileTopic.name, () => {
  it.each([
    ['acme/line1/telemetry', 'acme/line1/telemetry', [], false],
    ['acme/+site/line/+line/telemetry', 'acme/+/line/+/telemetry', ['site', 'line'], true],
    ['acme/+/x', 'acme/+/x', [''], true],
    ['acme/#', 'acme/#', [], true],
  ])('compiles %s to the wire filter %s', (topic, filter, names, wildcard) => {
    expect(compileTopic(topic)).toEqual({ source: topic, filter, names, wildcard });
  });

  it.each(['acme/#/x', 'acme/li+ne', 'acme/x#', 'acme/#line'])('refuses the malformed topic %s', (topic) => {
    expect(() => compileTopic(topic)).toThrow();
  });
});

describe(sharedFilter.name, () => {
  it('prefixes the share group when one is set', () => {
    expect(sharedFilter('a/+', 'ingest')).toBe('$share/ingest/a/+');
    expect(sharedFilter('a/+', undefined)).toBe('a/+');
  });
});
