import type { DataSource } from 'typeorm';
import { quantileMs, shareAtMost } from './prom-histogram';

/** Width of the buckets the delays are counted in. */
const BUCKET_MS = 100;
/** The delay the share is counted within (s). */
const WITHIN_S = 2;

/** How long stored samples waited between their timestamp and their receipt by the ingestion. */
export interface ReceiptDelay {
  samples: number;
  /** The median and the 99th percentile, interpolated in their 100 ms bucket; the largest delay's upper edge. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Share received within 2 s of its timestamp. */
  within2s: number | null;
}

/**
 * The delay from each stored sample's timestamp to its receipt (`received_at`), for samples stamped at or after
 * `fromTs`. When the publisher stamps each sample as it publishes it, this is the time a message waited before the
 * ingestion read it: in the broker's queue when the ingestion falls behind, which its own receipt → KPI lag cannot see.
 */
export async function receiptDelay(dataSource: DataSource, fromTs: number): Promise<ReceiptDelay> {
  if (!Number.isSafeInteger(fromTs)) throw new Error(`not a timestamp: ${fromTs}`);
  // integer division on both drivers (bigint columns): a bucket index per row, counted in the database
  const rows: Array<{ bucket: string | number; n: string | number }> = await dataSource.query(
    `SELECT (received_at - ts) / ${BUCKET_MS} AS bucket, COUNT(*) AS n FROM signal_sample WHERE ts >= ${fromTs} GROUP BY 1`,
  );
  return delayFigures(rows.map((r) => [Number(r.bucket), Number(r.n)]));
}

/**
 * The figures of [bucket index, count] pairs (a negative index, a timestamp after its receipt, counts as 0), read as
 * a cumulative histogram so the quantiles are interpolated in their bucket as the lag histograms' are.
 */
export function delayFigures(buckets: ReadonlyArray<readonly [number, number]>): ReceiptDelay {
  const counts = new Map<number, number>();
  for (const [bucket, n] of buckets) counts.set(Math.max(0, bucket), (counts.get(Math.max(0, bucket)) ?? 0) + n);
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const samples = sorted.reduce((s, [, n]) => s + n, 0);
  if (samples === 0) return { samples, p50Ms: null, p99Ms: null, maxMs: null, within2s: null };
  // bounds in seconds at both edges of each bucket that holds samples, so an empty stretch between two holds none
  const cumulative = new Map<number, number>();
  let seen = 0;
  for (const [bucket, n] of sorted) {
    cumulative.set((bucket * BUCKET_MS) / 1000, seen);
    cumulative.set(((bucket + 1) * BUCKET_MS) / 1000, (seen += n));
  }
  cumulative.set(WITHIN_S, countAtMost(sorted, WITHIN_S * 1000));
  cumulative.set(Infinity, samples);
  const none = new Map<number, number>();
  return {
    samples,
    p50Ms: quantileMs(none, cumulative, 0.5),
    p99Ms: quantileMs(none, cumulative, 0.99),
    maxMs: (sorted[sorted.length - 1][0] + 1) * BUCKET_MS,
    within2s: shareAtMost(none, cumulative, WITHIN_S),
  };
}

/** Samples in the buckets that end by `ms`. */
function countAtMost(sorted: ReadonlyArray<readonly [number, number]>, ms: number): number {
  return sorted.filter(([bucket]) => (bucket + 1) * BUCKET_MS <= ms).reduce((s, [, n]) => s + n, 0);
}
