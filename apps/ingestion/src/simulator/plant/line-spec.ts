export const LINE_IDS = ['line1', 'line2', 'line3'] as const;
export type LineId = (typeof LINE_IDS)[number];

/** Nameplate and behaviour of one production line; calibrated so the demo KPIs sit around their targets. */
export interface LineSpec {
  id: LineId;
  /** Ideal rate of the bottleneck machine, units per minute. */
  idealRate: number;
  /** Mean performance (actual over ideal rate while running) and its minute-to-minute spread. */
  performance: { mean: number; spread: number };
  /** Scrap share in normal running. */
  baseScrapRate: number;
  /** Chance per planned hour that an unplanned stoppage starts, before TPM improvements. */
  stoppagePerHour: number;
  /** Median and cap of an unplanned stoppage, minutes. */
  stoppageMinutes: { median: number; max: number };
  /** Chance per planned hour that a scrap burst starts (material, setup), its scrap share and duration. */
  scrapBurst: { perHour: number; rate: number; hours: number };
  /** Energy: per unit made, and the idle draw whenever the line is planned to run. */
  whPerUnit: number;
  idleKw: number;
  /** Planned stops inside production time (cleaning, changeovers): weekday set, start hour, minutes. */
  plannedStops: ReadonlyArray<{ weekdays: readonly number[]; startHour: number; minutes: number }>;
  /** Whether the Plant North TPM programme improves this line. */
  tpm: boolean;
}

const WORKDAYS = [1, 2, 3, 4, 5];

export const LINE_SPECS: Readonly<Record<LineId, LineSpec>> = {
  line1: {
    id: 'line1',
    idealRate: 235,
    performance: { mean: 0.85, spread: 0.03 },
    baseScrapRate: 0.011,
    stoppagePerHour: 0.12,
    stoppageMinutes: { median: 30, max: 240 },
    scrapBurst: { perHour: 0.006, rate: 0.07, hours: 3 },
    whPerUnit: 22,
    idleKw: 35,
    plannedStops: [{ weekdays: WORKDAYS, startHour: 5.5, minutes: 30 }],
    tpm: true,
  },
  line2: {
    id: 'line2',
    idealRate: 130,
    performance: { mean: 0.78, spread: 0.04 },
    baseScrapRate: 0.016,
    stoppagePerHour: 0.16,
    stoppageMinutes: { median: 35, max: 300 },
    scrapBurst: { perHour: 0.008, rate: 0.09, hours: 4 },
    whPerUnit: 48,
    idleKw: 110,
    plannedStops: [{ weekdays: [3], startHour: 14, minutes: 120 }],
    tpm: true,
  },
  line3: {
    id: 'line3',
    idealRate: 165,
    performance: { mean: 0.88, spread: 0.025 },
    baseScrapRate: 0.02,
    stoppagePerHour: 0.08,
    stoppageMinutes: { median: 30, max: 240 },
    scrapBurst: { perHour: 0.007, rate: 0.08, hours: 3 },
    whPerUnit: 30,
    idleKw: 60,
    plannedStops: [{ weekdays: [2, 4], startHour: 10, minutes: 45 }],
    tpm: false,
  },
};

/** The TPM roll-out in the demo model (2026-04-01 .. 2027-03-31) cuts stoppages and energy per unit gradually. */
export const TPM_START = Date.UTC(2026, 3, 1);
export const TPM_END = Date.UTC(2027, 2, 31);
