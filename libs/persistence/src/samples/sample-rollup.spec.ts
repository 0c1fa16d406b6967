import { openDataSource } from '../data-source/open-data-source';
import { nextChunkWidth } from './sample-rollup-fold';
import { bucketStart, rollupRows } from './sample-rollup.statements';
import { describeRollupCases } from './test-support/rollup-cases';
import { describeRollupFoldCases } from './test-support/rollup-fold-cases';
import { aSample } from '../testing/sample.builder';

describe('sample rollups on SQLite', () => {
  describeRollupCases(
    () => openDataSource({ sqlitePath: ':memory:' }),
    (ds) => ds.destroy(),
  );
});

describe('rollup fold on SQLite', () => {
  describeRollupFoldCases(
    () => openDataSource({ sqlitePath: ':memory:' }),
    (ds) => ds.destroy(),
  );
});

describe(bucketStart.name, () => {
  it.each([
    [125_000, 60_000, 120_000],
    [120_000, 60_000, 120_000],
    [-1, 60_000, -60_000],
  ])('puts %d in the %d ms bucket starting at %d', (ts, width, start) => {
    expect(bucketStart(ts, width)).toBe(start);
  });
});

describe(rollupRows.name, () => {
  const samples = [
    aSample({ signalId: 'x', ts: 60_000, value: 1 }),
    aSample({ signalId: 'x', ts: 61_000, value: 3 }),
    aSample({ signalId: 'x', ts: 62_000, value: NaN }),
  ];

  it('adds no row for samples whose minute is not folded yet', () => {
    // minute 60,000 is not before the fold watermark 60,000: its minute, hour and day come with the fold
    expect(rollupRows(samples, 60_000)).toEqual([]);
  });

  it('adds one row per signal, width and bucket for samples of a folded minute, skipping those without a number', () => {
    const rows = rollupRows(samples, 120_000);

    expect(rows.filter((r) => r.width === 60_000)).toEqual([
      {
        signalId: 'x',
        width: 60_000,
        start: 60_000,
        count: 2,
        sum: 4,
        min: 1,
        max: 3,
        firstTs: 60_000,
        first: 1,
        lastTs: 61_000,
        last: 3,
      },
    ]);
    expect(rows).toHaveLength(3);
  });
});

describe(nextChunkWidth.name, () => {
  const HOUR = 3_600_000;
  it.each([
    ['doubles after a chunk of few rows', HOUR, 99_999, 2 * HOUR],
    ['keeps a chunk within the aimed rows', HOUR, 250_000, HOUR],
    ['halves after a chunk of many rows', HOUR, 400_001, HOUR / 2],
    ['halves to whole minutes', 3 * 60_000, 1_000_000, 60_000],
    ['never under a minute', 60_000, 1_000_000, 60_000],
    ['never over 30 days', 20 * 86_400_000, 0, 30 * 86_400_000],
  ])('%s', (_, width, rows, next) => {
    expect(nextChunkWidth(width, rows)).toBe(next);
  });
});
