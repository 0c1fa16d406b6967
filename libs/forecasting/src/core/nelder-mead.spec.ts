import { nelderMead } from './nelder-mead';

describe(nelderMead.name, () => {
  it('finds the minimum of a shifted quadratic', () => {
    const sut = nelderMead((x) => (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2, [0, 0], {
      relTol: 1e-14,
      maxEvaluations: 2000,
    });
    expect(sut.x[0]).toBeCloseTo(3, 4);
    expect(sut.x[1]).toBeCloseTo(-1, 4);
  });

  it('minimises Rosenbrock and respects an infeasible region returning Infinity', () => {
    const rosen = (x: readonly number[]): number =>
      x[0] < 0 ? Infinity : 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const sut = nelderMead(rosen, [0.5, 0.5], { relTol: 1e-16, maxEvaluations: 5000 });
    expect(sut.x[0]).toBeCloseTo(1, 2);
    expect(sut.value).toBeLessThan(1e-6);
  });
});
