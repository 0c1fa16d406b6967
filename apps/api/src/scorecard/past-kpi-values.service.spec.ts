import type { DataSource } from 'typeorm';
import { testSample as sample } from '@bsc/common';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { KpiEngine } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import { PastKpiValues } from './past-kpi-values.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D = Date.UTC(2026, 10, 20); // Friday 20 Nov 2026, 00:00Z

describe(`${PastKpiValues.name}: data read before the previous period`, () => {
  let dataSource: DataSource;
  let samples: SampleRepository;
  let sut: PastKpiValues;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
    sut = new PastKpiValues(samples, new KpiValueRepository(dataSource));
  });
  afterEach(() => dataSource.destroy());

  it('a 7-day sliding window of a daily KPI reads the 7 days, not just today and yesterday', async () => {
    const model = TwinModelBuilder.model()
      .signal('sales')
      .declare({ kind: 'amount' }, 'sales')
      .kpi('rolling_week', 'sum(sales, 7d)', { aggregation: 'last', updateFrequency: '1h' })
      .build();
    // 10 four days ago, 20 three days ago, 5 today: all within the 7 days before asOf
    await samples.insertBatch(
      [
        sample('sales', D - 4 * DAY + 12 * HOUR, 10),
        sample('sales', D - 3 * DAY + 12 * HOUR, 20),
        sample('sales', D + 12 * HOUR, 5),
      ],
      D + 13 * HOUR, // all received before asOf
    );
    const asOf = D + 18 * HOUR;

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: 10 + 20 + 5 = 35
    expect(rows.find((r) => r.kpiId === 'rolling_week' && r.periodKey === '2026-11-20')?.value).toBe(35);
  });

  it("the previous month's time-weighted average holds the reading from before that month (carry-in)", async () => {
    const model = TwinModelBuilder.model()
      .signal('level')
      .declare({ maxHold: '40d' }, 'level')
      .kpi('avg_level', 'avg(level, period)', { period: 'month', updateFrequency: '1h' })
      .build();
    // 100 from 20 Oct, 50 from 16 Nov 00:00: November is 15 days at 100 (held in from October) and 15 days at 50
    await samples.insertBatch(
      [
        sample('level', Date.UTC(2026, 9, 20), 100),
        sample('level', Date.UTC(2026, 10, 16), 50),
        sample('level', Date.UTC(2026, 11, 1), 50), // closes November
      ],
      Date.UTC(2026, 11, 1, 1),
    );
    const asOf = Date.UTC(2026, 11, 5, 12); // 5 Dec: current period December, previous November

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: (100 * 15 + 50 * 15) / 30 = 75
    expect(rows.find((r) => r.kpiId === 'avg_level' && r.periodKey === '2026-11')?.value).toBeCloseTo(75, 9);
  });

  it("a counter's period increase counts the step from the reading before the previous period", async () => {
    const model = TwinModelBuilder.model()
      .signal('meter')
      .declare({ kind: 'counter' }, 'meter')
      .kpi('kwh', 'sum(meter, period)', { period: 'month', aggregation: 'sum', updateFrequency: '1h' })
      .build();
    // readings 1000 on 31 Oct 23:00, 1100 on 1 Nov 01:00, 1300 on 30 Nov 23:00
    await samples.insertBatch(
      [
        sample('meter', Date.UTC(2026, 9, 31, 23), 1000),
        sample('meter', Date.UTC(2026, 10, 1, 1), 1100),
        sample('meter', Date.UTC(2026, 10, 30, 23), 1300),
      ],
      Date.UTC(2026, 11, 1),
    );
    const asOf = Date.UTC(2026, 11, 5, 12);

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: the step into November (1000 -> 1100) counts in November: 1300 - 1000 = 300
    expect(rows.find((r) => r.kpiId === 'kwh' && r.periodKey === '2026-11')?.value).toBe(300);
  });

  it('a bare signal id reads its newest value, however long before the previous period it came', async () => {
    const model = TwinModelBuilder.model()
      .signal('staff')
      .kpi('heads', 'staff', { period: 'month', updateFrequency: '1h' })
      .build();
    // 42 on 20 Oct, then nothing until 45 on 2 Dec
    await samples.insertBatch(
      [sample('staff', Date.UTC(2026, 9, 20), 42), sample('staff', Date.UTC(2026, 11, 2), 45)],
      Date.UTC(2026, 11, 2, 1),
    );
    const asOf = Date.UTC(2026, 11, 5, 12);

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: the newest reading at November's end is October's 42; December's is 45
    const heads = (key: string) => rows.find((r) => r.kpiId === 'heads' && r.periodKey === key)?.value;
    expect([heads('2026-11'), heads('2026-12')]).toEqual([42, 45]);
  });
});

