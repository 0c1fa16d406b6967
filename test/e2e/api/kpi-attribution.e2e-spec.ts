import type { SignalSample } from '@bsc/common';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { testSample as sample } from '@bsc/common';

interface Part {
  term: string;
  inputId: string;
  source: string;
  before: number | null;
  after: number | null;
  contribution: number;
  parts: Part[];
}
interface Attribution {
  from: { periodKey: string; value: number; target: number | null; reportedValue: number | null };
  to: { periodKey: string; value: number; target: number | null };
  change: number;
  exact: boolean;
  parts: Part[];
  bySignal: Array<{ id: string; contribution: number }>;
  byAsset: Array<{ id: string; contribution: number }>;
  byUnit: Array<{ id: string; contribution: number }>;
  corrections: number | null;
  reportedChange: number | null;
  targetChange: number | null;
  gapChange: number | null;
}

const PART = 'term inputId source before after contribution';
const QUERY = `query($id: ID!, $from: String!, $to: String!) {
  kpi(id: $id) { attribution(from: $from, to: $to) {
    from { periodKey value target reportedValue } to { periodKey value target }
    change exact corrections reportedChange targetChange gapChange
    parts { ${PART} parts { ${PART} parts { ${PART} } } }
    bySignal { id contribution } byAsset { id contribution } byUnit { id contribution }
  } }
}`;

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);

/**
 * Demo model: revenue = sum(erp.order_value, period), cogs = sum(erp.cogs, period), gross_margin =
 * safediv(revenue - cogs, revenue) * 100, all quarterly. Q1 2026: orders 1000 + 10 (the 10 of 20 Mar arrived on
 * 15 Jul, after Q1 was reported), cogs 600. Q2 2026: orders 1500 + 300, cogs 900.
 */
const DATA: Array<{ sample: SignalSample; receivedAt: number }> = [
  { sample: sample('erp.order_value', at(2, 10), 1000), receivedAt: at(2, 10) },
  { sample: sample('erp.order_value', at(3, 20), 10), receivedAt: at(7, 15) },
  { sample: sample('erp.cogs', at(2, 10), 600), receivedAt: at(2, 10) },
  { sample: sample('erp.order_value', at(5, 5), 1500), receivedAt: at(5, 5) },
  { sample: sample('erp.order_value', at(6, 1), 300), receivedAt: at(6, 1) },
  { sample: sample('erp.cogs', at(5, 5), 900), receivedAt: at(5, 5) },
];

