import { SeriesBuilder } from '../test-support/series.builder';
import { THETA_GRID, optimisedThetaForecast } from './optimised-theta';

describe(optimisedThetaForecast.name, () => {
  it('picks the largest theta for a clean line (most weight on the trend) and follows it', () => {
    const y = SeriesBuilder.linear(40, 5, 3);
    const sut = optimisedThetaForecast(y, 4)!;
    expect(sut.theta).toBe(THETA_GRID[THETA_GRID.length - 1]);
    // SES of the theta line ends at y_n (alpha at its bound); the trend carries the weight 1 - 1/θ
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(y[39] + 3 * (1 - 1 / sut.theta) * (i + 1), 2));
  });

  it('stays within the grid and is flat on a constant series', () => {
    const sut = optimisedThetaForecast(SeriesBuilder.constant(30, 12), 3)!;
    expect(THETA_GRID).toContain(sut.theta);
    sut.mean.forEach((v) => expect(v).toBeCloseTo(12, 6));
  });
});
