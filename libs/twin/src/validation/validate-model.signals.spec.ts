import {
  type AcceptedCase,
  itAcceptsEach,
  itReportsEach,
  type RefusedCase,
  validateMinimal,
} from './test-support/validation-cases';
import { validateModel, type ValidationResult } from './validate-model';

const REFUSED: RefusedCase[] = [
  // structure
  {
    rule: 'formula id syntax',
    mutate: (b) => b.set('signals[0].id', 'line-1.good'),
    path: 'signals[0].id',
    message: /usable in formulas/,
  },
  {
    rule: 'two source kinds',
    mutate: (b) => b.set('signals[2].source', { http: {}, manual: {} }),
    path: 'signals[2].source',
    message: /exactly one of/,
  },
  {
    rule: 'unknown source kind',
    mutate: (b) => b.set('signals[2].source', 'ftp'),
    path: 'signals[2].source',
    message: "must be one of 'http', 'manual'",
  },
  {
    rule: 'source body',
    mutate: (b) => b.set('signals[0].source.opcua.nodeId', undefined),
    path: 'signals[0].source.opcua.nodeId',
    message: 'is required',
  },
  {
    rule: 'signal kind',
    mutate: (b) => b.set('signals[1].kind', 'level'),
    path: 'signals[1].kind',
    message: /must be one of 'gauge', 'counter', 'amount', 'event'/,
  },
  {
    rule: 'signal maxHold',
    mutate: (b) => b.set('signals[1].maxHold', 'ten minutes'),
    path: 'signals[1].maxHold',
    message: /invalid duration 'ten minutes'/,
  },
  {
    rule: 'zero signal maxHold',
    mutate: (b) => b.set('signals[1].maxHold', '0s'),
    path: 'signals[1].maxHold',
    message: 'must be longer than 0',
  },
  {
    rule: 'counter of bools',
    mutate: (b) => b.set('signals[1].dataType', 'bool').set('signals[1].kind', 'counter'),
    path: 'signals[1].kind',
    message: 'a counter must be numeric (dataType int or double, not bool)',
  },
  // references
  {
    rule: 'signal.measures',
    mutate: (b) => b.set('signals[0].measures', 'acme'),
    path: 'signals[0].measures',
    message: "'acme' is a org unit, expected asset or process",
  },
  {
    rule: 'opcua server',
    mutate: (b) => b.set('signals[0].source.opcua.server', 'plc'),
    path: 'signals[0].source.opcua.server',
    message: "unknown OPC UA server 'plc'",
  },
  // bindings
  {
    rule: 'mqtt wildcard placement',
    mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/#/line1'),
    path: 'signals[1].source.mqtt.topic',
    message: /'#' must be a whole level and the last one/,
  },
  {
    rule: 'mqtt partial + level',
    mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/line+/x'),
    path: 'signals[1].source.mqtt.topic',
    message: /'\+' must be a whole level, optionally named/,
  },
  {
    rule: 'mqtt partial plus',
    mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/line+'),
    path: 'signals[1].source.mqtt.topic',
    message: /'\+' must be a whole level/,
  },
  {
    rule: 'mqtt $SYS',
    mutate: (b) => b.set('signals[1].source.mqtt.topic', '$SYS/broker'),
    path: 'signals[1].source.mqtt.topic',
    message: /reserved/,
  },
  {
    rule: 'json path',
    mutate: (b) => b.set('signals[1].source.mqtt.jsonPath', 'scrap'),
    path: 'signals[1].source.mqtt.jsonPath',
    message: /invalid JSON path 'scrap'/,
  },
  {
    rule: 'opcua node id',
    mutate: (b) => b.set('signals[0].source.opcua.nodeId', 'Line1.Good'),
    path: 'signals[0].source.opcua.nodeId',
    message: /invalid OPC UA node id/,
  },
  {
    rule: 'duplicate OPC UA binding',
    mutate: (b) => b.set('signals[2].source', { opcua: { server: 'opc', nodeId: 'ns=1;s=Line1.Good' } }),
    path: 'signals[2].source.opcua.nodeId',
    message: "OPC UA node 'ns=1;s=Line1.Good' on 'opc' is already bound to signal 'line1.good' (signals[0])",
  },
  {
    rule: 'duplicate MQTT binding',
    mutate: (b) => b.set('signals[2].source', { mqtt: { topic: 'acme/line1', jsonPath: '$.scrap' } }),
    path: 'signals[2].source.mqtt.jsonPath',
    message: "MQTT topic 'acme/line1' at $.scrap is already bound to signal 'line1.scrap' (signals[1])",
  },
  {
    rule: 'opcua endpoint',
    mutate: (b) => b.set('opcuaServers[0].endpoint', 'http://plc'),
    path: 'opcuaServers[0].endpoint',
    message: /invalid endpoint/,
  },
  {
    rule: 'opcua security',
    mutate: (b) => b.set('opcuaServers[0].securityMode', 'Sign'),
    path: 'opcuaServers[0].securityPolicy',
    message: /does not fit policy 'None'/,
  },
  // values
  {
    rule: 'source unit convertible',
    mutate: (b) => b.set('signals[0].sourceUnit', 'kg'),
    path: 'signals[0].sourceUnit',
    message: "no conversion from 'kg' to 'units' for signal 'line1.good'",
  },
  {
    rule: 'signal range',
    mutate: (b) => b.set('signals[0].range', { min: 5, max: 1 }),
    path: 'signals[0].range',
    message: 'min (5) must not exceed max (1)',
  },
];

