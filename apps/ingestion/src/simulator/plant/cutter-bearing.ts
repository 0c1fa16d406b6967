import { randomAt } from '../random/seeded-random';
import type { SeededRandom } from '../random/seeded-random';
import { DAY_MS, HOUR_MS } from './sim-time';

interface BearingCycle {
  start: number;
  failure: number;
}

const EPOCH = Date.UTC(2025, 0, 6);
const REPAIR_HOURS = 4;

/**
 * Line 3 slitter bearing: vibration grows over its life (20-40 days) until it fails, which stops line 3 for a
 * repair; then a new bearing starts low. A predictive-maintenance story: vibration leads the stoppage.
 */
export class CutterBearing {
  private cycles: BearingCycle[] = [];

  constructor(private readonly seed: number) {}

  /** Vibration RMS in mm/s at `ts` for a line running at `speed` (0 when stopped: only the idle hum). */
  vibration(ts: number, speed: number, random: SeededRandom): number {
    const cycle = this.cycleAt(ts);
    const life = (ts - cycle.start) / (cycle.failure - cycle.start);
    const wear = 5.5 * Math.pow(Math.min(1, Math.max(0, life)), 3);
    const running = speed > 0 ? 1.6 + 0.004 * speed : 0.3;
    return Math.max(0.05, running + (speed > 0 ? wear : 0) + 0.12 * random.normal());
  }

  /** True while the failed bearing is being replaced. */
  inRepair(ts: number): boolean {
    const cycle = this.cycleAt(ts);
    return ts >= cycle.failure && ts < cycle.failure + REPAIR_HOURS * HOUR_MS;
  }

  private cycleAt(ts: number): BearingCycle {
    if (this.cycles.length === 0) this.cycles.push(this.nextCycle(EPOCH, 0));
    while (this.cycles[this.cycles.length - 1].failure + REPAIR_HOURS * HOUR_MS <= ts) {
      const last = this.cycles[this.cycles.length - 1];
      this.cycles.push(this.nextCycle(last.failure + REPAIR_HOURS * HOUR_MS, this.cycles.length));
    }
    // A cycle runs from its start to the end of its repair, when the next one starts.
    for (let i = this.cycles.length - 1; i > 0; i -= 1) {
      if (this.cycles[i].start <= ts) return this.cycles[i];
    }
    return this.cycles[0];
  }

  private nextCycle(start: number, index: number): BearingCycle {
    const lifeDays = randomAt(this.seed, 'bearing', index).between(20, 40);
    return { start, failure: start + lifeDays * DAY_MS };
  }
}
