import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { Scenario } from './what-if.types';

const OCT = { key: '2026-10', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) };

describe(`${simulateWhatIf.name} of a band KPI`, () => {
  // the model's band is 20..24; no spread, so each probability is 0 or 1
  const model = TwinModelBuilder.model('m')
    .unit('acme')
    .addKpi(
      scoredKpi('temp', 'acme', {
        direction: 'band',
        target: undefined,
        band: { lower: 20, upper: 24 },
        formula: 'avg(s.temp, period)',
      }),
    )
    .objective('o', 'acme', 'internal_process', [['temp', 1]])
    .build();
  const run = (expected: number, scenario: Scenario, override?: { value: number; lower: number; upper: number }) =>
    simulateWhatIf(
      {
        model,
        baselines: new Map([['temp', { kpiId: 'temp', period: OCT, expected, sd: 0 }]]),
        links: [],
        targetsOverride: override && new Map([['temp', new Map([['2026-10', override]])]]),
      },
      { draws: 10, ...scenario },
    ).kpis.find((k) => k.kpiId === 'temp')!;
  const raise = (value: number): Scenario => ({ drivers: [{ kind: 'kpi', id: 'temp', change: 'absolute', value }] });

  it.each([
    // [case, expected level, driver, override, baseline meets, scenario meets]
    ['inside the model band, pushed out of it', 23, 2, undefined, 1, 0],
    ['below the model band, pushed into it', 19, 2, undefined, 0, 1],
    ['inside an overridden band 28..32, moved within it', 30, 0.5, { value: 30, lower: 28, upper: 32 }, 1, 1],
    ['inside the model band but not the overridden 28..32', 22, 0.5, { value: 30, lower: 28, upper: 32 }, 0, 0],
  ])('judges a level %s against the band in force', (_case, expected, value, override, before, after) => {
    const temp = run(expected, raise(value), override);

    expect(temp.baseline.target).toBe(override?.value ?? 22);
    expect(temp.baseline.probabilityOfMeetingTarget).toBe(before);
    expect(temp.scenario.probabilityOfMeetingTarget).toBe(after);
  });

  it('moves the band with a target driver: its width kept around the scenario middle', () => {
    // the middle 22 set to 27: the band 20..24 becomes 25..29, which 26 meets and the model's band does not
    const temp = run(26, { drivers: [{ kind: 'target', id: 'temp', change: 'set', value: 27 }] });

    expect(temp.scenario.target).toBe(27);
    expect(temp.baseline.probabilityOfMeetingTarget).toBe(0);
    expect(temp.scenario.probabilityOfMeetingTarget).toBe(1);
  });
});
