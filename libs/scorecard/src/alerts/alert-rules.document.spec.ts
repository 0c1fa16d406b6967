import { validateAlertRules } from './alert-rules.document';

describe(validateAlertRules.name, () => {
  it('accepts every kind of rule', () => {
    const rules = [
      { id: 'status', kind: 'status_change', into: ['off_target'] },
      {
        id: 'hot',
        kind: 'threshold',
        kpis: ['oven'],
        direction: 'above',
        value: 230,
        hysteresis: 5,
        severity: 'critical',
      },
      { id: 'jump', kind: 'rate_of_change', window: '1h', maxDelta: 10 },
      { id: 'quiet', kind: 'stale', after: '30m', escalateAfter: '2h' },
      { id: 'miss', kind: 'forecast', minProbability: 0.3, hysteresis: 0.05 },
      { id: 'odd', kind: 'anomaly', minScore: 0.5, hold: '15m' },
    ];

    expect(validateAlertRules({ rules })).toEqual({ rules, issues: [] });
  });

  it.each<[string, unknown, string, string | RegExp]>([
    ['a missing rules list', {}, 'rules', 'is required'],
    ['an unknown top-level field', { rules: [], rule: [] }, 'rule', 'unknown property'],
    [
      'an unknown kind',
      { rules: [{ id: 'x', kind: 'sometimes' }] },
      'rules[0].kind',
      "must be one of 'status_change', 'threshold', 'rate_of_change', 'stale', 'forecast', 'anomaly'",
    ],
    [
      'a threshold without direction',
      { rules: [{ id: 'x', kind: 'threshold', value: 1, hysteresis: 0 }] },
      'rules[0].direction',
      'is required',
    ],
    [
      'a wrong direction',
      { rules: [{ id: 'x', kind: 'threshold', direction: 'up', value: 1, hysteresis: 0 }] },
      'rules[0].direction',
      "must be one of 'above', 'below'",
    ],
    [
      'a field of another kind',
      { rules: [{ id: 'x', kind: 'stale', window: '1h' }] },
      'rules[0].window',
      'unknown property',
    ],
    [
      'a probability above 1',
      {
        rules: [
          { id: 'ok', kind: 'stale' },
          { id: 'x', kind: 'forecast', minProbability: 2 },
        ],
      },
      'rules[1].minProbability',
      'must be <= 1',
    ],
    [
      // the schema says what the value check says, so an editor flags it too
      'an anomaly minScore of 0',
      { rules: [{ id: 'x', kind: 'anomaly', minScore: 0 }] },
      'rules[0].minScore',
      'must be > 0',
    ],
    ['a malformed duration', { rules: [{ id: 'x', kind: 'stale', after: 'soon' }] }, 'rules[0].after', /must match/],
    [
      'a zero duration (a value check)',
      { rules: [{ id: 'x', kind: 'stale', after: '0m' }] },
      'rules[0].after',
      /not a positive duration/,
    ],
    [
      'a duplicate id (a value check)',
      {
        rules: [
          { id: 'x', kind: 'stale' },
          { id: 'x', kind: 'status_change' },
        ],
      },
      'rules[1].id',
      /duplicate alert rule id/,
    ],
  ])('reports %s at its path', (_name, document, path, message) => {
    const { rules, issues } = validateAlertRules(document);

    expect(rules).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues).toContainEqual({
      path,
      message: typeof message === 'string' ? message : (expect.stringMatching(message) as unknown),
    });
  });
});
