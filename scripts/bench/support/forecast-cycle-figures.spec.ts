import { forecastCycleFigures } from './forecast-cycle-figures';

describe('forecastCycleFigures', () => {
  it('reads the cycles that ended between two scrapes, by outcome, their seconds and the samples they fed', () => {
    const before = [
      'bsc_forecast_cycle_seconds_sum{outcome="ok"} 12.5',
      'bsc_forecast_cycle_seconds_count{outcome="ok"} 1',
      'bsc_forecast_daily_samples_fed_total 1000',
    ].join('\n');
    const after = [
      'bsc_forecast_cycle_seconds_sum{outcome="ok"} 52.75',
      'bsc_forecast_cycle_seconds_count{outcome="ok"} 3',
      'bsc_forecast_cycle_seconds_sum{outcome="failed"} 2',
      'bsc_forecast_cycle_seconds_count{outcome="failed"} 1',
      'bsc_forecast_daily_samples_fed_total 250000',
    ].join('\n');
    // two more good cycles (40.25 s) and a failed one (2 s): 42.25 s, shown to a tenth
    expect(forecastCycleFigures(before, after)).toEqual({
      completed: 2,
      failed: 1,
      seconds: 42.3,
      samplesFed: 249_000,
    });
  });

  it('has none without the metrics (an API of an earlier build, or no cycle yet)', () => {
    expect(forecastCycleFigures('', '')).toEqual({ completed: 0, failed: 0, seconds: 0, samplesFed: 0 });
  });
});
