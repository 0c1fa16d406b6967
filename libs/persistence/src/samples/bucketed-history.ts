import type { DataSource } from 'typeorm';
import {
  rollupBucketsQuery,
  sampleBucketsQuery,
  toSampleBucket,
  type BucketGrid,
  type RawBucketRow,
  type SampleBucket,
} from './sample-history.query';
import { bucketStart, ROLLUP_WIDTHS_MS } from './sample-rollup.statements';

/**
 * A signal's numeric samples in [from, to) as at most `maxPoints` min/max buckets. When a bucket spans at least a
 * rollup width, the buckets are cut on that rollup's grid and read from the rollups (a year at hourly rollups is
 * 8,760 rows instead of every sample); the partial rollup buckets at either end of the range come from the raw
 * samples, so the result is exactly that of grouping the raw samples on the same grid.
 */
export async function bucketedHistory(
  dataSource: DataSource,
  signalId: string,
  from: number,
  to: number,
  maxPoints: number,
): Promise<{ bucketMs: number; buckets: SampleBucket[] }> {
  const rawWidth = Math.ceil((to - from) / maxPoints);
  const rollupMs = [...ROLLUP_WIDTHS_MS].reverse().find((w) => w <= rawWidth);
  if (rollupMs === undefined) {
    const grid = { origin: from, widthMs: rawWidth, from, to };
    return { bucketMs: rawWidth, buckets: await rawBuckets(dataSource, signalId, grid) };
  }
  // the grid starts on the rollup boundary at or before `from`, so every rollup row falls in one bucket
  const origin = bucketStart(from, rollupMs);
  const widthMs = Math.ceil(Math.ceil((to - origin) / maxPoints) / rollupMs) * rollupMs;
  const innerFrom = origin === from ? from : origin + rollupMs;
  const innerTo = bucketStart(to, rollupMs);
  if (innerFrom >= innerTo)
    return { bucketMs: widthMs, buckets: await rawBuckets(dataSource, signalId, { origin, widthMs, from, to }) };
  const { sql, params } = rollupBucketsQuery(
    dataSource,
    signalId,
    { origin, widthMs, from: innerFrom, to: innerTo },
    rollupMs,
  );
  const [head, middle, tail] = await Promise.all([
    innerFrom > from ? rawBuckets(dataSource, signalId, { origin, widthMs, from, to: innerFrom }) : [],
    dataSource.query<RawBucketRow[]>(sql, params).then((rows) => rows.map((r) => toSampleBucket(r, origin, widthMs))),
    innerTo < to ? rawBuckets(dataSource, signalId, { origin, widthMs, from: innerTo, to }) : [],
  ]);
  return { bucketMs: widthMs, buckets: mergeBuckets([...head, ...middle, ...tail]) };
}

async function rawBuckets(dataSource: DataSource, signalId: string, grid: BucketGrid): Promise<SampleBucket[]> {
  const { sql, params } = sampleBucketsQuery(dataSource, signalId, grid);
  const rows = await dataSource.query<RawBucketRow[]>(sql, params);
  return rows.map((r) => toSampleBucket(r, grid.origin, grid.widthMs));
}

/** Buckets in start order, those with the same start (an end of the range and its rollups) made one. */
function mergeBuckets(buckets: readonly SampleBucket[]): SampleBucket[] {
  const merged: SampleBucket[] = [];
  for (const b of [...buckets].sort((x, y) => x.start - y.start)) {
    const last = merged[merged.length - 1];
    if (!last || last.start !== b.start) {
      merged.push({ ...b });
      continue;
    }
    if (b.firstTs < last.firstTs) [last.firstTs, last.first] = [b.firstTs, b.first];
    if (b.lastTs > last.lastTs) [last.lastTs, last.last] = [b.lastTs, b.last];
    last.min = Math.min(last.min, b.min);
    last.max = Math.max(last.max, b.max);
    last.count += b.count;
  }
  return merged;
}