describe('kpi.attribution: why a KPI changed quarter over quarter', () => {
  let sut: ApiTestApp;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    sut = await startApiTestApp();
    viewer = bearer(sut.token('viewer'));
    for (const d of DATA) await sut.samples.insertBatch([d.sample], d.receivedAt);
  });
  afterAll(() => sut?.close());

  const attribution = async (id: string, from = '2026-Q1', to = '2026-Q2') => {
    const res = await gql<{ kpi: { attribution: Attribution } }>(sut.url, QUERY, { id, from, to }, viewer);
    return { errors: res.errors, result: res.data?.kpi?.attribution };
  };

  it('attributes the revenue change to its input, with the late order as a correction and the target move', async () => {
    const { errors, result } = await attribution('revenue');
    expect(errors).toBeUndefined();
    // Q1 now 1010 (reported on 1 Apr as 1000), Q2 1800; targets 11 000 000 and 11 500 000 in the demo model
    expect(result).toMatchObject({
      from: { periodKey: 'FY2026-Q1', value: 1010, target: 11_000_000, reportedValue: 1000 },
      to: { periodKey: 'FY2026-Q2', value: 1800, target: 11_500_000 },
      change: 790,
      exact: true,
      corrections: 10,
      reportedChange: 800,
      targetChange: 500_000,
      gapChange: 790 - 500_000,
    });
    expect(result!.parts).toEqual([
      expect.objectContaining({ term: 'sum(erp.order_value, period)', source: 'signal', before: 1010, after: 1800 }),
    ]);
    expect(result!.parts[0].contribution).toBeCloseTo(790, 9);
    // erp.order_value measures the order-to-cash process of the sales & service unit
    expect(result!.byAsset).toEqual([{ id: 'order-to-cash', contribution: 790 }]);
    expect(result!.byUnit).toEqual([{ id: 'sales-service', contribution: 790 }]);
  });

  it('splits a ratio of two KPIs by Shapley and follows them down to their signals; the parts add up', async () => {
    const { errors, result } = await attribution('gross_margin');
    expect(errors).toBeUndefined();
    // GM = 100 - 100 C / R. v() = f(1010, 600) = 40.5940594, v(R) = f(1800, 600) = 66.6666667,
    // v(C) = f(1010, 900) = 10.8910891, v(RC) = f(1800, 900) = 50.
    // R: ((66.6666667 - 40.5940594) + (50 - 10.8910891)) / 2 = 32.5907591
    // C: ((10.8910891 - 40.5940594) + (50 - 66.6666667)) / 2 = -23.1848185
    expect(result!.change).toBeCloseTo(50 - 40.5940594, 6);
    const [revenue, cogs] = result!.parts;
    expect(revenue).toMatchObject({ term: 'revenue', source: 'kpi', before: 1010, after: 1800 });
    expect(cogs).toMatchObject({ term: 'cogs', source: 'kpi', before: 600, after: 900 });
    expect(revenue.contribution).toBeCloseTo(32.5907591, 6);
    expect(cogs.contribution).toBeCloseTo(-23.1848185, 6);
    expect(revenue.contribution + cogs.contribution).toBeCloseTo(result!.change, 9);
    // one signal under each KPI carries the whole share
    expect(revenue.parts.map((p) => p.inputId)).toEqual(['erp.order_value']);
    expect(revenue.parts[0].contribution).toBeCloseTo(32.5907591, 6);
    const bySignal = Object.fromEntries(result!.bySignal.map((g) => [g.id, g.contribution]));
    expect(bySignal['erp.cogs']).toBeCloseTo(-23.1848185, 6);
    expect(result!.byUnit).toHaveLength(1);
    expect(result!.byUnit[0].contribution).toBeCloseTo(result!.change, 9);
    // as reported on 1 Apr: (1000 - 600) / 1000 = 40 %, so the late order raised Q1 by 0.5940594 points since
    expect(result!.corrections).toBeCloseTo(40.5940594 - 40, 6);
  });

  it('compares two instants of the same quarter: the values to date at each', async () => {
    const res = await gql<{ kpi: { attribution: Attribution } }>(
      sut.url,
      `query($id: ID!, $fromAt: DateTime!, $toAt: DateTime!) { kpi(id: $id) { attribution(fromAt: $fromAt, toAt: $toAt) {
        from { periodKey value reportedValue } to { periodKey value } change corrections parts { ${PART} } } } }`,
      { id: 'gross_margin', fromAt: new Date(at(5, 20)).toISOString(), toAt: new Date(at(6, 10)).toISOString() },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    const result = res.data!.kpi.attribution;
    // 20 May: revenue 1500, cogs 900 -> 40 %; 10 Jun: revenue 1800, cogs 900 -> 50 %; only revenue moved
    expect(result).toMatchObject({
      from: { periodKey: 'FY2026-Q2', reportedValue: 40 },
      to: { periodKey: 'FY2026-Q2' },
      corrections: 0,
    });
    expect(result.from.value).toBeCloseTo(40, 9);
    expect(result.to.value).toBeCloseTo(50, 9);
    expect(result.parts.map((p) => [p.term, p.before, p.after])).toEqual([
      ['revenue', 1500, 1800],
      ['cogs', 900, 900],
    ]);
    expect(result.parts[0].contribution).toBeCloseTo(10, 9);
    expect(result.parts[1].contribution).toBe(0);
  });

  it.each([
    ['a later from', '2026-Q2', '2026-Q1', 'from'],
    ['a period of another kind', '2026-03', '2026-Q2', 'from'],
    ['a period without data', '2025-Q4', '2026-Q2', 'from'],
  ])('refuses %s, naming the argument', async (_case, from, to, field) => {
    const { errors } = await attribution('revenue', from, to);
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errors?.[0].message).toContain(field);
  });
});
