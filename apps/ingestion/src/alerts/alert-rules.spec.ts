import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KpiDef } from '@bsc/twin';
import { alertRulesFromConfig, rulesForModel, RUNTIME_DEFAULT_ALERT_RULES } from './alert-rules';

describe(alertRulesFromConfig.name, () => {
  it.each([undefined, '', '  '])('uses the defaults (status, stale, forecast < 0.3) for %p', (text) => {
    expect(alertRulesFromConfig({ ALERT_RULES: text })).toBe(RUNTIME_DEFAULT_ALERT_RULES);
    expect(RUNTIME_DEFAULT_ALERT_RULES.map((r) => r.kind)).toEqual(['status_change', 'stale', 'forecast']);
  });

  it('reads a JSON array of rules', () => {
    const rules = [{ id: 'hot', kind: 'threshold', kpis: ['oven'], direction: 'above', value: 230, hysteresis: 5 }];

    expect(alertRulesFromConfig({ ALERT_RULES: JSON.stringify(rules) })).toEqual(rules);
  });

  describe('from ALERT_RULES_FILE', () => {
    let dir: string;
    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'alert-rules-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a YAML file', () => {
      const path = file(
        'rules.yaml',
        'rules:\n  - { id: hot, kind: threshold, kpis: [oven], direction: above, value: 230, hysteresis: 5 }\n',
      );

      expect(alertRulesFromConfig({ ALERT_RULES_FILE: path })).toEqual([
        { id: 'hot', kind: 'threshold', kpis: ['oven'], direction: 'above', value: 230, hysteresis: 5 },
      ]);
    });

    it('names the file and every problem with its path', () => {
      const path = file(
        'rules.json',
        JSON.stringify({
          rules: [
            { id: 'a', kind: 'stale', after: 'soon' },
            { id: 'b', kind: 'threshold', value: 1, hysteresis: 0 },
          ],
        }),
      );

      expect(() => alertRulesFromConfig({ ALERT_RULES_FILE: path })).toThrow(
        `ALERT_RULES_FILE ${path}: invalid alert rules: rules[0].after: must match ^\\d+(ms|s|m|h|d|w)$; rules[1].direction: is required`,
      );
    });

    it('refuses both sources at once and an unreadable file', () => {
      expect(() => alertRulesFromConfig({ ALERT_RULES: '[]', ALERT_RULES_FILE: join(dir, 'x.yaml') })).toThrow(
        /set one of them, not both/,
      );
      expect(() => alertRulesFromConfig({ ALERT_RULES_FILE: join(dir, 'missing.yaml') })).toThrow(
        /ALERT_RULES_FILE .*missing\.yaml: not readable/,
      );
    });
  });

  it.each([
    ['not JSON', '[{', /ALERT_RULES: not readable/],
    ['not an array', '{"id":"x"}', /ALERT_RULES: invalid alert rules: rules: must be array/],
    ['an unknown kind', '[{"id":"x","kind":"sometimes"}]', /rules\[0\]\.kind: must be one of/],
    [
      'a threshold without direction',
      '[{"id":"x","kind":"threshold","direction":"up","value":1,"hysteresis":0}]',
      /rules\[0\]\.direction: must be one of 'above', 'below'/,
    ],
    [
      'an invalid value',
      '[{"id":"x","kind":"forecast","minProbability":2}]',
      /invalid alert rules: rules\[0\]\.minProbability: must be <= 1/,
    ],
  ])('refuses %s', (_name, text, message) => {
    expect(() => alertRulesFromConfig({ ALERT_RULES: text })).toThrow(message);
  });
});

describe(rulesForModel.name, () => {
  const kpi = (id: string, aggregation: KpiDef['aggregation'], direction: KpiDef['direction']) =>
    ({ id, aggregation, direction }) as KpiDef;
  const kpis = [
    kpi('revenue', 'sum', 'higher_is_better'),
    kpi('incidents', 'sum', 'lower_is_better'),
    kpi('oee', 'avg', 'higher_is_better'),
  ];

  it('keeps status alerts of the defaults off period-to-date sums that grow towards their target', () => {
    const rules = rulesForModel(RUNTIME_DEFAULT_ALERT_RULES, kpis);

    expect(rules.find((r) => r.kind === 'status_change')?.kpis).toEqual(['incidents', 'oee']);
    expect(rules.filter((r) => r.kind !== 'status_change')).toEqual(
      RUNTIME_DEFAULT_ALERT_RULES.filter((r) => r.kind !== 'status_change'),
    );
  });

  it('leaves configured rules as they are', () => {
    const configured = alertRulesFromConfig({ ALERT_RULES: '[{"id":"s","kind":"status_change"}]' });

    expect(rulesForModel(configured, kpis)).toBe(configured);
  });
});
