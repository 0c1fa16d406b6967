import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { AnomalyRepository, openDataSource, type AnomalyRecord } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { TwinIndexService } from '../twin/twin-index.service';
import { encodeCursor } from '../graphql/pagination/paginate';
import { AnomalyService } from './anomaly.service';
import { AnomaliesArgs, AnomalyRangeArgs } from './dto/anomalies.args';

const ADMIN: Principal = { subject: 'apikey:k1', role: 'admin', units: null, via: 'api_key' };
// granted the plant (under acme) only: the office, acme's other unit, is not theirs
const PLANT_VIEWER: Principal = { subject: 'bob', role: 'viewer', units: ['plant'], via: 'jwt' };
const OFFICE_VIEWER: Principal = { subject: 'carol', role: 'viewer', units: ['office'], via: 'jwt' };

const T0 = Date.UTC(2026, 10, 23);
const H = 3_600_000;

function stored(overrides: Partial<AnomalyRecord>): AnomalyRecord {
  return {
    kind: 'signal',
    kpiId: 'scrap_rate',
    signalId: 'line1.scrap',
    unitId: 'plant',
    ts: T0,
    score: 0.5,
    value: 12,
    expected: null,
    lower: null,
    upper: null,
    periodKey: null,
    detectedAt: T0,
    ...overrides,
  };
}

function args(over: Partial<AnomaliesArgs> = {}): AnomaliesArgs {
  return Object.assign(new AnomaliesArgs(), { from: new Date(T0), to: new Date(T0 + 24 * H) }, over);
}

describe(AnomalyService.name, () => {
  let dataSource: DataSource;
  let sut: AnomalyService;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const model = TwinModelBuilder.minimal().unit('office', 'acme').buildValid();
    const activeModel = { current: () => ({ model, version: 1 }) } as unknown as ActiveModel;
    const repository = new AnomalyRepository(dataSource);
    sut = new AnomalyService(repository, new TwinIndexService(activeModel), { GRAPHQL_MAX_PAGE_SIZE: 5 });
    await repository.record([
      stored({}),
      stored({ kind: 'kpi_interval', kpiId: 'output', signalId: null, ts: T0 + H, score: 0.3, lower: 90, upper: 110 }),
      stored({
        kpiId: 'headcount',
        signalId: 'hr.headcount',
        unitId: 'office',
        ts: T0 + 2 * H,
        score: 0.8,
        planned: true,
      }),
      stored({ ts: T0 + 30 * H }), // the next day: outside the range asked for
    ]);
  });
  afterEach(() => dataSource.destroy());

  const shown = async (p: Principal, over: Partial<AnomaliesArgs> = {}): Promise<Array<[string, string, number]>> =>
    (await sut.list(p, args(over))).map((a) => [a.kpiId, a.unitId, (a.at.getTime() - T0) / H]);

  it('shows an unscoped caller every unit, newest first, as GraphQL anomalies', async () => {
    const all = await sut.list(ADMIN, args());

    expect(all.map((a) => [a.kpiId, a.unitId, (a.at.getTime() - T0) / H])).toEqual([
      ['headcount', 'office', 2],
      ['output', 'plant', 1],
      ['scrap_rate', 'plant', 0],
    ]);
    expect(all[1]).toEqual({
      kind: 'kpi_interval',
      kpiId: 'output',
      unitId: 'plant',
      signalId: null,
      at: new Date(T0 + H),
      score: 0.3,
      value: 12,
      expected: null,
      lower: 90,
      upper: 110,
      periodKey: null,
      planned: false,
    });
    // found in planned downtime: stored and shown with the flag
    expect(all.map((a) => a.planned)).toEqual([true, false, false]);
  });

  it("never shows a caller scoped to one unit another unit's anomalies", async () => {
    expect(await shown(PLANT_VIEWER)).toEqual([
      ['output', 'plant', 1],
      ['scrap_rate', 'plant', 0],
    ]);
    expect(await shown(OFFICE_VIEWER)).toEqual([['headcount', 'office', 2]]);
    // naming the other unit's KPI does not reach it
    expect(await shown(PLANT_VIEWER, { kpiIds: ['headcount'] })).toEqual([]);
  });

  it('narrows to a unit subtree, KPIs, signals, a score and a count', async () => {
    expect(await shown(ADMIN, { unit: 'office' })).toEqual([['headcount', 'office', 2]]);
    expect(await shown(ADMIN, { unit: 'acme' })).toHaveLength(3);
    expect(await shown(ADMIN, { kpiIds: ['scrap_rate', 'output'] })).toEqual([
      ['output', 'plant', 1],
      ['scrap_rate', 'plant', 0],
    ]);
    expect(await shown(ADMIN, { signalIds: ['line1.scrap'] })).toEqual([['scrap_rate', 'plant', 0]]);
    expect(await shown(ADMIN, { minScore: 0.5 })).toEqual([
      ['headcount', 'office', 2],
      ['scrap_rate', 'plant', 0],
    ]);
    expect(await shown(ADMIN, { first: 1 })).toEqual([['headcount', 'office', 2]]);
  });

  it.each([
    ['a unit outside the grant', PLANT_VIEWER, { unit: 'office' }, 'FORBIDDEN', 'unit'],
    ['an unknown unit', ADMIN, { unit: 'nowhere' }, 'NOT_FOUND', 'unit'],
    ['an empty range', ADMIN, { to: new Date(T0) }, 'BAD_USER_INPUT', 'to'],
  ])('refuses %s', async (_case, principal, over, code, path) => {
    await expect(sut.list(principal, args(over))).rejects.toMatchObject({ code, path });
  });

  describe('paged', () => {
    const range = (over: Partial<AnomalyRangeArgs> = {}) =>
      Object.assign(new AnomalyRangeArgs(), { from: new Date(T0), to: new Date(T0 + 24 * H) }, over);

    it('walks every anomaly once, newest first, two at a time, with opaque cursors', async () => {
      const first = await sut.page(ADMIN, range(), { first: 2 });
      // the three of the day, newest first (as the list): headcount 2 h, output 1 h | scrap_rate 0 h
      expect(first.nodes.map((a) => a.kpiId)).toEqual(['headcount', 'output']);
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(first.pageInfo.endCursor).toBe(first.edges[1].cursor);
      expect(first.pageInfo.endCursor).not.toContain('output');

      const second = await sut.page(ADMIN, range(), { first: 2, after: first.pageInfo.endCursor! });
      expect(second.nodes.map((a) => a.kpiId)).toEqual(['scrap_rate']);
      expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(second.totalCount).toBe(3);
    });

    it("keeps to the caller's units on every page", async () => {
      const page = await sut.page(PLANT_VIEWER, range(), { first: 1 });
      expect(page.nodes.map((a) => a.kpiId)).toEqual(['output']);
      expect(page.totalCount).toBe(2);
      const next = await sut.page(PLANT_VIEWER, range(), { first: 1, after: page.pageInfo.endCursor! });
      expect(next.nodes.map((a) => a.kpiId)).toEqual(['scrap_rate']);
      expect(next.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      ['a page larger than GRAPHQL_MAX_PAGE_SIZE', { first: 6 }, 'first'],
      ['a cursor of another list', { after: encodeCursor('17') }, 'after'],
      ['an unknown kind in a cursor', { after: encodeCursor(JSON.stringify([T0, 'oee', 'other', null])) }, 'after'],
      ['garbage', { after: 'not a cursor!' }, 'after'],
    ])('refuses %s', async (_case, page, path) => {
      await expect(sut.page(ADMIN, range(), page)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', path });
    });
  });
});
