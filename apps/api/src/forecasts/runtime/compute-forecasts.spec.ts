import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { hourlySamples } from '@bsc/common';
import { ForecastStructureRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { computeForecasts } from './compute-forecasts';
import { structuresOnly } from './stored-structures';

const HOUR = 3_600_000;

describe(computeForecasts.name, () => {
  const model = TwinModelBuilder.minimal().buildValid();
  let sqlitePath: string;

  beforeAll(async () => {
    sqlitePath = join(mkdtempSync(join(tmpdir(), 'bsc-compute-')), 'bsc.sqlite');
    const dataSource = await openDataSource({ sqlitePath });
    // 60 days of an hourly good count with a weekly rhythm and a fixed wobble: one daily KPI series, far too few
    // windows for a global model
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const samples = hourlySamples('line1.good', end - 60 * 24 * HOUR, end, (t) => {
      const hour = t / HOUR;
      return 10 + (Math.floor(hour / 24) % 7) + ((hour * 7_919) % 13) / 10;
    });
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

  it('stores the model structures it chose, and a run with no memo (a restarted worker) starts from them', async () => {
    const now = Date.now();
    const first = await computeForecasts({ database: { sqlitePath }, model, now });
    const structures = [...structuresOnly(first.memo).models.keys()];
    const dataSource = await openDataSource({ sqlitePath }, { migrate: false });
    const stored = await new ForecastStructureRepository(dataSource).readAll().finally(() => dataSource.destroy());

    const restarted = await computeForecasts({ database: { sqlitePath }, model, now });

    expect(structures.length).toBeGreaterThan(0);
    // (the table also holds what the earlier cases' runs stored and this run did not need)
    for (const key of structures) expect(stored.get(key)).toEqual(first.memo.models.get(key));
    for (const key of structures) expect(restarted.memo.models.get(key)).toEqual(stored.get(key));
    expect(restarted.reused.models).toBeGreaterThan(0);
    expect(restarted.forecasts).toEqual(first.forecasts);
  });

  // last: it takes the table away
  it('forecasts all the same when the stored structures can be neither read nor written (they are hints)', async () => {
    const dataSource = await openDataSource({ sqlitePath }, { migrate: false });
    await dataSource.query('DROP TABLE forecast_structure').finally(() => dataSource.destroy());
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const sut = await computeForecasts({ database: { sqlitePath }, model, now: Date.now() });

      expect(sut.forecasts.length).toBeGreaterThan(0);
      expect(warn.mock.calls.map((call) => call[1] as unknown)).toEqual([
        'stored model structures not read',
        'model structures not stored',
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
