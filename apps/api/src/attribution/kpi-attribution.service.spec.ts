import type { DataSource } from 'typeorm';
import type { ActiveModelSnapshot } from '@bsc/app-kit';
import { TwinGraph, TwinModelBuilder, type TwinModel } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../graphql/api-context';
import type { ModelCatalog } from '../stores/model-catalog.store';
import { KpiAttributionArgs } from './dto/kpi-attribution.args';
import { KpiAttributionService } from './kpi-attribution.service';
import { ADMIN, attributionOver } from './testing/attribution-over';
import { testSample as sample } from '@bsc/common';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
/** Version 2 (revenue gains the services term) was imported on 1 November. */
const SWITCH = Date.UTC(2026, 10, 1);

function shop(revenue: string): TwinModel {
  return TwinModelBuilder.model('shop')
    .unit('acme')
    .signal('price', 'qty', 'services')
    .kpi('revenue', revenue, { orgUnit: 'acme', period: 'month', target: 100 })
    .buildValid();
}
const NORTH_ONLY: Principal = { subject: 'north', role: 'viewer', units: ['north'], via: 'jwt' };

const V1 = shop('avg(price, period) * sum(qty, period)');
const V2 = shop('avg(price, period) * sum(qty, period) + sum(services, period)');

/**
 * October: price 10, qty 2 + 3 = 5, so 10 * 5 = 50 (services 7 are recorded, but v1 does not read them).
 * November: price 12, qty 6, services 20: 12 * 6 = 72 under v1, 72 + 20 = 92 under v2.
 */
const SAMPLES = [
  sample('price', at(10, 5), 10),
  sample('qty', at(10, 5), 2),
  sample('qty', at(10, 20), 3),
  sample('services', at(10, 20), 7),
  sample('price', at(11, 5), 12),
  sample('qty', at(11, 5), 6),
  sample('services', at(11, 10), 20),
];

describe(`${KpiAttributionService.name} across model versions`, () => {
  let dataSource: DataSource;
  let sut: (catalog: ModelCatalog | null) => KpiAttributionService;

  beforeEach(async () => {
    const opened = await attributionOver(SAMPLES, at(12, 1));
    dataSource = opened.dataSource;
    sut = (catalog) => opened.service(V2, catalog);
  });
  afterEach(() => dataSource.destroy());

  const snapshot = (model: TwinModel, version: number): ActiveModelSnapshot => ({
    model,
    graph: TwinGraph.fromModel(model),
    version,
    importedAt: version === 1 ? 0 : SWITCH,
  });
  const catalog: ModelCatalog = {
    list: () => Promise.resolve([]),
    inForceAt: (t) => Promise.resolve(t < SWITCH ? snapshot(V1, 1) : snapshot(V2, 2)),
  };
  const ctx = () => ({ memo: new Map([['now', at(12, 2)]]) }) as unknown as ApiContext;
  const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

  it('splits the data change with the formula of October and reports the services term as the model change', async () => {
    const result = await sut(catalog).attribution(ctx(), ADMIN, 'revenue', args);

    // 50 -> 92 = 42. Under v1 50 -> 72 = 22, Shapley of the product: price (12 - 10) * (5 + 6) / 2 = 11,
    // qty (6 - 5) * (10 + 12) / 2 = 11; the model change: November under v2 minus under v1, 92 - 72 = 20
    expect(result).toMatchObject({
      from: { periodKey: '2026-10', value: 50 },
      to: { periodKey: '2026-11', value: 92 },
      change: 42,
      modelChange: 20,
      fromModelVersion: 1,
      toModelVersion: 2,
    });
    expect(result.parts.map((p) => [p.inputId, Math.round(p.contribution * 1e9) / 1e9])).toEqual([
      ['price', 11],
      ['qty', 11],
    ]);
  });

  it('reads both ends with one model, no model change, when no versions are stored', async () => {
    const result = await sut(null).attribution(ctx(), ADMIN, 'revenue', args);

    // the current model (v2) at both ends: October 50 + 7 = 57, November 92, so 35 = price 11 + qty 11 + services 13
    expect(result).toMatchObject({ change: 35, modelChange: 0, fromModelVersion: null, toModelVersion: null });
    expect(result.parts.map((p) => [p.inputId, Math.round(p.contribution * 1e9) / 1e9])).toEqual([
      ['price', 11],
      ['qty', 11],
      ['services', 13],
    ]);
  });
});

/**
 * North's sales read north's orders and two inputs of south: south's sales (its orders) and south's bonus.
 * October: 10 + 20 + 1 = 31; November: 13 + 24 + 2 = 39. A change of 8: north's orders 3, south's inputs 4 + 1 = 5.
 */
function twoUnits(): TwinModel {
  return TwinModelBuilder.model('two-units')
    .unit('north')
    .unit('south')
    .push('processes', { id: 'north_line', name: 'north_line', unit: 'north' })
    .push('processes', { id: 'south_line', name: 'south_line', unit: 'south' })
    .signal({ id: 'north.orders', measures: 'north_line' })
    .signal({ id: 'south.orders', measures: 'south_line' }, { id: 'south.bonus', measures: 'south_line' })
    .kpi('south_sales', 'sum(south.orders, period)', { orgUnit: 'south', period: 'month', target: 10 })
    .kpi('sales', 'sum(north.orders, period) + south_sales + sum(south.bonus, period)', {
      orgUnit: 'north',
      period: 'month',
      target: 10,
    })
    .buildValid();
}
const TWO_UNIT_SAMPLES = [
  sample('north.orders', at(10, 5), 10),
  sample('south.orders', at(10, 5), 20),
  sample('south.bonus', at(10, 5), 1),
  sample('north.orders', at(11, 5), 13),
  sample('south.orders', at(11, 5), 24),
  sample('south.bonus', at(11, 5), 2),
];

