import type { DataSource } from 'typeorm';

/** Width of the buckets the delays are counted in. */
const BUCKET_MS = 100;

/** How long stored samples waited between their timestamp and their receipt by the ingestion. */
export interface ReceiptDelay {
  samples: number;
  /** Upper edges of the 100 ms buckets holding the median and the 99th percentile. */
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

/** The figures of [bucket index, count] pairs (a negative index, a timestamp after its receipt, counts as 0). */
export function delayFigures(buckets: ReadonlyArray<readonly [number, number]>): ReceiptDelay {
  const counts = new Map<number, number>();
  for (const [bucket, n] of buckets) counts.set(Math.max(0, bucket), (counts.get(Math.max(0, bucket)) ?? 0) + n);
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const samples = sorted.reduce((s, [, n]) => s + n, 0);
  if (samples === 0) return { samples, p50Ms: null, p99Ms: null, maxMs: null, within2s: null };
  const edge = (q: number): number => {
    let seen = 0;
    for (const [bucket, n] of sorted) if ((seen += n) >= q * samples) return (bucket + 1) * BUCKET_MS;
    return (sorted[sorted.length - 1][0] + 1) * BUCKET_MS;
  };
  const within = sorted.filter(([bucket]) => (bucket + 1) * BUCKET_MS <= 2_000).reduce((s, [, n]) => s + n, 0);
  return {
    samples,
    p50Ms: edge(0.5),
    p99Ms: edge(0.99),
    maxMs: edge(1),
    within2s: Math.round((within / samples) * 10_000) / 10_000,
  };
}
