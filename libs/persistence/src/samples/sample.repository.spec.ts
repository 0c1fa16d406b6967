import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { aSample, sampleSeries } from '../testing/sample.builder';
import { SampleRepository } from './sample.repository';

const T0 = 1_700_000_000_000;

describe(SampleRepository.name, () => {
  let dataSource: DataSource;
  let sut: SampleRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new SampleRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  describe('insertNew', () => {
    it('returns only the samples that were not stored yet, in input order, each once', async () => {
      await sut.insertBatch([aSample({ ts: T0 + 1, value: 1 })]);
      const batch = [
        aSample({ ts: T0 + 2, value: 2 }),
        aSample({ ts: T0 + 1, value: 99 }),
        aSample({ ts: T0, value: 0 }),
        aSample({ ts: T0 + 2, value: 22 }),
      ];

      const fresh = await sut.insertNew(batch);

      expect(fresh).toEqual([batch[0], batch[2]]);
      expect((await sut.range('line1.speed', T0, T0 + 3)).map((s) => s.value)).toEqual([0, 1, 2]);
      await expect(sut.insertNew(batch)).resolves.toEqual([]);
    });

    it('returns the new samples of a batch split over several statements', async () => {
      await sut.insertBatch([aSample({ signalId: 'bulk', ts: T0 + 7 })]);
      // SQLite binds 32,766 parameters: 4,095 rows of 8 columns per statement, so two statements
      const batch = Array.from({ length: 5_000 }, (_, i) => aSample({ signalId: 'bulk', ts: T0 + i }));

      const fresh = await sut.insertNew(batch);

      expect(fresh.length).toBe(4_999);
      expect(fresh.find((s) => s.ts === T0 + 7)).toBeUndefined();
    });
  });

  describe('readStored', () => {
    it('reads the stored sample of each key, none for a key not stored, whatever the statement splits', async () => {
      const bad = aSample({ ts: T0 + 1, value: Number.NaN, quality: 'bad', statusCode: 0x80340000 });
      const text = aSample({ signalId: 'line1.batch', ts: T0, value: Number.NaN, text: 'B-17' });
      await sut.insertBatch([aSample({ ts: T0, value: 1 }), bad, text]);
      // SQLite binds 32,766 parameters: at most 16,383 keys of 2 per statement (in slices of 8,192): 16,384 make two
      const absent = Array.from({ length: 16_381 }, (_, i) => ({ signalId: 'none', ts: T0 + i }));
      const keys = [{ signalId: 'line1.speed', ts: T0 }, ...absent, bad, text];

      const stored = await sut.readStored(keys);

      expect(stored.sort((a, b) => a.ts - b.ts || a.signalId.localeCompare(b.signalId))).toEqual([
        text,
        aSample({ ts: T0, value: 1 }),
        bad,
      ]);
      await expect(sut.readStored([])).resolves.toEqual([]);
    });
  });

  describe('insertBatch', () => {
    it('stores the samples and returns how many were new', async () => {
      const samples = sampleSeries('line1.speed', T0, 3);

      await expect(sut.insertBatch(samples)).resolves.toBe(3);

      await expect(sut.range('line1.speed', T0, T0 + 10_000)).resolves.toEqual(samples);
    });

    it('ignores samples already stored (same signal and ts), so re-delivery is idempotent', async () => {
      await sut.insertBatch([aSample({ ts: T0, value: 1 })]);

      const inserted = await sut.insertBatch([aSample({ ts: T0, value: 99 }), aSample({ ts: T0 + 1, value: 2 })]);

      expect(inserted).toBe(1);
      expect((await sut.range('line1.speed', T0, T0 + 2)).map((s) => s.value)).toEqual([1, 2]);
    });

    it('ignores duplicates inside one batch', async () => {
      await expect(sut.insertBatch([aSample({ value: 1 }), aSample({ value: 2 })])).resolves.toBe(1);
    });

    it('insertNew resolves with the samples that were new, each (signal, ts) once, in input order', async () => {
      await sut.insertBatch([aSample({ ts: T0, value: 1 })]);
      const other = aSample({ signalId: 'line2.temp', ts: T0, value: 7 });

      const fresh = await sut.insertNew([
        aSample({ ts: T0, value: 99 }), // stored before: a re-delivery
        aSample({ ts: T0 + 1, value: 2 }),
        aSample({ ts: T0 + 1, value: 3 }), // same key earlier in this batch
        other,
      ]);

      expect(fresh).toEqual([aSample({ ts: T0 + 1, value: 2 }), other]);
    });

    it('splits batches larger than one statement can bind', async () => {
      const samples = sampleSeries('line2.temp', T0, 12_000, 1);

      await expect(sut.insertBatch(samples)).resolves.toBe(12_000);

      await expect(sut.count('line2.temp')).resolves.toBe(12_000);
    });

    it('stores samples without a number (NULL, read back as NaN), text values and status codes', async () => {
      // BadNodeIdUnknown = 0x80340000 = 2,150,891,520: above 2^31, so the column must be wider than a signed int
      const bad = aSample({ ts: T0, value: Number.NaN, quality: 'bad', statusCode: 0x80340000 });
      const text = aSample({ ts: T0 + 1, value: Number.NaN, text: 'IPA-330' });
      await sut.insertBatch([bad, text]);

      await expect(sut.range('line1.speed', T0, T0 + 2)).resolves.toEqual([
        { ...bad, value: NaN, statusCode: 2_150_891_520 },
        { ...text, value: NaN },
      ]);
      await expect(sut.latest(['line1.speed'])).resolves.toEqual([{ ...text, value: NaN }]);
      const [stored] = await dataSource.query<Array<{ value: number | null; code: number | string }>>(
        'SELECT value, status_code AS code FROM signal_sample WHERE ts = ?',
        [T0],
      );
      expect(stored.value).toBeNull();
      expect(Number(stored.code)).toBe(2_150_891_520);
    });

    it.each([
      ['a negative infinite value', aSample({ value: Number.NEGATIVE_INFINITY })],
      ['an infinite value', aSample({ value: Number.POSITIVE_INFINITY })],
      ['a fractional timestamp', aSample({ ts: T0 + 0.5 })],
    ])('rejects %s without writing anything', async (_case, bad) => {
      await expect(sut.insertBatch([aSample({ ts: T0 - 1 }), bad])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(sut.count()).resolves.toBe(0);
    });

    it('returns 0 for an empty batch', async () => {
      await expect(sut.insertBatch([])).resolves.toBe(0);
    });
  });

  describe('newestBefore', () => {
    it('finds the newest sample of the signals strictly before an instant', async () => {
      await sut.insertBatch([
        aSample({ signalId: 'a', ts: 100 }),
        aSample({ signalId: 'b', ts: 250 }),
        aSample({ signalId: 'a', ts: 900 }),
        aSample({ signalId: 'c', ts: 400 }),
      ]);

      await expect(sut.newestBefore(['a', 'b'], 900)).resolves.toBe(250);
      await expect(sut.newestBefore(['a', 'b'], 1_000)).resolves.toBe(900);
      await expect(sut.newestBefore(['a'], 100)).resolves.toBeNull();
      await expect(sut.newestBefore([], 1_000)).resolves.toBeNull();
    });
  });

  describe('range', () => {
    it.each([
      { from: T0, to: T0 + 3_000, expected: [0, 1, 2] },
      { from: T0 + 1_000, to: T0 + 2_000, expected: [1] },
      { from: T0 + 5_000, to: T0 + 9_000, expected: [] },
    ])('returns the samples with $from <= ts < $to in time order', async ({ from, to, expected }) => {
      await sut.insertBatch([...sampleSeries('line1.speed', T0, 4).reverse(), aSample({ signalId: 'other', ts: T0 })]);

      const samples = await sut.range('line1.speed', from, to);

      expect(samples.map((s) => s.value)).toEqual(expected);
    });
  });

  describe('latest', () => {
    it('returns the newest sample of each signal that has one', async () => {
      await sut.insertBatch([...sampleSeries('a', T0, 3), ...sampleSeries('b', T0, 5)]);

      const latest = await sut.latest(['a', 'b', 'never-seen']);

      expect(latest.map((s) => [s.signalId, s.value]).sort()).toEqual([
        ['a', 2],
        ['b', 4],
      ]);
    });

    it('handles more signals than one statement takes', async () => {
      const ids = Array.from({ length: 1_200 }, (_, i) => `s${i}`);
      await sut.insertBatch(ids.flatMap((signalId) => sampleSeries(signalId, T0, 2)));

      const latest = await sut.latest(ids);

      expect(latest).toHaveLength(1_200);
      expect(latest.every((s) => s.value === 1)).toBe(true);
    });

    it('returns nothing for no signals', async () => {
      await expect(sut.latest([])).resolves.toEqual([]);
    });
  });

  describe('replay', () => {
    const collect = async (pages: AsyncGenerator<Array<{ signalId: string; ts: number }>>) => {
      const result: Array<Array<string>> = [];
      for await (const page of pages) result.push(page.map((s) => `${s.signalId}@${s.ts - T0}`));
      return result;
    };

    it('yields every sample ordered by ts then signal, in pages of the given size', async () => {
      await sut.insertBatch([...sampleSeries('b', T0, 3), ...sampleSeries('a', T0, 2)]);

      const pages = await collect(sut.replay({ pageSize: 2 }));

      expect(pages).toEqual([['a@0', 'b@0'], ['a@1000', 'b@1000'], ['b@2000']]);
    });

    it('keeps ties on ts together across page boundaries', async () => {
      await sut.insertBatch(['c', 'a', 'b'].map((signalId) => aSample({ signalId, ts: T0 })));

      const pages = await collect(sut.replay({ pageSize: 2 }));

      expect(pages.flat()).toEqual(['a@0', 'b@0', 'c@0']);
    });

    it('limits the replay to a time window and a set of signals', async () => {
      await sut.insertBatch([...sampleSeries('a', T0, 5), ...sampleSeries('b', T0, 5)]);

      const pages = await collect(sut.replay({ from: T0 + 1_000, to: T0 + 3_000, signalIds: ['b'] }));

      expect(pages).toEqual([['b@1000', 'b@2000']]);
    });

    it('limits the replay to more signals than a statement can bind, page by page', async () => {
      await sut.insertBatch([...sampleSeries('a', T0, 3), ...sampleSeries('b', T0, 3), ...sampleSeries('c', T0, 3)]);
      // 40,000 ids, more than SQLite's 32,766 bound values: 'a' and 'c' among them, 'b' not
      const ids = ['a', 'c', ...Array.from({ length: 39_998 }, (_, i) => `other-${i}`)];

      const pages = await collect(sut.replay({ signalIds: ids, pageSize: 2 }));

      // pages of 2 rows read, 'b' dropped from each: a0 b0 | c0 a1 | b1 c1 | a2 b2 | c2
      expect(pages).toEqual([['a@0'], ['c@0', 'a@1000'], ['c@1000'], ['a@2000'], ['c@2000']]);
    });

    it("replays only what had been received by an instant (a sample's own knownAt stands for its receipt)", async () => {
      await sut.insertBatch([aSample({ signalId: 'a', ts: T0 })], T0 + 10_000);
      await sut.insertBatch([aSample({ signalId: 'a', ts: T0 + 1_000 })], T0 + 1_000);
      // backdated history: received now, but counted as known at its own ts
      await sut.insertBatch([{ ...aSample({ signalId: 'a', ts: T0 + 2_000 }), knownAt: T0 + 2_000 }], T0 + 99_000);

      expect(await collect(sut.replay({ receivedBy: T0 + 5_000 }))).toEqual([['a@1000', 'a@2000']]);
      expect(await collect(sut.replay({ receivedBy: T0 + 10_000 }))).toEqual([['a@0', 'a@1000', 'a@2000']]);
    });
  });

  describe('carriedIn, newestTs, oldestReceivedAfter', () => {
    it('returns per signal its newest sample before the instant and its newest usable one, received by then', async () => {
      await sut.insertBatch(
        [
          aSample({ signalId: 'a', ts: T0, value: 1 }),
          aSample({ signalId: 'a', ts: T0 + 1_000, value: 2 }),
          aSample({ signalId: 'a', ts: T0 + 2_000, value: 3, quality: 'bad' }),
          aSample({ signalId: 'a', ts: T0 + 3_000, value: 4 }),
          aSample({ signalId: 'b', ts: T0 + 500, value: 5 }),
        ],
        T0,
      );
      // received later than the bound below: not carried in
      await sut.insertBatch([aSample({ signalId: 'b', ts: T0 + 1_500, value: 6 })], T0 + 60_000);
      const keys = (samples: Array<{ signalId: string; ts: number }>) =>
        samples.map((s) => `${s.signalId}@${s.ts - T0}`);

      // a: the bad sample at 2000 is the newest before 3000, 1000 the newest usable; b: 500 (1500 came later)
      expect(keys(await sut.carriedIn(['a', 'b', 'none'], T0 + 3_000, T0 + 10_000))).toEqual([
        'b@500',
        'a@1000',
        'a@2000',
      ]);
      // one row when the newest is usable; without a receipt bound b's 1500 counts
      expect(keys(await sut.carriedIn(['a', 'b'], T0 + 2_000))).toEqual(['a@1000', 'b@1500']);
      expect(await sut.carriedIn(['a'], T0)).toEqual([]);
    });

    it('finds the newest sample time and the oldest of those received after an instant', async () => {
      expect(await sut.newestTs()).toBeNull();
      await sut.insertBatch([aSample({ ts: T0 + 5_000 }), aSample({ ts: T0 + 9_000 })], T0);
      await sut.insertBatch([aSample({ ts: T0 + 7_000 }), aSample({ ts: T0 + 8_000, source: 'import' })], T0 + 100);

      expect(await sut.newestTs()).toBe(T0 + 9_000);
      expect(await sut.oldestReceivedAfter(T0)).toBe(T0 + 7_000);
      expect(await sut.oldestReceivedAfter(T0, { source: 'import' })).toBe(T0 + 8_000);
      expect(await sut.oldestReceivedAfter(T0, { receivedBy: T0 + 50 })).toBeNull();
      expect(await sut.oldestReceivedAfter(T0 + 100)).toBeNull();
    });

    it('finds the newest and oldest sample time of the signals accepted, past pages of other signals', async () => {
      const accepts = (id: string) => id === 'k';
      expect(await sut.edgeTsOf(accepts, 'newest')).toBeNull();
      // k at 10 and 20 s; 450 samples of u (more than two pages of the walk) from 1 to 450 ms and from 30 s on
      const u = (from: number) => Array.from({ length: 450 }, (_, i) => aSample({ signalId: 'u', ts: T0 + from + i }));
      await sut.insertBatch([
        ...u(1),
        ...u(30_000),
        aSample({ signalId: 'k', ts: T0 + 10_000 }),
        aSample({ signalId: 'k', ts: T0 + 20_000 }),
      ]);

      expect(await sut.edgeTsOf(accepts, 'newest')).toBe(T0 + 20_000);
      expect(await sut.edgeTsOf(accepts, 'oldest')).toBe(T0 + 10_000);
      // only beyond the bound: newer than 20 s none, older than 10 s none
      expect(await sut.edgeTsOf(accepts, 'newest', T0 + 20_000)).toBeNull();
      expect(await sut.edgeTsOf(accepts, 'newest', T0 + 15_000)).toBe(T0 + 20_000);
      expect(await sut.edgeTsOf(accepts, 'oldest', T0 + 10_000)).toBeNull();
      expect(await sut.edgeTsOf(() => false, 'oldest')).toBeNull();
      // the newest walk also says how far it reached: u's newest, 30 s + 449 ms, past which it walked to k's 20 s
      expect(await sut.walkNewest(accepts, T0 + 15_000)).toEqual({ ts: T0 + 20_000, reached: T0 + 30_449 });
      expect(await sut.walkNewest(accepts, T0 + 30_449)).toEqual({ ts: null, reached: null });
    });
  });
});
