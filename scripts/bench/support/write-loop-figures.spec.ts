import { writeLoopFigures, writeLoopRow } from './write-loop-figures';

const scrape = (writes: number, writeS: number, rows: number, batches: number, kpiS: number): string =>
  [
    `bsc_sample_write_seconds_sum ${writeS}`,
    `bsc_sample_write_seconds_count ${writes}`,
    `bsc_sample_write_rows_sum ${rows}`,
    `bsc_sample_write_rows_count ${writes}`,
    `bsc_kpi_batch_seconds_sum ${kpiS}`,
    `bsc_kpi_batch_seconds_count ${batches}`,
  ].join('\n');

describe('writeLoopFigures', () => {
  it('takes the writes between the scrapes: means per write, busy share of the wall time', () => {
    // between: 2 writes of 9,000 rows in all taking 0.5 s, 2 KPI batches taking 0.1 s, over 1.2 s
    const figures = writeLoopFigures(scrape(3, 1, 5_000, 3, 0.25), scrape(5, 1.5, 14_000, 5, 0.35), 1_200);
    expect(figures).toEqual({ writes: 2, meanRows: 4_500, meanWriteMs: 250, meanKpiMs: 50, busy: 0.5 });
    expect(writeLoopRow(figures)).toBe('writes 2 × 4500 rows, 250 + 50 ms (busy 0.5)');
  });

  it('is all zeros without writes or metrics', () => {
    expect(writeLoopFigures('', '', 1_000)).toEqual({ writes: 0, meanRows: 0, meanWriteMs: 0, meanKpiMs: 0, busy: 0 });
  });
});
