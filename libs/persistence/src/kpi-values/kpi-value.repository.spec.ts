import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { aKpiValue, aMonthlyKpiValue } from '../testing/kpi-value.builder';
import { KpiValueRepository, WriteFencedError } from './kpi-value.repository';
import { checkLatestPeriods } from './test-support/latest-periods-cases';

const T1 = 1_000;
const T2 = 2_000;
const T3 = 3_000;

describe(KpiValueRepository.name, () => {
  let dataSource: DataSource;
  let sut: KpiValueRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new KpiValueRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  describe('appendRevisions', () => {
    it('stores values with their provenance and returns them as domain values', async () => {
      const value = aKpiValue({ value: null, quality: { coverage: 0.25, stale: true, quality: 'uncertain' } });

      await expect(sut.appendRevisions([value], 3, T1, { enteredBy: 'alice', comment: 'sensor swap' })).resolves.toBe(
        1,
      );

      const [stored] = await sut.asOf(['oee'], 'all');
      expect(stored).toEqual({
        ...value,
        revisionId: expect.any(Number) as unknown,
        modelVersion: 3,
        recordedAt: T1,
        enteredBy: 'alice',
        comment: 'sensor swap',
      });
    });

    it('skips a value that repeats the newest revision of its period', async () => {
      await sut.appendRevisions([aKpiValue({ value: 0.8 })], 1, T1);

      const appended = await sut.appendRevisions(
        [aKpiValue({ value: 0.8, computedAt: T2 }), aKpiValue({ kpiId: 'scrap', value: 2 })],
        1,
        T2,
      );

      expect(appended).toBe(1);
      await expect(sut.revisions('oee', '2026-11')).resolves.toHaveLength(1);
    });

    it('keeps repeats when asked to', async () => {
      await sut.appendRevisions([aKpiValue()], 1, T1);

      await expect(sut.appendRevisions([aKpiValue()], 1, T2, { keepRepeats: true })).resolves.toBe(1);
    });

    describe('stamped by the clock (no recordedAt)', () => {
      afterEach(() => jest.restoreAllMocks());

      it.each([
        // another writer's clock is ahead: its revision at T3, this clock at T2 → recorded at T3 + 1, the newest
        ['after a newer stamp of its pair', T3, T3 + 1],
        // the pair's newest at T1 is older than the clock at T2 → the clock's own T2
        ['at the clock', T1, T2],
      ])('a revision is recorded %s', async (_, before, recordedAt) => {
        await sut.appendRevisions([aKpiValue({ value: 1 })], 1, before);
        jest.spyOn(Date, 'now').mockReturnValue(T2);

        await sut.appendRevisions([aKpiValue({ value: 2 })], 1);

        const [newest] = await sut.asOf(['oee'], ['2026-11']);
        expect([newest.value, newest.recordedAt]).toEqual([2, recordedAt]);
      });

      it('a revision given its recordedAt keeps it, even before the newest (a back-dated correction)', async () => {
        await sut.appendRevisions([aKpiValue({ value: 1 })], 1, T3);

        await sut.appendRevisions([aKpiValue({ value: 2 })], 1, T1);

        const trail = await sut.revisions('oee', '2026-11');
        expect(trail.map((r) => [r.value, r.recordedAt])).toEqual([
          [2, T1],
          [1, T3],
        ]);
      });
    });

    it('writes more rows than one statement can bind', async () => {
      const values = Array.from({ length: 2_500 }, (_, i) => aKpiValue({ kpiId: `kpi-${i}` }));

      await expect(sut.appendRevisions(values, 1, T1)).resolves.toBe(2_500);
      await expect(sut.asOf('all', ['2026-11'])).resolves.toHaveLength(2_500);
    });
  });

  describe('appendRevisions with a fence', () => {
    const fence = (token: number, name = 'partition.3') => ({ fence: { name, token } });
    const newest = async () => (await sut.asOf(['oee'], ['2026-11']))[0]?.value;

    it('refuses, writing nothing, a token lower than one that already wrote under the same name', async () => {
      await expect(sut.appendRevisions([aKpiValue({ value: 1 })], 1, T1, fence(5))).resolves.toBe(1);
      // a successor acquired the lease at revision 9
      await expect(sut.appendRevisions([aKpiValue({ value: 2 })], 1, T2, fence(9))).resolves.toBe(1);
      await expect(sut.appendRevisions([aKpiValue({ value: 3 })], 1, T3, fence(5))).rejects.toBeInstanceOf(
        WriteFencedError,
      );
      expect(await newest()).toBe(2);
      // the current holder writes on, and another name has a fence of its own
      await expect(sut.appendRevisions([aKpiValue({ value: 4 })], 1, T3, fence(9))).resolves.toBe(1);
      await expect(sut.appendRevisions([aMonthlyKpiValue('oee', 9, 5)], 1, T3, fence(1, 'partition.4'))).resolves.toBe(
        1,
      );
      expect(await newest()).toBe(4);
    });

    it('raises the fence without values, so a holder that writes only later is already fenced out', async () => {
      await sut.appendRevisions([aKpiValue({ value: 1 })], 1, T1, fence(5));
      await expect(sut.appendRevisions([], 0, T2, fence(9))).resolves.toBe(0);
      await expect(sut.appendRevisions([aKpiValue({ value: 3 })], 1, T3, fence(5))).rejects.toBeInstanceOf(
        WriteFencedError,
      );
      expect(await newest()).toBe(1);
    });
  });

  describe('asOf', () => {
    beforeEach(async () => {
      await sut.appendRevisions([aKpiValue({ value: 0.7 }), aKpiValue({ kpiId: 'scrap', value: 5 })], 1, T1);
      await sut.appendRevisions([aKpiValue({ value: 0.75 })], 1, T2);
      await sut.appendRevisions([aKpiValue({ value: 0.9, origin: 'manual' })], 2, T3, {
        enteredBy: 'bob',
        comment: 'audit correction',
      });
    });

    it.each([
      { knownAt: T1 - 1, expected: [] },
      {
        knownAt: T1,
        expected: [
          ['oee', 0.7],
          ['scrap', 5],
        ],
      },
      {
        knownAt: T2 + 500,
        expected: [
          ['oee', 0.75],
          ['scrap', 5],
        ],
      },
      {
        knownAt: undefined,
        expected: [
          ['oee', 0.9],
          ['scrap', 5],
        ],
      },
    ])('returns the newest revision per kpi and period known at $knownAt', async ({ knownAt, expected }) => {
      const values = await sut.asOf('all', 'all', knownAt);

      expect(values.map((v) => [v.kpiId, v.value])).toEqual(expected);
    });

    it('filters by kpi and period', async () => {
      await sut.appendRevisions([aMonthlyKpiValue('oee', 9, 0.6)], 1, T1);

      const values = await sut.asOf(['oee'], ['2026-10']);

      expect(values.map((v) => [v.periodKey, v.value])).toEqual([['2026-10', 0.6]]);
    });

    it('returns nothing for empty filters', async () => {
      await expect(sut.asOf([], 'all')).resolves.toEqual([]);
      await expect(sut.asOf('all', [])).resolves.toEqual([]);
    });
  });

  describe('history', () => {
    it('returns one value per period starting in [from, to), oldest first, as known at the instant', async () => {
      await sut.appendRevisions(
        [8, 6, 7, 5].map((month) => aMonthlyKpiValue('oee', month, month / 10)),
        1,
        T1,
      );
      await sut.appendRevisions([aMonthlyKpiValue('oee', 6, 0.99)], 1, T2);

      const now = await sut.history('oee', Date.UTC(2026, 6, 1), Date.UTC(2026, 9, 1));
      const then = await sut.history('oee', Date.UTC(2026, 6, 1), Date.UTC(2026, 9, 1), T1);

      expect(now.map((v) => [v.periodKey, v.value])).toEqual([
        ['2026-07', 0.99],
        ['2026-08', 0.7],
        ['2026-09', 0.8],
      ]);
      expect(then.map((v) => v.value)).toEqual([0.6, 0.7, 0.8]);
    });
  });

  describe('historyOfMany / revisionsOfMany', () => {
    it('answers several KPIs in one call, each as history and revisions would', async () => {
      // July (month 6) and August for oee, July for scrap; oee's July corrected at T2
      await sut.appendRevisions(
        [aMonthlyKpiValue('oee', 6, 0.6), aMonthlyKpiValue('oee', 7, 0.7), aMonthlyKpiValue('scrap', 6, 2)],
        1,
        T1,
      );
      await sut.appendRevisions([aMonthlyKpiValue('oee', 6, 0.99)], 1, T2);

      const history = await sut.historyOfMany(['oee', 'scrap', 'none'], Date.UTC(2026, 6, 1), Date.UTC(2026, 8, 1));
      const trails = await sut.revisionsOfMany([
        { kpiId: 'oee', periodKey: '2026-07' },
        { kpiId: 'scrap', periodKey: '2026-08' },
      ]);

      expect([...history].map(([id, values]) => [id, values.map((v) => v.value)])).toEqual([
        ['oee', [0.99, 0.7]],
        ['scrap', [2]],
        ['none', []],
      ]);
      expect(trails.get('oee\u00002026-07')?.map((r) => r.value)).toEqual([0.6, 0.99]);
      // scrap has July but August was asked for: nothing, although both KPI and period exist in the table
      expect(trails.get('scrap\u00002026-08')).toEqual([]);
    });
  });

  describe('latestPeriods', () => {
    it("returns each KPI's latest periods, oldest first, each by the number it was closed with", async () => {
      await checkLatestPeriods(sut);
    });
  });

  describe('revisions', () => {
    it('returns the audit trail of a period, the corrected values kept', async () => {
      await sut.appendRevisions([aKpiValue({ value: 0.7 })], 1, T1);
      await sut.appendRevisions([aKpiValue({ value: 0.9, origin: 'manual' })], 1, T2, {
        enteredBy: 'bob',
        comment: 'fix',
      });

      const trail = await sut.revisions('oee', '2026-11');

      expect(trail.map((r) => [r.value, r.origin, r.enteredBy, r.recordedAt])).toEqual([
        [0.7, 'computed', null, T1],
        [0.9, 'manual', 'bob', T2],
      ]);
    });
  });
});
