import { existsSync } from 'fs';
import { join, resolve } from 'path';

/** The public benchmark data lives beside the repository, never inside it. */
export const BENCHMARK_DATA_DIR = resolve(__dirname, '../../../../..', '../shared/data/forecasting');

export const hasBenchmarkData = existsSync(BENCHMARK_DATA_DIR);

export function dataFile(...parts: string[]): string {
  return join(BENCHMARK_DATA_DIR, ...parts);
}

/** `describe` that skips, with a visible note, when the data folder is absent. */
export const describeWithData: jest.Describe = hasBenchmarkData
  ? describe
  : (((name: string, fn: () => void) => {
      process.stderr.write(`SKIPPED "${name}": benchmark data not found at ${BENCHMARK_DATA_DIR}\n`);
      describe.skip(name, fn);
    }) as unknown as jest.Describe);
