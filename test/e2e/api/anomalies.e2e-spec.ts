import { AnomalyRepository, type AnomalyRecord } from '@bsc/persistence';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

const T0 = Date.UTC(2026, 10, 23);
const H = 3_600_000;
const QUERY = `query($from: DateTime!, $to: DateTime!, $unit: ID, $first: Int) {
  anomalies(from: $from, to: $to, unit: $unit, first: $first) { kind kpiId unitId signalId at score }
}`;

function found(kpiId: string, unitId: string, hours: number): AnomalyRecord {
  return {
    kind: 'kpi_change_point',
    kpiId,
    signalId: null,
    unitId,
    ts: T0 + hours * H,
    score: 0.6,
    value: 1,
    expected: 2,
    lower: null,
    upper: null,
    periodKey: '2026-11',
    detectedAt: T0 + hours * H,
  };
}

describe('anomalies', () => {
  let sut: ApiTestApp;
  const range = { from: new Date(T0).toISOString(), to: new Date(T0 + 24 * H).toISOString() };

  beforeAll(async () => {
    sut = await startApiTestApp();
    await sut.app
      .get(AnomalyRepository)
      .record([found('oee_line1', 'plant-north', 1), found('oee_line3', 'plant-south', 2)]);
  });
  afterAll(() => sut?.close());

  it("answers a caller granted plant-north with plant-north's anomalies only", async () => {
    const north = await gql<{ anomalies: Array<{ kpiId: string; unitId: string; at: string }> }>(
      sut.url,
      QUERY,
      range,
      bearer(sut.token('viewer', ['plant-north'])),
    );
    const all = await gql<{ anomalies: Array<{ kpiId: string }> }>(sut.url, QUERY, range, bearer(sut.token('viewer')));

    expect(north.data?.anomalies).toEqual([
      {
        kind: 'kpi_change_point',
        kpiId: 'oee_line1',
        unitId: 'plant-north',
        signalId: null,
        at: new Date(T0 + H).toISOString(),
        score: 0.6,
      },
    ]);
    expect(all.data?.anomalies.map((a) => a.kpiId)).toEqual(['oee_line3', 'oee_line1']);
  });

  it.each([
    ['a unit outside the grant', { unit: 'plant-south' }, 'FORBIDDEN'],
    ['more than 5,000', { first: 5_001 }, 'BAD_USER_INPUT'],
    ['an empty range', { to: range.from }, 'BAD_USER_INPUT'],
  ])('refuses %s', async (_case, over, code) => {
    const res = await gql(sut.url, QUERY, { ...range, ...over }, bearer(sut.token('viewer', ['plant-north'])));

    expect(res.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('pages through the connection with its cursors', async () => {
    const PAGE = `query($from: DateTime!, $to: DateTime!, $after: String) {
      anomaliesPage(from: $from, to: $to, first: 1, after: $after) {
        nodes { kpiId } totalCount pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      anomaliesPage: {
        nodes: Array<{ kpiId: string }>;
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const auth = bearer(sut.token('viewer'));
    const first = await gql<Page>(sut.url, PAGE, range, auth);
    const second = await gql<Page>(
      sut.url,
      PAGE,
      { ...range, after: first.data?.anomaliesPage.pageInfo.endCursor },
      auth,
    );

    // newest first: oee_line3 (2 h), then oee_line1 (1 h), one a page
    expect(first.data?.anomaliesPage).toMatchObject({
      nodes: [{ kpiId: 'oee_line3' }],
      totalCount: 2,
      pageInfo: { hasNextPage: true },
    });
    expect(second.data?.anomaliesPage).toMatchObject({
      nodes: [{ kpiId: 'oee_line1' }],
      totalCount: 2,
      pageInfo: { hasNextPage: false },
    });
  });
});
