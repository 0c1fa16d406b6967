import { delayFigures } from './receipt-delay';

describe('delayFigures', () => {
  it('interpolates the quantiles in their bucket, counts the share within 2 s and the largest delay', () => {
    // 100 samples: 60 within 0-100 ms, 30 within 1.9-2.0 s, 9 within 2.0-2.1 s, 1 within 9.9-10.0 s.
    // rank 50 is the 50th of the 60 in 0-100 ms: 100 * 50 / 60 = 83.3 ms; rank 99 is the last of the 9 in 2.0-2.1 s,
    // and the empty 0.1-1.9 s holds none of the ranks
    const figures = delayFigures([
      [0, 60],
      [19, 30],
      [20, 9],
      [99, 1],
    ]);
    expect(figures).toEqual({ samples: 100, p50Ms: 83.3, p99Ms: 2_100, maxMs: 10_000, within2s: 0.9 });
  });

  it('counts a timestamp ahead of its receipt as no delay', () => {
    // 4 samples in 0-100 ms: rank 2 at 50 ms, rank 3.96 at 99 ms
    expect(
      delayFigures([
        [-1, 3],
        [0, 1],
      ]),
    ).toEqual({ samples: 4, p50Ms: 50, p99Ms: 99, maxMs: 100, within2s: 1 });
  });

  it('interpolates inside a bucket past an empty stretch, not across it', () => {
    // 10 samples in 0.5-0.6 s only: the median is the 5th of them, 500 + 100 * 5 / 10 = 550 ms
    expect(delayFigures([[5, 10]])).toEqual({ samples: 10, p50Ms: 550, p99Ms: 599, maxMs: 600, within2s: 1 });
  });

  it('has no figures without samples', () => {
    expect(delayFigures([])).toEqual({ samples: 0, p50Ms: null, p99Ms: null, maxMs: null, within2s: null });
  });
});
