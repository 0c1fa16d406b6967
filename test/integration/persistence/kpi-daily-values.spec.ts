import { KpiDailyValueRepository, type KpiDailyPoint } from '@bsc/persistence';
import { PgTestSchema } from './pg-test-schema';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 0, 1);

async function readAll(sut: KpiDailyValueRepository): Promise<KpiDailyPoint[]> {
  const out: KpiDailyPoint[] = [];
  for await (const page of sut.readAll()) out.push(...page);
  return out;
}

describe(`${KpiDailyValueRepository.name} on PostgreSQL`, () => {
  let pg: PgTestSchema;
  let sut: KpiDailyValueRepository;

  beforeAll(async () => {
    pg = await PgTestSchema.create();
    sut = new KpiDailyValueRepository(pg.dataSource);
  });
  afterAll(() => pg.drop());
  const clear = async () => {
    await pg.dataSource.query(`DELETE FROM "${pg.schema}".kpi_daily_state`);
    await pg.dataSource.query(`DELETE FROM "${pg.schema}".kpi_daily_value`);
  };

  it('upserts daily values, refuses an update covering older receipts, and reads back past a page', async () => {
    const state = { modelChecksum: 'm1', frontier: D0 + DAY, receivedBy: 1_000, checkpoint: null };
    expect(
      await sut.save(
        state,
        [
          { seriesKey: 'oee', dayStart: D0, value: 0.5 },
          { seriesKey: 'oee', dayStart: D0 + DAY, value: null },
        ],
        true,
      ),
    ).toBe(true);
    expect(
      await sut.save(
        { ...state, receivedBy: 2_000, checkpoint: Buffer.from([1, 2, 3]) },
        [{ seriesKey: 'oee', dayStart: D0 + DAY, value: 0.75 }],
        false,
      ),
    ).toBe(true);
    // an older update of the same model loses: nothing it carries is written
    expect(await sut.save({ ...state, receivedBy: 1_500 }, [{ seriesKey: 'oee', dayStart: D0, value: 9 }], false)).toBe(
      false,
    );
    // the newer update's checkpoint bytes kept as written
    expect(await sut.state()).toEqual({ ...state, receivedBy: 2_000, checkpoint: Buffer.from([1, 2, 3]) });
    expect(await readAll(sut)).toEqual([
      { seriesKey: 'oee', dayStart: D0, value: 0.5 },
      { seriesKey: 'oee', dayStart: D0 + DAY, value: 0.75 },
    ]);

    // another model replaces everything; 60,000 values span two read pages of 50,000, in key and day order
    const many: KpiDailyPoint[] = [];
    for (let k = 0; k < 200; k++)
      for (let d = 0; d < 300; d++)
        many.push({ seriesKey: `k${String(k).padStart(3, '0')}`, dayStart: D0 + d * DAY, value: k + d });
    expect(await sut.save({ modelChecksum: 'm2', frontier: D0, receivedBy: 1 }, many, true)).toBe(true);
    const back = await readAll(sut);
    expect(back).toHaveLength(60_000);
    expect(back[0]).toEqual({ seriesKey: 'k000', dayStart: D0, value: 0 });
    expect(back[50_000]).toEqual({ seriesKey: 'k166', dayStart: D0 + 200 * DAY, value: 366 });
    expect(back[59_999]).toEqual({ seriesKey: 'k199', dayStart: D0 + 299 * DAY, value: 498 });
  }, 60_000);

  it.each([
    ['the state read', { modelChecksum: 'm1', receivedBy: 1_000 }, true],
    ['an older receipt of the same model', { modelChecksum: 'm1', receivedBy: 900 }, false],
    ['another model at the same receipt', { modelChecksum: 'm0', receivedBy: 1_000 }, false],
    ['no state', null, false],
  ] as const)('moves the state only from what was read: from %s', async (_, from, saved) => {
    await clear();
    await sut.save({ modelChecksum: 'm1', frontier: D0, receivedBy: 1_000 }, [], true);
    const next = { modelChecksum: 'm1', frontier: D0 + DAY, receivedBy: 2_000, checkpoint: null };
    expect(await sut.save(next, [{ seriesKey: 'oee', dayStart: D0, value: 1 }], false, from)).toBe(saved);
    expect((await sut.state())?.receivedBy).toBe(saved ? 2_000 : 1_000);
    expect(await readAll(sut)).toEqual(saved ? [{ seriesKey: 'oee', dayStart: D0, value: 1 }] : []);
  });

  it('writes the first state only where none was read, and never one older than the stored', async () => {
    await clear();
    const first = { modelChecksum: 'm1', frontier: D0, receivedBy: 1_000 };
    expect(await sut.save(first, [], true, null)).toBe(true);
    expect(await sut.save({ ...first, receivedBy: 1_500 }, [], false, null)).toBe(false);
    // what was read, but the update covers older receipts than the stored state: still refused
    expect(await sut.save({ ...first, receivedBy: 500 }, [], false, first)).toBe(false);
    expect((await sut.state())?.receivedBy).toBe(1_000);
  });
});
