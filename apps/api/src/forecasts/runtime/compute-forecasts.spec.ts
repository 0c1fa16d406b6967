import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { SignalSample } from '@bsc/common';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { computeForecasts } from './compute-forecasts';

const HOUR = 3_600_000;

describe(computeForecasts.name, () => {
  const model = TwinModelBuilder.minimal().buildValid();
  let sqlitePath: string;

  beforeAll(async () => {
    sqlitePath = join(mkdtempSync(join(tmpdir(), 'bsc-compute-')), 'bsc.sqlite');
    const dataSource = await openDataSource({ sqlitePath });
    // 60 days of an hourly good count: one daily KPI series, far too few windows for a global model
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const samples: SignalSample[] = [];
    for (let t = end - 60 * 24 * HOUR; t < end; t += HOUR)
      samples.push({ signalId: 'line1.good', ts: t, value: 10, quality: 'good', source: 'test' });
    await new SampleRepository(dataSource).insertBatch(samples);
    await dataSource.destroy();
  });

  it('reports and logs that the global model was not trained on too few KPI histories', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const sut = await computeForecasts({ database: { sqlitePath }, model, now: Date.now() });

      expect(sut.global).toMatchObject({ trained: false, joined: [] });
      expect(sut.global!.reason).toMatch(/^not trained: \d+ training windows from \d+ KPI series, fewer than/);
      expect(sut.forecasts.length).toBeGreaterThan(0);
      expect(log).toHaveBeenCalledWith(
        expect.objectContaining({ trained: false, joined: 0 }),
        `global model ${sut.global!.reason}`,
      );
    } finally {
      log.mockRestore();
    }
  });
});
