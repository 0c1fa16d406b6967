import { randomAt } from '../random/seeded-random';
import { LINE_SPECS } from '../plant/line-spec';
import type { PlantIncidents } from '../plant/plant-incidents';
import { DAY_MS, HOUR_MS, MINUTE_MS, dayIndex, hourIndex, isoWeekday, ramp } from '../plant/sim-time';

/** A business event as the source systems publish it: one value per signal at one time. */
export interface BusinessSample {
  signalId: string;
  ts: number;
  value: number;
}

const GROWTH_PER_YEAR = 0.06;
const GROWTH_EPOCH = Date.UTC(2026, 0, 1);
const MEAN_ORDER_EUR = 1_850;
/** Orders shipped per business hour on an average weekday in January 2026. */
const BASE_ORDERS_PER_HOUR = 8.2;
const WEEKDAY_FACTOR = [0, 1.1, 1.05, 1, 1, 0.9, 0.35, 0];
/** Seasonality by month: summer lull, a Q4 peak (pre-Christmas), a quiet January. */
const MONTH_FACTOR = [0.88, 0.94, 1.02, 0.98, 1, 0.97, 0.9, 0.86, 1.02, 1.08, 1.16, 1.12];
const CUSTOMER_FIRST_START = Date.UTC(2026, 6, 1);
const CUSTOMER_FIRST_END = Date.UTC(2027, 5, 30);

/**
 * ERP, CRM and HR events for the demo model, drawn per hour from key-derived random streams and correlated
 * with the plant through its incident schedule: breakdowns of the last week cut on-time delivery, scrap
 * bursts show up as complaints 3-10 days later, late deliveries and complaints pull CSAT down.
 */
export class BusinessSimulator {
  private readonly dayCache = new Map<number, { downtimeShare: number; scrapBurstHours: number }>();

  constructor(
    private readonly seed: number,
    private readonly incidents: PlantIncidents,
  ) {}

  /** All events with from < ts <= to, in time order. */
  eventsBetween(from: number, to: number): BusinessSample[] {
    const events: BusinessSample[] = [];
    for (let h = hourIndex(from); h <= hourIndex(to); h += 1) {
      for (const event of this.eventsInHour(h)) if (event.ts > from && event.ts <= to) events.push(event);
    }
    return events.sort((a, b) => a.ts - b.ts);
  }

  eventsInHour(hour: number): BusinessSample[] {
    const start = hour * HOUR_MS;
    const hourOfDay = new Date(start).getUTCHours();
    const weekday = isoWeekday(start);
    const businessHour =
      weekday <= 5 ? hourOfDay >= 7 && hourOfDay < 19 : weekday === 6 && hourOfDay >= 8 && hourOfDay < 12;
    const events: BusinessSample[] = [];
    if (businessHour) {
      events.push(...this.shipments(hour, start, weekday));
      events.push(...this.csat(hour, start));
      events.push(...this.tickets(hour, start));
    }
    events.push(...this.inventory(hour, start));
    if (hourOfDay === 17 && weekday <= 5) events.push(...this.complaints(hour, start));
    if (hourOfDay === 8) events.push(...this.hr(hour, start, weekday));
    return events;
  }

  /** Share of planned time Plant North lost to breakdowns over the 7 days before `ts`. */
  downtimeShare(ts: number): number {
    return this.day(dayIndex(ts)).downtimeShare;
  }

  private shipments(hour: number, start: number, weekday: number): BusinessSample[] {
    const random = randomAt(this.seed, 'erp', hour);
    const month = new Date(start).getUTCMonth();
    const growth = 1 + GROWTH_PER_YEAR * ((start - GROWTH_EPOCH) / (365 * DAY_MS));
    const mean = BASE_ORDERS_PER_HOUR * WEEKDAY_FACTOR[weekday] * MONTH_FACTOR[month] * growth;
    // Two shipment waves per hour, each reported as one ERP message.
    const events: BusinessSample[] = [];
    for (const minute of [15, 45]) {
      const ts = Math.round(start + (minute + random.between(-5, 5)) * MINUTE_MS);
      const shipped = random.poisson(mean / 2);
      if (shipped === 0) continue;
      const value = shipped * MEAN_ORDER_EUR * Math.exp((0.25 * random.normal()) / Math.sqrt(shipped));
      const onTimeShare = Math.min(0.995, Math.max(0.6, 0.985 - 0.55 * this.downtimeShare(ts)));
      const cogsRatio =
        0.672 + 0.25 * Math.max(0, this.day(dayIndex(ts)).scrapBurstHours / 24) + 0.012 * random.normal();
      events.push(
        { signalId: 'erp.order_value', ts, value: round2(value) },
        { signalId: 'erp.orders_shipped', ts, value: shipped },
        { signalId: 'erp.orders_on_time', ts, value: random.binomial(shipped, onTimeShare) },
        { signalId: 'erp.cogs', ts: ts + 1_000, value: round2(value * cogsRatio) },
      );
    }
    return events;
  }

