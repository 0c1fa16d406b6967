import { histogram, histogramTotals, metricValue, quantileMs, shareAtMost } from './prom-histogram';

const scrape = (counts: [string, number][]): string =>
  [
    '# HELP lag_seconds Lag',
    '# TYPE lag_seconds histogram',
    ...counts.map(([le, n]) => `lag_seconds_bucket{le="${le}"} ${n}`),
    'lag_seconds_sum 12.5',
    `lag_seconds_count ${counts[counts.length - 1][1]}`,
  ].join('\n');

// between the scrapes: 50 observations <= 10 ms, 40 in (10, 100] ms, 10 in (100, 1000] ms
const before = histogram(
  scrape([
    ['0.01', 10],
    ['0.1', 10],
    ['1', 10],
    ['+Inf', 10],
  ]),
  'lag_seconds',
);
const after = histogram(
  scrape([
    ['0.01', 60],
    ['0.1', 100],
    ['1', 110],
    ['+Inf', 110],
  ]),
  'lag_seconds',
);

describe('quantileMs', () => {
  it('reads the cumulative buckets, +Inf included', () => {
    expect([...after]).toEqual([
      [0.01, 60],
      [0.1, 100],
      [1, 110],
      [Infinity, 110],
    ]);
  });

  it('interpolates within the bucket of the rank, counting only what came between the scrapes', () => {
    // p50: rank 50 of 100 falls at the top of the first bucket, 0 + 10 ms × 50/50
    expect(quantileMs(before, after, 0.5)).toBe(10);
    // p75: rank 75, 25 into the second bucket of 40: 10 + 90 × 25/40 = 66.25 ms
    expect(quantileMs(before, after, 0.75)).toBe(66.3);
    // p99: rank 99, 9 into the third bucket of 10: 100 + 900 × 9/10 = 910 ms
    expect(quantileMs(before, after, 0.99)).toBe(910);
  });

  it('answers the highest finite bound for ranks in +Inf, and null without observations', () => {
    const overflow = histogram(
      scrape([
        ['0.01', 0],
        ['0.1', 0],
        ['1', 1],
        ['+Inf', 4],
      ]),
      'lag_seconds',
    );
    expect(quantileMs(new Map(), overflow, 0.99)).toBe(1000);
    expect(quantileMs(after, after, 0.5)).toBeNull();
  });
});

describe('shareAtMost', () => {
  it.each([
    // between the scrapes 100 observations: 50 at most 10 ms, 90 at most 0.1 s, all at most 1 s
    [0.01, 0.5],
    [0.1, 0.9],
    [1, 1],
    [Infinity, 1],
    // not a bucket bound: no exact answer
    [0.5, null],
  ])('at most %s s: %s', (bound, expected) => {
    expect(shareAtMost(before, after, bound)).toBe(expected);
  });

  it('is null without observations', () => {
    expect(shareAtMost(after, after, 1)).toBeNull();
  });
});

describe('histogramTotals', () => {
  it.each([
    ['lag_seconds', { count: 110, sum: 12.5 }],
    ['missing_seconds', { count: 0, sum: 0 }],
  ])('reads %s', (name, expected) => {
    const text = scrape([
      ['0.01', 60],
      ['+Inf', 110],
    ]);
    expect(histogramTotals(text, name)).toEqual(expected);
  });
});

describe('metricValue', () => {
  const text = [
    '# HELP bsc_samples_dropped_total Accepted samples that could not be written',
    '# TYPE bsc_samples_dropped_total counter',
    'bsc_samples_dropped_total 7',
    'bsc_samples_dropped_total_other 9',
    'bsc_mqtt_qos0_overflow_dropped_total{connector="m"} 3',
  ].join('\n');
  it.each([
    ['bsc_samples_dropped_total', 7],
    ['bsc_samples_dropped', 0],
    ['bsc_mqtt_qos0_overflow_dropped_total', 0],
    ['bsc_mqtt_qos0_overflow_dropped_total{connector="m"}', 3],
    ['bsc_mqtt_qos0_overflow_dropped_total{connector="n"}', 0],
  ])('reads %s as %d (a name matches its unlabelled line only, a labelled series as written)', (name, expected) => {
    expect(metricValue(text, name)).toBe(expected);
  });
});
