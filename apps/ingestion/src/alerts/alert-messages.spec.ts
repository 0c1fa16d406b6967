import type { Alert } from '@bsc/scorecard';
import { alertMessage, fmt } from './alert-messages';
import type { KpiState } from './kpi-observation-tracker';
import { alertTestModel } from './testing/alert-test-model';

const quality = alertTestModel().kpis.find((k) => k.id === 'quality');

function anAlert(kind: Alert['kind'], status: Alert['status']): Alert {
  return {
    id: 'a',
    dedupKey: `${kind}|quality|plant`,
    rule: kind,
    kind,
    kpiId: 'quality',
    unitId: 'plant',
    severity: 'warning',
    status,
    message: 'evaluator message',
    raisedAt: 0,
    escalationLevel: 0,
  };
}

function aState(probability: number | null, status: 'on_target' | 'off_target' = 'on_target'): KpiState {
  return {
    periodKey: '2026-11',
    periodStart: 0,
    value: 94.5,
    target: 95,
    observation: { kpiId: 'quality', at: 0, value: 94.5, status, target: 95 },
    forecast: probability === null ? null : { kpiId: 'quality', periodKey: '2026-11', expected: 91.25, probability },
  };
}

describe(alertMessage.name, () => {
  it.each<[string, Alert['kind'], Alert['status'], KpiState | undefined, string]>([
    [
      'a forecast miss names the period target',
      'forecast',
      'open',
      aState(0.25),
      'First-pass quality is likely to miss its 2026-11 target of 95 %: 25 % probability of meeting it, expected 91.25 % at period end',
    ],
    [
      'a cleared forecast says it is back on course',
      'forecast',
      'resolved',
      aState(0.6),
      'First-pass quality is back on course for its 2026-11 target of 95 %: 60 % probability of meeting it',
    ],
    [
      'a cleared status says where the KPI is now',
      'status_change',
      'resolved',
      aState(null),
      'First-pass quality is on target again (value 94.5, target 95)',
    ],
    ['other cleared rules', 'threshold', 'resolved', aState(null), 'Cleared: evaluator message'],
    [
      'an open status alert gives value and target with their unit',
      'status_change',
      'open',
      aState(null, 'off_target'),
      'First-pass quality is off target: 94.5 % against a target of 95 %',
    ],
    ['other open alerts keep the evaluator wording', 'threshold', 'open', aState(null), 'evaluator message'],
    ['unknown state', 'forecast', 'open', undefined, 'evaluator message'],
  ])('%s', (_name, kind, status, state, expected) => {
    expect(alertMessage(anAlert(kind, status), quality, state)).toBe(expected);
  });
});

describe(fmt.name, () => {
  it.each([
    [0.05010488, '0.0501'],
    [0.048, '0.048'],
    [74.62742944, '74.63'],
    [95, '95'],
    [9671566.4, '9671566'],
    [-1234.6, '-1235'],
  ])('%p -> %p', (x, text) => {
    expect(fmt(x)).toBe(text);
  });
});
