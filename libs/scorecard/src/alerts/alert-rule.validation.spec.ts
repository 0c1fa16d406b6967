import type { AlertRuleDef } from './alert.types';
import { alertRuleIssues } from './alert-rule.validation';

describe(alertRuleIssues.name, () => {
  it('accepts the defaults and well-formed rules', () => {
    expect(
      alertRuleIssues([
        { id: 'a', kind: 'status_change', escalateAfter: '30m' },
        { id: 'b', kind: 'threshold', direction: 'above', value: 80, hysteresis: 2 },
        { id: 'c', kind: 'rate_of_change', window: '1h', maxDelta: 5 },
        { id: 'd', kind: 'stale', after: '2h' },
        { id: 'e', kind: 'forecast', minProbability: 0.5 },
      ]),
    ).toEqual([]);
  });

  it.each<[string, AlertRuleDef, string]>([
    ['bad window', { id: 'r', kind: 'rate_of_change', window: 'soon', maxDelta: 1 }, 'rules[0].window'],
    ['zero window', { id: 'r', kind: 'rate_of_change', window: '0m', maxDelta: 1 }, 'rules[0].window'],
    [
      'negative hysteresis',
      { id: 'r', kind: 'threshold', direction: 'below', value: 1, hysteresis: -1 },
      'rules[0].hysteresis',
    ],
    [
      'NaN threshold',
      { id: 'r', kind: 'threshold', direction: 'below', value: Number.NaN, hysteresis: 0 },
      'rules[0].value',
    ],
    ['probability above 1', { id: 'r', kind: 'forecast', minProbability: 1.5 }, 'rules[0].minProbability'],
    ['bad escalation delay', { id: 'r', kind: 'stale', escalateAfter: '1y' }, 'rules[0].escalateAfter'],
    ['missing id', { id: '', kind: 'stale' }, 'rules[0].id'],
  ])('reports %s', (_name, rule, path) => {
    expect(alertRuleIssues([rule]).map((i) => i.path)).toEqual([path]);
  });
});
