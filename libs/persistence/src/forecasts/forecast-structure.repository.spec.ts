import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { ForecastStructureRepository } from './forecast-structure.repository';

describe(ForecastStructureRepository.name, () => {
  let dataSource: DataSource;
  let sut: ForecastStructureRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new ForecastStructureRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('reads back what it stored; a key stored again holds the newer entry', async () => {
    await sut.save(
      [
        ['structure|a|auto-arima', [{ length: 90, until: 94, structure: { p: 1, d: 1, q: 0, constant: false } }]],
        ['structure|a|auto-ets|7', [{ length: 90, until: 92, structure: { error: 'A', trend: 'N', season: 'A' } }]],
      ],
      1_000,
    );
    await sut.save([['structure|a|auto-ets|7', [{ length: 92, until: 99, structure: { error: 'M' } }]]], 2_000);

    expect([...(await sut.readAll())].sort()).toEqual([
      ['structure|a|auto-arima', [{ length: 90, until: 94, structure: { p: 1, d: 1, q: 0, constant: false } }]],
      ['structure|a|auto-ets|7', [{ length: 92, until: 99, structure: { error: 'M' } }]],
    ]);
  });

  it('drops the entries last written before a cutoff', async () => {
    await sut.save([['old', [1]]], 1_000);
    await sut.save([['new', [2]]], 5_000);

    await expect(sut.dropWrittenBefore(5_000)).resolves.toBe(1);
    expect([...(await sut.readAll()).keys()]).toEqual(['new']);
  });

  it('leaves out a row that is no JSON: a hint, not worth failing a forecast run for', async () => {
    await sut.save([['kept', { a: 1 }]], 1_000);
    await dataSource.query(`INSERT INTO forecast_structure (key, structures, updated_at) VALUES ('bad', '{', 1000)`);

    expect([...(await sut.readAll())]).toEqual([['kept', { a: 1 }]]);
  });

  it('stores more entries than one statement takes', async () => {
    const many = Array.from({ length: 2_500 }, (_, i): [string, unknown] => [`structure|s${i}|auto-arima`, [i]]);

    await sut.save(many, 1_000);

    expect((await sut.readAll()).size).toBe(2_500);
  });
});
