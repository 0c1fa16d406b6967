import { FORECAST_METHODS, defaultForecaster, getForecaster } from './forecast-methods';
import { QUARTER_PATTERN, SeriesBuilder } from './test-support/series.builder';

const noise = SeriesBuilder.noise(48, 2);
const SEASONAL = SeriesBuilder.seasonal(48, 100, QUARTER_PATTERN).map((v, t) => v + 0.5 * t + noise[t]);

describe('forecast methods registry', () => {
  it('lists the default first and rejects unknown names with the valid ones', () => {
    expect(FORECAST_METHODS[0]).toBe(defaultForecaster.name);
    expect(() => getForecaster('oracle')).toThrow(/unknown forecasting method "oracle"; valid: ensemble, /);
  });

  it.each(FORECAST_METHODS.map((name) => [name]))('%s returns h finite forecasts inside nested intervals', (name) => {
    const sut = getForecaster(name).forecast({ y: SEASONAL, h: 8, m: 4, levels: [80, 95] });
    expect(sut.mean).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      expect(Number.isFinite(sut.mean[i])).toBe(true);
      expect(sut.lower[95][i]).toBeLessThanOrEqual(sut.lower[80][i]);
      expect(sut.lower[80][i]).toBeLessThanOrEqual(sut.mean[i]);
      expect(sut.upper[80][i]).toBeGreaterThanOrEqual(sut.mean[i]);
      expect(sut.upper[95][i]).toBeGreaterThanOrEqual(sut.upper[80][i]);
    }
  });

  it('the default follows the seasonal pattern and provides per-step sigma', () => {
    const sut = defaultForecaster.forecast({ y: SEASONAL, h: 4, m: 4 });
    const peak = sut.mean.indexOf(Math.max(...sut.mean));
    expect(peak).toBe(2); // step 48 + 2 is the 1.3 quarter
    expect(sut.sigma).toHaveLength(4);
    expect(sut.sigma!.every((s) => s > 0)).toBe(true);
  });

  it('handles a short series and a constant one without throwing', () => {
    expect(defaultForecaster.forecast({ y: [5, 6], h: 3, m: 12 }).mean).toHaveLength(3);
    defaultForecaster
      .forecast({ y: SeriesBuilder.constant(30, 9), h: 3, m: 1 })
      .mean.forEach((v) => expect(v).toBeCloseTo(9, 6));
  });

  it('rejects invalid input', () => {
    expect(() => defaultForecaster.forecast({ y: [1, Number.NaN], h: 2, m: 1 })).toThrow(/non-finite/);
    expect(() => defaultForecaster.forecast({ y: [1, 2], h: 0, m: 1 })).toThrow(/horizon/);
  });
});

describe('forecastFromOrigins of the default and its pool', () => {
  // the one fit run to the series' end is the fit itself: the same points as forecast()
  const y = SeriesBuilder.seasonal(72, 100, [0.8, 1.1, 1.3, 0.8, 1, 1, 0.9, 1.2, 1.1, 0.9, 1, 0.9]).map(
    (v, t) => v + 10 * Math.sin(t / 5) + SeriesBuilder.noise(72, 3)[t],
  );

  it.each([
    ['ensemble', 12],
    ['ensemble-mean3', 12],
    ['ensemble', 1],
    ['arima', 1],
    ['otheta', 12],
  ])('%s (m = %i): from the last point equals forecast()', (name, m) => {
    const sut = getForecaster(name);
    const [atEnd] = sut.forecastFromOrigins!({ y, h: 6, m }, [y.length]);
    sut.forecast({ y, h: 6, m }).mean.forEach((v, i) => expect(atEnd.mean[i]).toBeCloseTo(v, 8));
  });
});
