import { JOIN_LEVEL, SeriesValidationErrors, describeJoin, errorsBySeries, judgeJoin } from './global-join-rule';

/** A series where the method scores sMAPE 10, MASE 1 and the blend `smape`, `mase`. */
const series = (smape: number, mase: number): SeriesValidationErrors => ({
  method: { smape: 10, mase: 1 },
  blend: { smape, mase },
});
const batch = (...groups: [count: number, smape: number, mase: number][]): SeriesValidationErrors[] =>
  groups.flatMap(([count, smape, mase]) => Array.from({ length: count }, () => series(smape, mase)));

describe(judgeJoin.name, () => {
  it('fixes the level at the conventional 5 %', () => {
    expect(JOIN_LEVEL).toBe(0.05);
  });

  it.each([
    {
      // method means: sMAPE 10, MASE 1. Better series: d = ½(−1/10 − 0.1/1) = −0.1; worse: +0.1.
      // blend sMAPE mean (8·9 + 2·11)/10 = 9.4, MASE 0.94: ratio 0.94 = 1 + mean(d) = 1 + (−0.8 + 0.2)/10;
      // sign test 8 of 10: p = (45 + 10 + 1)/1024 = 56/1024 = 0.0547 ≥ 0.05: a 6 % edge on 10 series does not join
      name: '8 of 10 better',
      ties: 0,
      errors: batch([8, 9, 0.9], [2, 11, 1.1]),
      ratio: 0.94,
      better: 8,
      p: 56 / 1024,
      joined: false,
    },
    {
      // 9 better, 1 worse: sMAPE mean (81 + 11)/10 = 9.2, MASE 0.92, ratio 0.92; p = (10 + 1)/1024 = 0.0107
      name: '9 of 10 better',
      ties: 0,
      errors: batch([9, 9, 0.9], [1, 11, 1.1]),
      ratio: 0.92,
      better: 9,
      p: 11 / 1024,
      joined: true,
    },
    {
      // 9 slightly better (9.9, 0.99), one far worse (30, 3): sMAPE mean (89.1 + 30)/10 = 11.91, MASE 1.191,
      // ratio 1.191: the test alone would join (p = 11/1024) but the mean, the M4 criterion itself, is worse
      name: 'most better, the mean worse',
      ties: 0,
      errors: batch([9, 9.9, 0.99], [1, 30, 3]),
      ratio: 1.191,
      better: 9,
      p: 11 / 1024,
      joined: false,
    },
    {
      // sMAPE better and MASE worse by the same share (binary-exact): d = ½(−2.5/10 + 0.25/1) = 0 on every
      // series, all ties; ratio ½(0.75 + 1.25) = 1, and no evidence (p = 1)
      name: 'a wash',
      errors: batch([10, 7.5, 1.25]),
      ratio: 1,
      better: 0,
      ties: 10,
      p: 1,
      joined: false,
    },
  ])('$name: ratio $ratio, p $p, joined $joined', ({ errors, ratio, better, ties, p, joined }) => {
    const sut = judgeJoin(errors)!;
    expect(sut.ratio).toBeCloseTo(ratio, 12);
    expect(sut.test.better).toBe(better);
    expect(sut.test.ties).toBe(ties);
    expect(sut.test.better + sut.test.worse + sut.test.ties).toBe(errors.length);
    expect(sut.test.pValue).toBeCloseTo(p, 12);
    expect(sut.joined).toBe(joined);
    expect(sut.series).toBe(errors.length);
  });

  it('weighs sMAPE and MASE by the method means: a series counts by its share of the criterion', () => {
    // method means sMAPE (10 + 30)/2 = 20, MASE (1 + 1)/2 = 1. Series A: sMAPE 10 → 8, MASE 1 → 1.2:
    // d = ½(−2/20 + 0.2/1) = +0.05 (worse, although its own sMAPE fell by a fifth). Series B: 30 → 30, 1 → 0.9:
    // d = ½(0 − 0.1) = −0.05. One better, one worse: p = P(X ≥ 1), X ~ Bin(2, ½) = 3/4.
    const sut = judgeJoin([
      { method: { smape: 10, mase: 1 }, blend: { smape: 8, mase: 1.2 } },
      { method: { smape: 30, mase: 1 }, blend: { smape: 30, mase: 0.9 } },
    ])!;
    expect(sut.test).toEqual({ better: 1, worse: 1, ties: 0, pValue: expect.any(Number) as number });
    expect(sut.test.pValue).toBeCloseTo(3 / 4, 12);
    // ratio ½(38/40 + 2.1/2) = ½(0.95 + 1.05) = 1
    expect(sut.ratio).toBeCloseTo(1, 12);
  });

  it('does not join when there is nothing to validate on, or the method made no error', () => {
    expect(judgeJoin([])).toBeUndefined();
    const perfect = judgeJoin([{ method: { smape: 0, mase: 0 }, blend: { smape: 1, mase: 0.1 } }])!;
    expect(perfect.joined).toBe(false);
    expect(perfect.ratio).toBe(Infinity);
  });

  it('says why in one line', () => {
    const sut = judgeJoin(batch([8, 9, 0.9], [2, 11, 1.1]))!;
    expect(describeJoin(sut)).toBe(
      'blend/method on validation windows: 0.940 (10 series); blend better on 8, worse on 2: ' +
        'one-sided sign test p = 0.0547 (does not join at 5 %)',
    );
  });
});

describe(errorsBySeries.name, () => {
  it("averages each series' windows, so a series is one paired unit whatever its window count", () => {
    // series 4: windows sMAPE 10 and 20 → 15, MASE 1 and 2 → 1.5; blend 12 and 12 → 12, 0.5 and 1.5 → 1.
    // series 2: one window, kept as it is. Order: series 4 came first.
    expect(
      errorsBySeries([
        { series: 4, method: { smape: 10, mase: 1 }, blend: { smape: 12, mase: 0.5 } },
        { series: 2, method: { smape: 30, mase: 3 }, blend: { smape: 27, mase: 2.7 } },
        { series: 4, method: { smape: 20, mase: 2 }, blend: { smape: 12, mase: 1.5 } },
      ]),
    ).toEqual([
      { method: { smape: 15, mase: 1.5 }, blend: { smape: 12, mase: 1 } },
      { method: { smape: 30, mase: 3 }, blend: { smape: 27, mase: 2.7 } },
    ]);
  });

  it('can turn a window-level majority into a series-level tie', () => {
    // series 1: windows worse (10 → 11) and better (10 → 5): mean 10 → 8, better. series 2: one window worse
    // (10 → 12). Per window 1 better, 2 worse; per series 1 better, 1 worse: p = P(X ≥ 1), X ~ Bin(2, ½) = 3/4.
    const sut = judgeJoin(
      errorsBySeries([
        { series: 1, method: { smape: 10, mase: 1 }, blend: { smape: 11, mase: 1.1 } },
        { series: 1, method: { smape: 10, mase: 1 }, blend: { smape: 5, mase: 0.5 } },
        { series: 2, method: { smape: 10, mase: 1 }, blend: { smape: 12, mase: 1.2 } },
      ]),
    )!;
    expect(sut.series).toBe(2);
    expect(sut.test).toEqual({ better: 1, worse: 1, ties: 0, pValue: 0.75 });
  });
});