describe(`${KpiAttributionService.name} for a caller scoped to some units`, () => {
  let dataSource: DataSource;
  let sut: KpiAttributionService;

  beforeEach(async () => {
    const opened = await attributionOver(TWO_UNIT_SAMPLES, at(12, 1));
    dataSource = opened.dataSource;
    sut = opened.service(twoUnits());
  });
  afterEach(() => dataSource.destroy());

  const ctx = () => ({ memo: new Map([['now', at(12, 2)]]) }) as unknown as ApiContext;
  const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });
  const rounded = (x: number) => Math.round(x * 1e9) / 1e9;

  it('sums the inputs of other units into one part that names none of them, so the parts still add up', async () => {
    const result = await sut.attribution(ctx(), NORTH_ONLY, 'sales', args);

    expect(result.change).toBe(8);
    expect(result.parts.map((p) => [p.inputId, p.source, rounded(p.contribution), p.parts.length])).toEqual([
      ['north.orders', 'signal', 3, 0],
      ['other units', 'other', 5, 0],
    ]);
    const groups = (g: Array<{ id: string; contribution: number }>) => g.map((x) => [x.id, rounded(x.contribution)]);
    expect(groups(result.bySignal)).toEqual([
      ['other units', 5],
      ['north.orders', 3],
    ]);
    expect(groups(result.byAsset)).toEqual([
      ['other units', 5],
      ['north_line', 3],
    ]);
    expect(groups(result.byUnit)).toEqual([
      ['other units', 5],
      ['north', 3],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/south/);
  });

  it('names and splits every input for an unscoped caller', async () => {
    const result = await sut.attribution(ctx(), ADMIN, 'sales', args);

    expect(result.parts.map((p) => [p.inputId, rounded(p.contribution)])).toEqual([
      ['north.orders', 3],
      ['south_sales', 4],
      ['south.bonus', 1],
    ]);
    expect(result.parts[1].parts.map((p) => [p.inputId, rounded(p.contribution)])).toEqual([['south.orders', 4]]);
    expect(result.byUnit.map((g) => [g.id, rounded(g.contribution)])).toEqual([
      ['south', 5],
      ['north', 3],
    ]);
  });

  it('answers a KPI of another unit like an unknown one', async () => {
    await expect(sut.attribution(ctx(), NORTH_ONLY, 'south_sales', args)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe(`${KpiAttributionService.name} to a period still open`, () => {
  let dataSource: DataSource;
  let sut: KpiAttributionService;
  // 16 November 00:00: half of November (15 of 30 days) has passed
  const NOW = Date.UTC(2026, 10, 16);

  beforeEach(async () => {
    const orders = [
      sample('orders', at(10, 5), 150),
      sample('orders', at(11, 5), 100),
      sample('orders', at(11, 10), 50),
    ];
    const opened = await attributionOver(orders, at(11, 15));
    dataSource = opened.dataSource;
    const model = TwinModelBuilder.model('open')
      .unit('acme')
      .signal('orders')
      .kpi('sales', 'sum(orders, period)', { orgUnit: 'acme', period: 'month', aggregation: 'sum', target: 300 })
      .buildValid();
    sut = opened.service(model);
  });
  afterEach(() => dataSource.destroy());

  it('compares its value to date with the target due by now, as the scorecard judges it', async () => {
    const ctx = { memo: new Map([['now', NOW]]) } as unknown as ApiContext;
    const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

    const result = await sut.attribution(ctx, ADMIN, 'sales', args);

    // October closed at 150 against its 300 (gap -150); November holds 150 by its half, on plan for the 150 due:
    // no change in value, the target due fell by 150, the gap closed by 150
    expect(result).toMatchObject({
      from: { value: 150, target: 300 },
      to: { value: 150, target: 150 },
      change: 0,
      targetChange: -150,
      gapChange: 150,
    });
  });
});

describe(`${KpiAttributionService.name} from a period a reading before it steps into`, () => {
  let dataSource: DataSource;
  let sut: KpiAttributionService;

  beforeEach(async () => {
    // meter readings: 1000 on 30 Sep 23:00, 1100 on 1 Oct 01:00, 1300 on 31 Oct 23:00, 1700 on 30 Nov 23:00
    const readings = [
      sample('meter', Date.UTC(2026, 8, 30, 23), 1000),
      sample('meter', Date.UTC(2026, 9, 1, 1), 1100),
      sample('meter', Date.UTC(2026, 9, 31, 23), 1300),
      sample('meter', Date.UTC(2026, 10, 30, 23), 1700),
    ];
    const opened = await attributionOver(readings, at(12, 1));
    dataSource = opened.dataSource;
    const model = TwinModelBuilder.model('meter')
      .unit('acme')
      .signal('meter')
      .declare({ kind: 'counter' }, 'meter')
      .kpi('kwh', 'sum(meter, period)', { orgUnit: 'acme', period: 'month', aggregation: 'sum', target: 300 })
      .buildValid();
    sut = opened.service(model);
  });
  afterEach(() => dataSource.destroy());

  it("counts the counter's step from the reading before the from period in that period", async () => {
    const ctx = { memo: new Map([['now', at(12, 2)]]) } as unknown as ApiContext;
    const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

    const result = await sut.attribution(ctx, ADMIN, 'kwh', args);

    // October 1300 - 1000 = 300 (the step 1000 -> 1100 lands on 1 October), November 1700 - 1300 = 400
    expect(result).toMatchObject({ from: { value: 300 }, to: { value: 400 }, change: 100 });
  });
});