  private inventory(hour: number, start: number): BusinessSample[] {
    const random = randomAt(this.seed, 'inventory', hour);
    const month = new Date(start).getUTCMonth();
    // Stock builds up ahead of the Q4 peak (September-October) and is drawn down in December.
    const seasonal = 1 + 0.22 * Math.sin((2 * Math.PI * (month - 6)) / 12);
    const value = 2_650_000 * seasonal * (1 + 0.02 * Math.sin(hour / 37) + 0.006 * random.normal());
    return [{ signalId: 'erp.inventory_value', ts: start + 5 * MINUTE_MS, value: Math.round(value) }];
  }

  private csat(hour: number, start: number): BusinessSample[] {
    const random = randomAt(this.seed, 'csat', hour);
    const lateness = 0.55 * this.downtimeShare(start);
    const complaintsDrag = 0.8 * (this.day(dayIndex(start) - 7).scrapBurstHours / 24);
    const mean = 4.42 - 3.2 * lateness - complaintsDrag;
    const responses = random.poisson(1.1);
    const events: BusinessSample[] = [];
    for (let i = 0; i < responses; i += 1) {
      const score = Math.min(5, Math.max(1, Math.round(mean + 0.75 * random.normal())));
      events.push({ signalId: 'crm.csat_score', ts: Math.round(start + random.next() * HOUR_MS), value: score });
    }
    return events;
  }

  private tickets(hour: number, start: number): BusinessSample[] {
    const random = randomAt(this.seed, 'tickets', hour);
    // The Customer First programme lifts the resolution rate slowly; it still trails the 90 % target.
    const resolution = 0.82 + 0.08 * ramp(start, CUSTOMER_FIRST_START, CUSTOMER_FIRST_END);
    const opened = random.poisson(2.4);
    const resolved = random.poisson(2.4 * resolution);
    const ts = start + 50 * MINUTE_MS;
    return [
      { signalId: 'crm.tickets_opened', ts, value: opened },
      { signalId: 'crm.tickets_resolved', ts, value: resolved },
    ];
  }

  private complaints(hour: number, start: number): BusinessSample[] {
    const random = randomAt(this.seed, 'complaints', hour);
    // Defects made 3-10 days ago reach customers now.
    const today = dayIndex(start);
    let burstHours = 0;
    for (let d = today - 10; d <= today - 3; d += 1) burstHours += this.day(d).scrapBurstHours;
    const perThousand = 3.4 + 0.12 * burstHours;
    const shippedToday = BASE_ORDERS_PER_HOUR * 12;
    return [
      {
        signalId: 'crm.complaints',
        ts: start + 10 * MINUTE_MS,
        value: random.poisson((shippedToday * perThousand) / 1000),
      },
    ];
  }

  private hr(hour: number, start: number, weekday: number): BusinessSample[] {
    const random = randomAt(this.seed, 'hr', hour);
    const days = (start - GROWTH_EPOCH) / DAY_MS;
    const headcount = Math.round(412 + 0.02 * days + 5 * Math.sin((2 * Math.PI * days) / 365));
    const ts = start + 2 * MINUTE_MS;
    const events: BusinessSample[] = [
      { signalId: 'hr.headcount', ts, value: headcount },
      { signalId: 'hr.leavers', ts, value: random.poisson(0.14) },
    ];
    if (weekday <= 5)
      events.push({ signalId: 'hr.training_hours', ts, value: Math.max(0, Math.round(52 + 14 * random.normal())) });
    if (random.chance(0.015)) events.push({ signalId: 'hr.safety_incidents', ts, value: 1 });
    return events;
  }

  private day(index: number): { downtimeShare: number; scrapBurstHours: number } {
    const cached = this.dayCache.get(index);
    if (cached) return cached;
    const to = index * DAY_MS;
    const from = to - 7 * DAY_MS;
    const north = [LINE_SPECS.line1, LINE_SPECS.line2];
    const stoppage = north.reduce((sum, spec) => sum + this.incidents.stoppageHours(spec, from, to), 0);
    // Breakdowns in off-shift hours do not count; about 80 % of the week is planned.
    const downtimeShare = Math.min(1, stoppage / (north.length * 7 * 24 * 0.8));
    const dayFrom = index * DAY_MS;
    const scrapBurstHours = [LINE_SPECS.line1, LINE_SPECS.line2, LINE_SPECS.line3].reduce(
      (sum, spec) => sum + this.incidents.burstHours(spec, dayFrom, dayFrom + DAY_MS),
      0,
    );
    const value = { downtimeShare, scrapBurstHours };
    if (this.dayCache.size > 2_000) this.dayCache.clear();
    this.dayCache.set(index, value);
    return value;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
