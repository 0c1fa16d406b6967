import { delayFigures } from './receipt-delay';

describe('delayFigures', () => {
  it('reads upper bucket edges by rank, the share within 2 s and the largest delay', () => {
    // 100 samples: 60 within 0-100 ms, 30 within 1.9-2.0 s, 9 within 2.0-2.1 s, 1 within 9.9-10.0 s
    const figures = delayFigures([
      [0, 60],
      [19, 30],
      [20, 9],
      [99, 1],
    ]);
    expect(figures).toEqual({ samples: 100, p50Ms: 100, p99Ms: 2_100, maxMs: 10_000, within2s: 0.9 });
  });

  it('counts a timestamp ahead of its receipt as no delay', () => {
    expect(
      delayFigures([
        [-1, 3],
        [0, 1],
      ]),
    ).toEqual({ samples: 4, p50Ms: 100, p99Ms: 100, maxMs: 100, within2s: 1 });
  });

  it('has no figures without samples', () => {
    expect(delayFigures([])).toEqual({ samples: 0, p50Ms: null, p99Ms: null, maxMs: null, within2s: null });
  });
});
