import type { SignalSample } from '@bsc/common';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

interface Revenue {
  value: number | null;
  target: number | null;
  periodKey: string;
  delta: { previousValue: number | null; previousPeriodKey: string | null } | null;
}
interface Card {
  scorecard: {
    asOf: string;
    knownAt: string | null;
    perspectives: Array<{ objectives: Array<{ kpis: Array<Revenue & { id: string }> }> }>;
  };
}

const QUERY = `query($asOf: DateTime, $knownAt: DateTime) {
  scorecard(unit: "acme", asOf: $asOf, knownAt: $knownAt) {
    asOf knownAt perspectives { objectives { kpis { id value target periodKey delta { previousValue previousPeriodKey } } } }
  }
}`;

const at = (month: number, day: number) => Date.UTC(2025, month - 1, day, 12);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * revenue = sum(erp.order_value, period), quarterly (demo model). Orders of 2025 with the instant each became
 * known (received_at): live ones on their own day, late ones long after.
 */
const ORDERS: Array<{ ts: number; value: number; receivedAt: number }> = [
  { ts: at(9, 15), value: 1000, receivedAt: at(9, 15) }, // Q3
  { ts: at(9, 20), value: 10, receivedAt: at(11, 25) }, // Q3, late: known from 25 Nov
  { ts: at(10, 10), value: 100, receivedAt: at(10, 10) }, // Q4
  { ts: at(11, 5), value: 200, receivedAt: at(11, 5) },
  { ts: at(11, 8), value: 50, receivedAt: at(12, 1) }, // late: known from 1 Dec
  { ts: at(11, 20), value: 400, receivedAt: at(11, 20) },
];

describe('time travel: the scorecard as it stood at an instant', () => {
  let sut: ApiTestApp;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    sut = await startApiTestApp();
    viewer = bearer(sut.token('viewer'));
    for (const o of ORDERS) {
      const sample: SignalSample = {
        signalId: 'erp.order_value',
        ts: o.ts,
        value: o.value,
        quality: 'good',
        source: 'test',
      };
      await sut.samples.insertBatch([sample], o.receivedAt);
    }
  });
  afterAll(() => sut?.close());

  const revenue = async (asOf: number, knownAt?: number): Promise<Revenue & { knownAt: string | null }> => {
    const res = await gql<Card>(
      sut.url,
      QUERY,
      { asOf: iso(asOf), knownAt: knownAt === undefined ? undefined : iso(knownAt) },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    const kpi = res
      .data!.scorecard.perspectives.flatMap((p) => p.objectives)
      .flatMap((o) => o.kpis)
      .find((k) => k.id === 'revenue')!;
    return {
      value: kpi.value,
      target: kpi.target,
      periodKey: kpi.periodKey,
      delta: kpi.delta,
      knownAt: res.data!.scorecard.knownAt,
    };
  };

  it.each<[string, number, number | undefined, number, number]>([
    // Q4 to 10 Nov: 100 (10 Oct) + 200 (5 Nov); the order of 8 Nov was not known yet, the one of 20 Nov not made.
    // Q3 as known on 10 Nov: 1000 (the 10 of 20 Sep arrived on 25 Nov).
    ['asOf alone: the partial quarter as known then', at(11, 10), undefined, 100 + 200, 1000],
    // known on 30 Nov: the late Q3 order is in (1000 + 10), the late Q4 order of 8 Nov (known 1 Dec) is not.
    ['knownAt 30 Nov: corrected up to then', at(11, 10), at(11, 30), 100 + 200, 1000 + 10],
    // as corrected now: + 50 of 8 Nov; still nothing after 10 Nov (the 400 of 20 Nov).
    ['knownAt now: the same instant as corrected since', at(11, 10), Date.now() + 60_000, 100 + 200 + 50, 1000 + 10],
    // 25 Nov: 100 + 200 + 400; the 8 Nov order still unknown. Q3 includes the 10 known since that noon.
    ['a later instant alone', at(11, 25), undefined, 100 + 200 + 400, 1000 + 10],
  ])('%s', async (_case, asOf, knownAt, expected, previous) => {
    const kpi = await revenue(asOf, knownAt);

    expect(kpi).toMatchObject({
      value: expected,
      periodKey: 'FY2025-Q4',
      delta: { previousValue: previous, previousPeriodKey: 'FY2025-Q3' },
    });
  });

  it('says which knowledge time it shows: asOf itself when alone, now at most', async () => {
    expect((await revenue(at(11, 10))).knownAt).toBe(iso(at(11, 10)));
    const corrected = await revenue(at(11, 10), Date.now() + 3_600_000);
    expect(Date.parse(corrected.knownAt!)).toBeLessThanOrEqual(Date.now());
  });

  it('applies the targets in force then: an override set today is not shown for a past instant as known then', async () => {
    const set = await gql(
      sut.url,
      'mutation { setTarget(input: { kpiId: "revenue", periodKey: "2025-Q4", value: 9000000 }) { value } }',
      {},
      bearer(sut.token('strategist')),
    );
    expect(set.errors).toBeUndefined();

    // the model's target for quarters without a listed one is 12 000 000
    expect((await revenue(at(11, 10))).target).toBe(12_000_000);
    expect((await revenue(at(11, 10), Date.now() + 60_000)).target).toBe(9_000_000);
  });
});
