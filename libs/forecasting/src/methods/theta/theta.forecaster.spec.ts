import { SeriesBuilder } from '../test-support/series.builder';
import { thetaForecast } from './theta.forecaster';

describe(thetaForecast.name, () => {
  it('grows at half the slope of a linear series (theta = 2), from the last value', () => {
    const y = SeriesBuilder.linear(40, 5, 3);
    const sut = thetaForecast(y, 4)!;
    // SES on a line has alpha at its bound ~1, so the forecast is y_n plus half the slope per step
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(y[39] + 1.5 * (i + 1), 1));
  });

  it('is flat for a constant series', () => {
    thetaForecast(SeriesBuilder.constant(20, 7), 3)!.mean.forEach((v) => expect(v).toBeCloseTo(7, 6));
  });
});
