import { PlantIncidents } from '../plant/plant-incidents';
import { DAY_MS } from '../plant/sim-time';
import { BusinessSimulator, type BusinessSample } from './business-simulator';

const FROM = Date.UTC(2026, 8, 1);
const TO = Date.UTC(2026, 9, 1);

const sum = (events: readonly BusinessSample[], signalId: string) =>
  events.filter((e) => e.signalId === signalId).reduce((s, e) => s + e.value, 0);

describe(BusinessSimulator.name, () => {
  const sut = new BusinessSimulator(42, new PlantIncidents(42));
  const month = sut.eventsBetween(FROM, TO);

  it('is reproducible for a seed and independent of how the interval is split', () => {
    const split = [
      ...sut.eventsBetween(FROM, FROM + 3 * DAY_MS),
      ...sut.eventsBetween(FROM + 3 * DAY_MS, FROM + 5 * DAY_MS),
    ];

    expect(new BusinessSimulator(42, new PlantIncidents(42)).eventsBetween(FROM, FROM + 5 * DAY_MS)).toEqual(split);
    expect(new BusinessSimulator(43, new PlantIncidents(43)).eventsBetween(FROM, FROM + 5 * DAY_MS)).not.toEqual(split);
  });

  it('ships only on business days and never ships more on time than shipped', () => {
    const sundays = month.filter((e) => e.signalId === 'erp.orders_shipped' && new Date(e.ts).getUTCDay() === 0);
    const shipped = month.filter((e) => e.signalId === 'erp.orders_shipped');
    const onTime = month.filter((e) => e.signalId === 'erp.orders_on_time');

    expect(sundays).toEqual([]);
    expect(onTime.filter((e, i) => e.value > shipped[i].value)).toEqual([]);
  });

  it.each([
    [
      'on-time delivery %',
      (e: BusinessSample[]) => (100 * sum(e, 'erp.orders_on_time')) / sum(e, 'erp.orders_shipped'),
      85,
      95,
    ],
    [
      'gross margin %',
      (e: BusinessSample[]) => (100 * (sum(e, 'erp.order_value') - sum(e, 'erp.cogs'))) / sum(e, 'erp.order_value'),
      28,
      34,
    ],
    [
      'ticket resolution %',
      (e: BusinessSample[]) => (100 * sum(e, 'crm.tickets_resolved')) / sum(e, 'crm.tickets_opened'),
      70,
      95,
    ],
    [
      'complaints per 1000 orders',
      (e: BusinessSample[]) => (1000 * sum(e, 'crm.complaints')) / sum(e, 'erp.orders_shipped'),
      1,
      12,
    ],
  ])('keeps %s in a plausible band around the target', (_kpi, kpi, low, high) => {
    const value = kpi(month);
    expect(value).toBeGreaterThan(low);
    expect(value).toBeLessThan(high);
  });

  it('keeps CSAT scores on the 1-5 scale with integer answers', () => {
    const scores = month.filter((e) => e.signalId === 'crm.csat_score').map((e) => e.value);
    expect(scores.length).toBeGreaterThan(100);
    expect(scores.filter((s) => !Number.isInteger(s) || s < 1 || s > 5)).toEqual([]);
  });

  it('delivers less on time in weeks after more breakdowns', () => {
    const days = Array.from({ length: 120 }, (_, i) => FROM + i * DAY_MS);
    const byShare = days
      .map((d) => ({ share: sut.downtimeShare(d), events: sut.eventsBetween(d, d + DAY_MS) }))
      .sort((a, b) => a.share - b.share);
    const rate = (group: typeof byShare) => {
      const events = group.flatMap((g) => g.events);
      return sum(events, 'erp.orders_on_time') / sum(events, 'erp.orders_shipped');
    };

    expect(rate(byShare.slice(0, 40))).toBeGreaterThan(rate(byShare.slice(-40)));
  });
});
