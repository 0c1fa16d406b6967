import { parseWideCsv, readWideCsv } from '../data/wide-csv';
import { dataFile, describeWithData } from '../data/test-support/benchmark-data';
import { readFileSync } from 'fs';
import { multiplicativeSeasonalIndices } from './decomposition';
import { naive2, naive2Forecaster } from './naive.forecaster';
import { seasonalityTest } from './seasonality-test';
import { mase, maseScale, smape } from '../metrics/accuracy';
import { scoreSet } from '../metrics/set-score';

interface ReferenceRow {
  id: string;
  seasonal: boolean;
  acfM: number;
  limit: number;
  indices: number[];
  forecasts: number[];
  smape: number;
  mase: number;
  scale: number;
}

function readReference(path: string, m: number, h: number): ReferenceRow[] {
  const [, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const f = line.split(',');
    const num = (s: string): number => (s === 'NA' ? Number.NaN : Number(s));
    return {
      id: f[0],
      seasonal: f[1] === 'TRUE',
      acfM: num(f[2]),
      limit: num(f[3]),
      indices: f.slice(4, 4 + m).map(num),
      forecasts: f.slice(4 + m, 4 + m + h).map(num),
      smape: num(f[4 + m + h]),
      mase: num(f[5 + m + h]),
      scale: num(f[6 + m + h]),
    };
  });
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

describe('naive2', () => {
  it('is the last value when the series is not seasonal', () => {
    expect(naive2([1, 2, 3, 4], 3, 1)).toEqual([4, 4, 4]);
  });

  it('puts the seasonal indices back on a flat adjusted forecast', () => {
    const pattern = [0.5, 1, 1.5, 1];
    const y = Array.from({ length: 24 }, (_, t) => 100 * pattern[t % 4]);
    const sut = naive2Forecaster.forecast({ y, h: 4, m: 4 });
    sut.mean.forEach((f, i) => expect(f).toBeCloseTo(100 * pattern[i], 9));
    expect(sut.lower[95][0]).toBeLessThanOrEqual(sut.mean[0]);
  });
});

describeWithData('Naive2 against the M4 reference code on Tourism', () => {
  const cases = [
    { set: 'Monthly', m: 12, h: 24, smape: 22.932, mase: 1.854 },
    { set: 'Quarterly', m: 4, h: 8, smape: 16.992, mase: 1.81 },
  ];

  it.each(cases)(
    '$set: flag, r_m, indices, forecasts and scores match per series',
    ({ set, m, h, smape: s, mase: ms }) => {
      const train = readWideCsv(dataFile('tourism', `${set}-train.csv`));
      const test = readWideCsv(dataFile('tourism', `${set}-test.csv`));
      const reference = readReference(dataFile('tourism', `reference-Naive2-${set}.csv`), m, h);
      expect(train.map((r) => r.id)).toEqual(reference.map((r) => r.id));
      let worst = 0;
      const forecasts = train.map((series, i) => {
        const ref = reference[i];
        const sut = seasonalityTest(series.values, m);
        expect(sut.seasonal).toBe(ref.seasonal);
        if (Number.isFinite(ref.acfM))
          worst = Math.max(worst, relErr(sut.acfM, ref.acfM), relErr(sut.limit, ref.limit));
        if (ref.seasonal) {
          const indices = multiplicativeSeasonalIndices(series.values, m);
          ref.indices.forEach((v, k) => (worst = Math.max(worst, relErr(indices[k], v))));
        }
        const f = naive2(series.values, h, m);
        ref.forecasts.forEach((v, k) => (worst = Math.max(worst, relErr(f[k], v))));
        worst = Math.max(worst, relErr(maseScale(series.values, m), ref.scale));
        worst = Math.max(
          worst,
          relErr(smape(test[i].values, f), ref.smape),
          relErr(mase(series.values, test[i].values, f, m), ref.mase),
        );
        return f;
      });
      expect(worst).toBeLessThan(1e-9);
      const score = scoreSet(
        train.map((r) => r.values),
        test.map((r) => r.values),
        forecasts,
        m,
      );
      expect(score.smape.toFixed(3)).toBe(s.toFixed(3));
      expect(score.mase.toFixed(3)).toBe(ms.toFixed(3));
    },
  );
});

describeWithData('official M4 Weekly benchmark submissions', () => {
  it.each([
    { file: 'submission-Naive2-Weekly.csv', smape: '9.161', mase: '2.777' },
    { file: 'submission-SES-Weekly.csv', smape: '9.012', mase: '2.685' },
  ])('$file scores $smape / $mase', ({ file, smape: s, mase: ms }) => {
    const train = readWideCsv(dataFile('m4-weekly', 'Weekly-train.csv'));
    const test = readWideCsv(dataFile('m4-weekly', 'Weekly-test.csv'));
    const sub = parseWideCsv(readFileSync(dataFile('m4-weekly', file), 'utf8'));
    expect(sub.map((r) => r.id)).toEqual(test.map((r) => r.id));
    const sut = scoreSet(
      train.map((r) => r.values),
      test.map((r) => r.values),
      sub.map((r) => r.values.slice(0, 13)),
      1,
    );
    expect(sut.smape.toFixed(3)).toBe(s);
    expect(sut.mase.toFixed(3)).toBe(ms);
  });
});
