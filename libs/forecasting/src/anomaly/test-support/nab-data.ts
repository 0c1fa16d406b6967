import { existsSync } from 'fs';
import { resolve } from 'path';

/** NAB's public data lives beside the repository, never inside it; BSC_ANOMALY_DATA points elsewhere. */
export const NAB_DATA_DIR = resolve(
  process.env.BSC_ANOMALY_DATA ?? resolve(__dirname, '../../../../..', '../shared/data/anomaly'),
  'nab',
);

export const hasNabData = existsSync(NAB_DATA_DIR);

/** `describe` that skips, with a visible note, when the data folder is absent. */
export const describeWithNab: jest.Describe = hasNabData
  ? describe
  : (((name: string, fn: () => void) => {
      process.stderr.write(`SKIPPED "${name}": NAB data not found at ${NAB_DATA_DIR}\n`);
      describe.skip(name, fn);
    }) as unknown as jest.Describe);
