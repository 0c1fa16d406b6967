import type { DataSource } from 'typeorm';
import { SampleRepository } from '../sample.repository';
import { aSample } from '../../testing/sample.builder';
import { storedRollups } from './rollup-cases';

/** 30 s into four UTC days: 10 Oct, 10 Nov, 20 Nov and 5 Dec 2026. */
export const RETENTION_SAMPLES = [
  [Date.UTC(2026, 9, 10, 0, 0, 30), 1],
  [Date.UTC(2026, 10, 10, 0, 0, 30), 2],
  [Date.UTC(2026, 10, 20, 0, 0, 30), 3],
  [Date.UTC(2026, 11, 5, 0, 0, 30), 4],
].map(([ts, value]) => aSample({ signalId: 'r', ts, value }));
export const RETENTION_CUTOFF = Date.UTC(2026, 10, 15);

/**
 * What retention leaves on either database: the samples from the cutoff on (not folded yet: no rollup rows), the hours
 * and days of the removed samples (folded by retention first, their minute rows removed), and once the rest is
 * folded the minutes of the kept samples and all four hours and days.
 */
export async function expectRetained(dataSource: DataSource): Promise<void> {
  const samples = new SampleRepository(dataSource);
  expect((await samples.range('r', 0, Date.UTC(2027, 0, 1))).map((s) => s.value)).toEqual([3, 4]);
  const rollups = await storedRollups(dataSource, 'r');
  expect(rollups.filter((r) => r.width === 60_000)).toEqual([]);
  expect(rollups.filter((r) => r.width === 3_600_000).map((r) => r.first)).toEqual([1, 2]);
  await samples.foldRollups(Date.UTC(2027, 0, 1));
  const folded = await storedRollups(dataSource, 'r');
  expect(folded.filter((r) => r.width === 60_000).map((r) => r.first)).toEqual([3, 4]);
  expect(folded.filter((r) => r.width === 3_600_000).map((r) => r.first)).toEqual([1, 2, 3, 4]);
  expect(folded.filter((r) => r.width === 86_400_000)).toHaveLength(4);
}
