import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { PeriodCommentaryRepository } from './period-commentary.repository';
import type { NewPeriodCommentary } from './period-commentary.types';

const OEE_NOV = { subjectKind: 'kpi', subjectId: 'oee', periodKey: '2026-11' } as const;
const OEE_DEC = { subjectKind: 'kpi', subjectId: 'oee', periodKey: '2026-12' } as const;
const OBJ_NOV = { subjectKind: 'objective', subjectId: 'oee', periodKey: '2026-11' } as const;

const aCommentary = (over: Partial<NewPeriodCommentary> = {}): NewPeriodCommentary => ({
  ...OEE_NOV,
  analysis: 'Line 2 stopped for a bearing.',
  actions: 'Spare bearings on stock.',
  author: 'Alice Strategist',
  ...over,
});

describe(PeriodCommentaryRepository.name, () => {
  let dataSource: DataSource;
  let sut: PeriodCommentaryRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new PeriodCommentaryRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('appends a version and reads it back with author and time', async () => {
    const saved = await sut.append(aCommentary({ recordedAt: 1_000 }));

    expect(saved.id).toMatch(/^\d+$/);
    expect(saved).toEqual({
      id: saved.id,
      ...OEE_NOV,
      analysis: 'Line 2 stopped for a bearing.',
      actions: 'Spare bearings on stock.',
      author: 'Alice Strategist',
      recordedAt: 1_000,
    });
    expect(await sut.latest([OEE_NOV])).toEqual([saved]);
  });

  // versions of oee/2026-11 at t=1000 (v1, Alice), 2000 (v2, Bob), 3000 (v3, Alice)
  it.each([
    [999, []],
    [1_000, ['v1']],
    [1_999, ['v1']],
    [2_000, ['v2']],
    [2_500, ['v2']],
    [3_000, ['v3']],
    [undefined, ['v3']],
  ])('known at %p shows the version of that time: %p', async (knownAt, expected) => {
    await sut.append(aCommentary({ analysis: 'v1', recordedAt: 1_000 }));
    await sut.append(aCommentary({ analysis: 'v2', author: 'Bob', recordedAt: 2_000 }));
    await sut.append(aCommentary({ analysis: 'v3', recordedAt: 3_000 }));

    expect((await sut.latest([OEE_NOV], knownAt)).map((c) => c.analysis)).toEqual(expected);
  });

  it('keeps subjects, kinds and periods apart', async () => {
    await sut.append(aCommentary({ analysis: 'kpi nov', recordedAt: 1_000 }));
    await sut.append(aCommentary({ ...OEE_DEC, analysis: 'kpi dec', recordedAt: 1_500 }));
    await sut.append(aCommentary({ ...OBJ_NOV, analysis: 'objective nov', recordedAt: 2_000 }));

    const latest = await sut.latest([OEE_NOV, OBJ_NOV], 5_000);

    expect(latest.map((c) => [c.subjectKind, c.periodKey, c.analysis]).sort()).toEqual([
      ['kpi', '2026-11', 'kpi nov'],
      ['objective', '2026-11', 'objective nov'],
    ]);
  });

  it('the later save wins a tie on recorded time', async () => {
    await sut.append(aCommentary({ analysis: 'first', recordedAt: 1_000 }));
    await sut.append(aCommentary({ analysis: 'second', recordedAt: 1_000 }));

    expect((await sut.latest([OEE_NOV], 1_000)).map((c) => c.analysis)).toEqual(['second']);
  });

  it('lists every version oldest first', async () => {
    await sut.append(aCommentary({ analysis: 'b', recordedAt: 2_000 }));
    await sut.append(aCommentary({ analysis: 'a', recordedAt: 1_000 }));
    await sut.append(aCommentary({ ...OEE_DEC, analysis: 'other period', recordedAt: 1_500 }));

    expect((await sut.versions(OEE_NOV)).map((c) => [c.analysis, c.recordedAt])).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ]);
  });
});