const ACCEPTED: AcceptedCase[] = [
  [
    'the same topic with different JSON paths',
    (b) => b.set('signals[2].source', { mqtt: { topic: 'acme/line1', jsonPath: '$.good' } }),
  ],
  ['a + wildcard level', (b) => b.set('signals[1].source.mqtt.topic', 'acme/+/line1')],
  ['a numeric OPC UA node id', (b) => b.set('signals[0].source.opcua.nodeId', 'ns=2;i=1001')],
];

describe(validateModel.name, () => {
  describe('signals and their bindings', () => {
    itReportsEach(REFUSED);

    itAcceptsEach(ACCEPTED);

    it('accepts declared signal kinds and holds, and leaves undeclared ones to the default (gauge)', () => {
      const { model, issues } = validateMinimal((b) =>
        b.set('signals[0].kind', 'amount').set('signals[1].kind', 'counter').set('signals[1].maxHold', '15m'),
      );

      expect(issues).toEqual([]);
      expect(model?.signals.map((s) => [s.kind, s.maxHold])).toEqual([
        ['amount', undefined],
        ['counter', '15m'],
        [undefined, undefined],
      ]);
    });
  });

  describe('MQTT topics with named wildcards', () => {
    const withTopic = (topic: string, segments?: Record<string, unknown>): ValidationResult =>
      validateMinimal((b) => {
        b.set('signals[1].source.mqtt.topic', topic);
        return segments ? b.set('signals[1].source.mqtt.segments', segments) : b;
      });

    it.each(['acme/+site/line1', 'acme/+/line1', 'acme/+site/+line/#'])('accepts %s', (topic) => {
      expect(withTopic(topic).issues).toEqual([]);
    });

    it('accepts segments that select values of the named levels', () => {
      expect(withTopic('acme/+site/+line/telemetry', { site: 'north', line: 'L2' }).issues).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['acme/+site/line1', { line: 'L2' }, "topic 'acme/+site/line1' has no named wildcard segment '+line'"],
      ['acme/+/line1', { site: 'north' }, "topic 'acme/+/line1' has no named wildcard segment '+site'"],
      ['acme/+site/line1', { site: 'a/b' }, "must be one topic level: non-empty, without '/', '+', '#' or NUL"],
      ['acme/+site/line1', { site: '+' }, "must be one topic level: non-empty, without '/', '+', '#' or NUL"],
    ])('refuses %s with segments %j', (topic, segments, message) => {
      const key = Object.keys(segments)[0];
      expect(withTopic(topic, segments).issues).toContainEqual({
        path: `signals[1].source.mqtt.segments.${key}`,
        message,
      });
    });

    it('lets two signals share a wildcard topic and JSON path when they select different segments', () => {
      const twoLines = (second: string): ValidationResult =>
        validateMinimal((b) =>
          b
            .set('signals[1].source.mqtt.topic', 'acme/+line/telemetry')
            .set('signals[1].source.mqtt.segments', { line: 'L1' })
            .push('signals', {
              id: 'line2.scrap',
              name: 'Scrap count, line 2',
              unit: 'units',
              source: { mqtt: { topic: 'acme/+line/telemetry', jsonPath: '$.scrap', segments: { line: second } } },
            }),
        );
      expect(twoLines('L2').issues).toEqual([]);
      expect(twoLines('L1').issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/MQTT topic 'acme\/\+line\/telemetry' \(line=L1\) at \$\.scrap is already bound/),
      ]);
    });

    it.each<[string, string, Record<string, string> | undefined, string, boolean]>([
      // [case, second topic, its segments, its JSON path, refused]: the first reads acme/+line/telemetry, line L1
      ['another name selecting the same level', 'acme/+cell/telemetry', { cell: 'L1' }, '$.scrap', true],
      ['the literal level', 'acme/L1/telemetry', undefined, '$.scrap', true],
      ['another name selecting another value', 'acme/+cell/telemetry', { cell: 'L2' }, '$.scrap', false],
      ['the same messages at another path', 'acme/+cell/telemetry', { cell: 'L1' }, '$.good', false],
    ])('judges a second binding by the messages it reads: %s', (_case, topic, segments, jsonPath, refused) => {
      const result = validateMinimal((b) =>
        b
          .set('signals[1].source.mqtt.topic', 'acme/+line/telemetry')
          .set('signals[1].source.mqtt.segments', { line: 'L1' })
          .push('signals', {
            id: 'line1.scrap2',
            name: 'Scrap count again',
            unit: 'units',
            source: { mqtt: { topic, jsonPath, ...(segments && { segments }) } },
          }),
      );

      expect(result.issues.some((i) => /is already bound to signal 'line1\.scrap'/.test(i.message))).toBe(refused);
    });
  });
});
