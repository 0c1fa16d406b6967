import { histogramTotals } from './prom-histogram';

/**
 * The ingestion's write loop between two /metrics scrapes: database writes (count, mean rows, mean ms) and the KPI
 * engine's work on each stored batch (mean ms); `busy` is their sum over the wall time, the share of it the single
 * writer was occupied (near 1: the backlog forms before the write, and the lag grows with it).
 */
export interface WriteLoopFigures {
  writes: number;
  meanRows: number;
  meanWriteMs: number;
  meanKpiMs: number;
  busy: number;
}

export function writeLoopFigures(before: string, after: string, wallMs: number): WriteLoopFigures {
  const delta = (name: string) => {
    const [b, a] = [histogramTotals(before, name), histogramTotals(after, name)];
    return { count: a.count - b.count, sum: a.sum - b.sum };
  };
  const [write, rows, kpi] = ['bsc_sample_write_seconds', 'bsc_sample_write_rows', 'bsc_kpi_batch_seconds'].map(delta);
  // one decimal
  const mean = (sum: number, count: number, scale: number) => (count > 0 ? Math.round((sum / count) * scale) / 10 : 0);
  return {
    writes: write.count,
    meanRows: mean(rows.sum, rows.count, 10),
    meanWriteMs: mean(write.sum, write.count, 10_000),
    meanKpiMs: mean(kpi.sum, kpi.count, 10_000),
    busy: wallMs > 0 ? Math.round(((write.sum + kpi.sum) * 1000 * 100) / wallMs) / 100 : 0,
  };
}

export function writeLoopRow(f: WriteLoopFigures): string {
  return `writes ${f.writes} × ${f.meanRows} rows, ${f.meanWriteMs} + ${f.meanKpiMs} ms (busy ${f.busy})`;
}
