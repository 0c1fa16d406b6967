import type { KpiDef } from '@bsc/twin';
import { alertRulesFromConfig, rulesForModel, RUNTIME_DEFAULT_ALERT_RULES } from './alert-rules';

describe(alertRulesFromConfig.name, () => {
  it.each([undefined, '', '  '])('uses the defaults (status, stale, forecast < 0.3) for %p', (text) => {
    expect(alertRulesFromConfig(text)).toBe(RUNTIME_DEFAULT_ALERT_RULES);
    expect(RUNTIME_DEFAULT_ALERT_RULES.map((r) => r.kind)).toEqual(['status_change', 'stale', 'forecast']);
  });

  it('reads a JSON array of rules', () => {
    const rules = [{ id: 'hot', kind: 'threshold', kpis: ['oven'], direction: 'above', value: 230, hysteresis: 5 }];

    expect(alertRulesFromConfig(JSON.stringify(rules))).toEqual(rules);
  });

  it.each([
    ['not JSON', '[{', /ALERT_RULES: not JSON/],
    ['not an array', '{"id":"x"}', /must be a JSON array/],
    ['an unknown kind', '[{"id":"x","kind":"sometimes"}]', /rules\[0\]\.kind must be one of/],
    ['a threshold without direction', '[{"id":"x","kind":"threshold","direction":"up","value":1,"hysteresis":0}]', /rules\[0\]\.direction/],
    ['an invalid value', '[{"id":"x","kind":"forecast","minProbability":2}]', /invalid alert rules: rules\[0\]\.minProbability/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => alertRulesFromConfig(text)).toThrow(message);
  });
});

describe(rulesForModel.name, () => {
  const kpi = (id: string, aggregation: KpiDef['aggregation'], direction: KpiDef['direction']) => ({ id, aggregation, direction }) as KpiDef;
  const kpis = [kpi('revenue', 'sum', 'higher_is_better'), kpi('incidents', 'sum', 'lower_is_better'), kpi('oee', 'avg', 'higher_is_better')];

  it('keeps status alerts of the defaults off period-to-date sums that grow towards their target', () => {
    const rules = rulesForModel(RUNTIME_DEFAULT_ALERT_RULES, kpis);

    expect(rules.find((r) => r.kind === 'status_change')?.kpis).toEqual(['incidents', 'oee']);
    expect(rules.filter((r) => r.kind !== 'status_change')).toEqual(RUNTIME_DEFAULT_ALERT_RULES.filter((r) => r.kind !== 'status_change'));
  });

  it('leaves configured rules as they are', () => {
    const configured = alertRulesFromConfig('[{"id":"s","kind":"status_change"}]');

    expect(rulesForModel(configured, kpis)).toBe(configured);
  });
});
