import type { SeededRandom } from '../random/seeded-random';
import { isPlannedProduction, isPlannedStop, isShiftScheduled, shiftOf } from './plant-calendar';
import type { PlantIncidents } from './plant-incidents';
import { TPM_END, TPM_START, type LineSpec } from './line-spec';
import { MINUTE_MS, ramp } from './sim-time';

/** What a line reports for one interval: counters are increments over the interval, ratios are in percent. */
export interface LineReading {
  state: 0 | 1;
  /** Speed at the end of the interval, units/min. */
  speed: number;
  goodCount: number;
  scrapCount: number;
  energyWh: number;
  /** Rolling OEE components over the last ~15 min of planned time; absent when none was planned in the interval. */
  availability?: number;
  performance?: number;
  quality?: number;
  /** Minutes of planned production and of running in the interval (for tests and business correlations). */
  plannedMinutes: number;
  runMinutes: number;
}

/** Extra influences on a line from the rest of the plant (the line 2 oven, the line 3 cutter bearing). */
export interface LineConditions {
  extraScrapRate(ts: number): number;
  forcedStop(ts: number): boolean;
}

const EWM_TAU_MINUTES = 15;
/** Coarse steps are integrated minute by minute, so a 15-minute backfill step still sees a 7-minute stoppage. */
const SUBSTEP_MS = MINUTE_MS;
const TPM_ENERGY_CUT = 0.12;
const NIGHT_SHIFT_SLOWDOWN = 0.97;

export class LineSimulator {
  private goodCarry = 0;
  private availabilityEwm = 1;
  private performanceEwm: number;
  private goodEwm = 0;
  private scrapEwm = 0;

  constructor(
    readonly spec: LineSpec,
    private readonly incidents: PlantIncidents,
    private readonly conditions: LineConditions = { extraScrapRate: () => 0, forcedStop: () => false },
  ) {
    this.performanceEwm = spec.performance.mean;
  }

  isRunning(ts: number): boolean {
    return (
      isPlannedProduction(this.spec, ts) && !this.incidents.isStopped(this.spec, ts) && !this.conditions.forcedStop(ts)
    );
  }

  /** Advances over (end - dtMs, end]. */
  step(end: number, dtMs: number, random: SeededRandom): LineReading {
    const substeps = Math.max(1, Math.round(dtMs / SUBSTEP_MS));
    const subMs = dtMs / substeps;
    let planned = 0;
    let running = 0;
    let produced = 0;
    let scrapped = 0;
    let idleMs = 0;
    let speed = 0;
    for (let i = substeps - 1; i >= 0; i -= 1) {
      const ts = end - i * subMs;
      const plannedNow = isPlannedProduction(this.spec, ts);
      if (isShiftScheduled(ts) || isPlannedStop(this.spec, ts)) idleMs += subMs;
      if (!plannedNow) {
        speed = 0;
        continue;
      }
      planned += subMs;
      const runningNow = this.isRunning(ts);
      const minutes = subMs / MINUTE_MS;
      let performance = 0;
      if (runningNow) {
        running += subMs;
        const slowdown = shiftOf(ts) === 3 ? NIGHT_SHIFT_SLOWDOWN : 1;
        performance = clamp(
          this.spec.performance.mean * slowdown + this.spec.performance.spread * random.normal(),
          0.5,
          1,
        );
        speed = this.spec.idealRate * performance;
        this.goodCarry += speed * minutes;
        const units = Math.floor(this.goodCarry);
        this.goodCarry -= units;
        const scrapRate = clamp(
          this.spec.baseScrapRate + this.incidents.scrapBurstRate(this.spec, ts) + this.conditions.extraScrapRate(ts),
          0,
          0.6,
        );
        const scrap = random.binomial(units, scrapRate);
        produced += units - scrap;
        scrapped += scrap;
      } else {
        speed = 0;
      }
      this.updateEwms(minutes, runningNow ? 1 : 0, runningNow ? performance : undefined);
    }
    this.decayCounts(planned / MINUTE_MS, produced, scrapped);
    const tpmCut = this.spec.tpm ? 1 - TPM_ENERGY_CUT * ramp(end, TPM_START, TPM_END) : 1;
    const energyWh = Math.max(
      0,
      (idleMs / 3_600_000) * this.spec.idleKw * 1000 * (1 + 0.03 * random.normal()) +
        (produced + scrapped) * this.spec.whPerUnit * tpmCut,
    );
    const reading: LineReading = {
      state: speed > 0 ? 1 : 0,
      speed: round(speed, 1),
      goodCount: produced,
      scrapCount: scrapped,
      energyWh: round(energyWh, 1),
      plannedMinutes: planned / MINUTE_MS,
      runMinutes: running / MINUTE_MS,
    };
    if (planned > 0) {
      reading.availability = round(100 * this.availabilityEwm, 2);
      reading.performance = round(100 * this.performanceEwm, 2);
      const total = this.goodEwm + this.scrapEwm;
      reading.quality = round(total > 0 ? (100 * this.goodEwm) / total : 100, 2);
    }
    return reading;
  }

  private updateEwms(minutes: number, running: number, performance: number | undefined): void {
    const keep = Math.exp(-minutes / EWM_TAU_MINUTES);
    this.availabilityEwm = keep * this.availabilityEwm + (1 - keep) * running;
    if (performance !== undefined) this.performanceEwm = keep * this.performanceEwm + (1 - keep) * performance;
  }

  /** Quality = good / (good + scrap) over exponentially weighted counts of the last ~15 planned minutes. */
  private decayCounts(plannedMinutes: number, good: number, scrap: number): void {
    const keep = Math.exp(-plannedMinutes / EWM_TAU_MINUTES);
    this.goodEwm = keep * this.goodEwm + good;
    this.scrapEwm = keep * this.scrapEwm + scrap;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