describe(`${PastKpiValues.name}: signals no KPI reads`, () => {
  let dataSource: DataSource;
  let samples: SampleRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
  });
  afterEach(() => dataSource.destroy());

  /** The repository, counting the samples each read returns. */
  function counting(): { store: SampleRepository; read: () => number } {
    let read = 0;
    const store = Object.create(samples) as SampleRepository;
    store.replay = async function* (options) {
      for await (const page of samples.replay(options)) {
        read += page.length;
        yield page;
      }
    };
    store.carriedIn = async (...args) => {
      const found = await samples.carriedIn(...args);
      read += found.length;
      return found;
    };
    return { store, read: () => read };
  }

  it('a past scorecard reads only the samples of the signals its KPIs read, with the same values', async () => {
    const model = TwinModelBuilder.model()
      .signal('units')
      .signal('noise')
      .declare({ kind: 'amount' }, 'units')
      .kpi('output', 'sum(units, period)', { aggregation: 'sum', updateFrequency: '1h' })
      .build();
    // 3 units samples (4 + 5 yesterday, 6 today) and 48 of a noisy signal nothing reads
    const noise = Array.from({ length: 48 }, (_, i) => sample('noise', D - DAY + i * HOUR, Math.sin(i)));
    await samples.insertBatch(
      [sample('units', D - 12 * HOUR, 4), sample('units', D - 6 * HOUR, 5), sample('units', D + 6 * HOUR, 6), ...noise],
      D + 7 * HOUR,
    );
    const asOf = D + 8 * HOUR;
    const { store, read } = counting();
    const sut = new PastKpiValues(store, new KpiValueRepository(dataSource));

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: yesterday 4 + 5 = 9, today 6; only the 3 units samples are read
    const output = (key: string) => rows.find((r) => r.kpiId === 'output' && r.periodKey === key)?.value;
    expect([output('2026-11-19'), output('2026-11-20')]).toEqual([9, 6]);
    expect(read()).toBe(3);
  });
});

describe(`${PastKpiValues.name}: manual values a longer-period KPI reads`, () => {
  let dataSource: DataSource;
  let sut: PastKpiValues;
  let revisions: KpiValueRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    revisions = new KpiValueRepository(dataSource);
    sut = new PastKpiValues(new SampleRepository(dataSource), revisions);
  });
  afterEach(() => dataSource.destroy());

  it('a quarter summing monthly manual entries counts every month of the quarter', async () => {
    const model = TwinModelBuilder.model()
      .kpi('monthly_sales', undefined, { period: 'month', aggregation: 'sum' })
      .kpi('quarter_sales', 'sum(monthly_sales, period)', { period: 'quarter', aggregation: 'sum' })
      .build();
    const probe = new KpiEngine(model); // only to shape the manual values as the API stores them
    const entries = [
      ['2026-10', 10, Date.UTC(2026, 10, 2)],
      ['2026-11', 20, Date.UTC(2026, 11, 2)],
      ['2026-12', 30, Date.UTC(2026, 11, 20)],
    ] as const;
    for (const [key, value, at] of entries) {
      const [manual] = probe.setManualValue('monthly_sales', key, value, at);
      await revisions.appendRevisions([{ ...manual, origin: 'manual' }], 1, at);
    }
    const asOf = Date.UTC(2026, 11, 28); // 28 Dec: Q4 (Oct-Dec) with all three months entered

    const rows = await sut.at(model, asOf, asOf);

    // hand-worked: October 10 + November 20 + December 30 = 60
    expect(rows.find((r) => r.kpiId === 'quarter_sales' && r.periodKey === 'FY2026-Q4')?.value).toBe(60);
  });
});
