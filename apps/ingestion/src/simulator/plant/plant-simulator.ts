import { SeededRandom } from '../random/seeded-random';
import { CutterBearing } from './cutter-bearing';
import { LINE_SPECS, type LineId } from './line-spec';
import { LineSimulator, round, type LineReading } from './line-simulator';
import { isPlannedProduction } from './plant-calendar';
import { PlantIncidents } from './plant-incidents';
import { ovenScrapRate, ovenTemperature } from './oven-model';
import { dayOfYear } from './sim-time';

/** One step of the whole plant: the three lines plus the shared meters and sensors. */
export interface PlantReading {
  ts: number;
  lines: Record<LineId, LineReading>;
  ovenTemperature: number;
  cutterVibration: number;
  /** Main meters, kWh over the interval (lines + building). */
  plantNorthKwh: number;
  plantSouthKwh: number;
}

/** Building load of a plant (lighting, HVAC, compressed air), kW; more heating in winter. */
function buildingKw(base: number, ts: number): number {
  return base * (1 + 0.25 * Math.cos((2 * Math.PI * (dayOfYear(ts) - 15)) / 365));
}

/**
 * The plant as a stateful simulation advanced in steps of any size (1 s live, minutes for the backfill).
 * Incidents and trends are functions of time (see PlantIncidents); the step only changes the noise.
 */
export class PlantSimulator {
  readonly incidents: PlantIncidents;
  readonly bearing: CutterBearing;
  private readonly random: SeededRandom;
  private readonly lines: Record<LineId, LineSimulator>;

  constructor(readonly seed: number) {
    this.incidents = new PlantIncidents(seed);
    this.bearing = new CutterBearing(seed);
    this.random = new SeededRandom(seed ^ 0x5eed);
    this.lines = {
      line1: new LineSimulator(LINE_SPECS.line1, this.incidents),
      line2: new LineSimulator(LINE_SPECS.line2, this.incidents, {
        extraScrapRate: ovenScrapRate,
        forcedStop: () => false,
      }),
      line3: new LineSimulator(LINE_SPECS.line3, this.incidents, {
        extraScrapRate: () => 0,
        forcedStop: (ts) => this.bearing.inRepair(ts),
      }),
    };
  }

  /** Advances over (end - dtMs, end]. */
  step(end: number, dtMs: number): PlantReading {
    const lines = {
      line1: this.lines.line1.step(end, dtMs, this.random),
      line2: this.lines.line2.step(end, dtMs, this.random),
      line3: this.lines.line3.step(end, dtMs, this.random),
    };
    const hours = dtMs / 3_600_000;
    return {
      ts: end,
      lines,
      ovenTemperature: round(ovenTemperature(end, isPlannedProduction(LINE_SPECS.line2, end), this.random), 2),
      cutterVibration: round(this.bearing.vibration(end, lines.line3.speed, this.random), 3),
      plantNorthKwh: round((lines.line1.energyWh + lines.line2.energyWh) / 1000 + buildingKw(140, end) * hours, 3),
      plantSouthKwh: round(lines.line3.energyWh / 1000 + buildingKw(70, end) * hours, 3),
    };
  }

  /** Whether a line runs at `ts` (used by the business simulation to correlate delivery with uptime). */
  isRunning(line: LineId, ts: number): boolean {
    return this.lines[line].isRunning(ts);
  }
}
