import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { InProcessEventBus } from '@bsc/events';
import { openDataSource, PeriodCommentaryRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { TwinIndexService } from '../twin/twin-index.service';
import { CommentaryService } from './commentary.service';

const ALICE: Principal = {
  subject: 'apikey:k1',
  name: 'Alice Strategist',
  role: 'strategist',
  units: null,
  via: 'api_key',
};
const BOB: Principal = { subject: 'bob-sub', name: 'Bob', role: 'strategist', units: ['plant'], via: 'jwt' };
const at = (iso: string): number => Date.parse(iso);
const endOfDay = (day: string): number => at(`${day}T23:59:59.999Z`);

// The minimal model: calendar UTC, KPIs monthly; plant has objective 'efficient' with KPIs output and scrap_rate.
const T1 = at('2026-11-10T12:00:00Z'); // Alice: November, v1
const T2 = at('2026-11-20T12:00:00Z'); // Bob: November, v2 (revises v1)
const T3 = at('2026-12-05T09:00:00Z'); // Alice: December
const NOW = at('2026-12-10T00:00:00Z');

describe(CommentaryService.name, () => {
  let dataSource: DataSource;
  let published: unknown[];
  let sut: CommentaryService;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const model = TwinModelBuilder.minimal().buildValid();
    const activeModel = { current: () => ({ model, version: 1 }) } as unknown as ActiveModel;
    const bus = new InProcessEventBus();
    published = [];
    bus.subscribe('scorecard.changed', (e) => published.push(e));
    sut = new CommentaryService(
      activeModel,
      new PeriodCommentaryRepository(dataSource),
      bus,
      new TwinIndexService(activeModel),
    );
    const write = (p: Principal, analysis: string, when: number): Promise<unknown> =>
      sut.write(p, { subjectKind: 'kpi', subjectId: 'scrap_rate', analysis, actions: `act ${analysis}` }, when);
    await write(ALICE, 'v1', T1);
    await write(BOB, 'v2', T2);
    await write(ALICE, 'dec', T3);
    await sut.write(ALICE, { subjectKind: 'objective', subjectId: 'efficient', analysis: 'obj', actions: '' }, T1);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('files a commentary under the period of the time it was written, signed with the display name', async () => {
    const versions = await sut.versions(ALICE, 'kpi', 'scrap_rate', '2026-11', NOW);

    expect(versions.map((v) => [v.periodKey, v.analysis, v.actions, v.author, v.recordedAt.toISOString()])).toEqual([
      ['2026-11', 'v1', 'act v1', 'Alice Strategist', '2026-11-10T12:00:00.000Z'],
      ['2026-11', 'v2', 'act v2', 'Bob', '2026-11-20T12:00:00.000Z'],
    ]);
    expect(published).toContainEqual({ unitId: 'plant', at: T1 });
  });

  it.each([
    ['live (December, newest)', undefined, undefined, 'dec'],
    ['as of 15 Nov: v1, as known then', endOfDay('2026-11-15'), undefined, 'v1'],
    ['as of 15 Nov with later corrections: v2', endOfDay('2026-11-15'), NOW, 'v2'],
    ['as of 30 Nov: v2', endOfDay('2026-11-30'), undefined, 'v2'],
    ['as of 9 Nov: nothing written yet', endOfDay('2026-11-09'), undefined, undefined],
    ['as of 3 Dec: December has none yet', endOfDay('2026-12-03'), undefined, undefined],
    ['as of 3 Dec known now: the December one', endOfDay('2026-12-03'), NOW, 'dec'],
  ])('%s', async (_case, asOf, knownAt, expected) => {
    const shown = await sut.forUnit(ALICE, { unit: 'plant', asOf, knownAt }, NOW);

    expect(shown.find((c) => c.subjectKind === 'kpi' && c.subjectId === 'scrap_rate')?.analysis).toBe(expected);
  });

  it('shows the objective commentary for the month that contains asOf', async () => {
    const nov = await sut.forUnit(ALICE, { unit: 'plant', asOf: endOfDay('2026-11-30') }, NOW);
    const dec = await sut.forUnit(ALICE, { unit: 'plant' }, NOW);

    expect(nov.filter((c) => c.subjectKind === 'objective').map((c) => [c.subjectId, c.periodKey, c.analysis])).toEqual(
      [['efficient', '2026-11', 'obj']],
    );
    expect(dec.filter((c) => c.subjectKind === 'objective')).toEqual([]);
  });

  it('refuses a period key of another period type and subjects outside the caller’s units', async () => {
    await expect(
      sut.write(ALICE, { subjectKind: 'kpi', subjectId: 'output', periodKey: '2026-Q4', analysis: 'x', actions: '' }),
    ).rejects.toThrow("periodKey: '2026-Q4' is not a month period key");
    await expect(
      sut.write(BOB, { subjectKind: 'objective', subjectId: 'grow', analysis: 'x', actions: '' }),
    ).rejects.toThrow("input.subjectId: no objective 'grow'");
    await expect(sut.forUnit(BOB, { unit: 'acme' })).rejects.toThrow('unit: outside the org units granted to bob-sub');
  });
});
