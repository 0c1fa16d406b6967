import { LINE_IDS } from './line-spec';
import { isPlannedProduction, isShiftScheduled } from './plant-calendar';
import { LINE_SPECS } from './line-spec';
import { PlantSimulator, type PlantReading } from './plant-simulator';
import { DAY_MS, MINUTE_MS } from './sim-time';

const MONDAY = Date.UTC(2026, 10, 2);
/** Saturday to Tuesday: weekend shut-down, start-up and full production. */
const SATURDAY = MONDAY + 5 * DAY_MS;
const TUESDAY = MONDAY + 8 * DAY_MS;

function run(seed: number, from: number, to: number, stepMs: number): PlantReading[] {
  const sut = new PlantSimulator(seed);
  const readings: PlantReading[] = [];
  for (let ts = from + stepMs; ts <= to; ts += stepMs) readings.push(sut.step(ts, stepMs));
  return readings;
}

describe(PlantSimulator.name, () => {
  const week = run(42, SATURDAY, TUESDAY, MINUTE_MS);

  it('produces the same data for the same seed and different data for another', () => {
    const sut = run(42, MONDAY, MONDAY + DAY_MS / 2, 5 * MINUTE_MS);

    expect(run(42, MONDAY, MONDAY + DAY_MS / 2, 5 * MINUTE_MS)).toEqual(sut);
    expect(run(7, MONDAY, MONDAY + DAY_MS / 2, 5 * MINUTE_MS)).not.toEqual(sut);
  });

  it('reports speed 0 and no output whenever a line is stopped', () => {
    const lines = week.flatMap((r) => LINE_IDS.map((id) => r.lines[id]));
    const stoppedButMoving = lines.filter(
      (l) => l.state === 0 && (l.speed !== 0 || l.goodCount !== 0 || l.scrapCount !== 0),
    );
    const runningButStill = lines.filter((l) => l.state === 1 && l.speed <= 0);

    expect(lines.some((l) => l.state === 0) && lines.some((l) => l.state === 1)).toBe(true);
    expect(stoppedButMoving).toEqual([]);
    expect(runningButStill).toEqual([]);
  });

  it('does not produce on Sunday and omits OEE ratios outside planned time', () => {
    const sunday = week.filter((r) => new Date(r.ts).getUTCDay() === 0 && new Date(r.ts).getUTCHours() > 0);

    expect(sunday.length).toBeGreaterThan(0);
    expect(
      sunday.every((r) => LINE_IDS.every((id) => r.lines[id].state === 0 && r.lines[id].availability === undefined)),
    ).toBe(true);
    expect(isShiftScheduled(MONDAY + 7 * DAY_MS - MINUTE_MS)).toBe(false);
  });

  it('has unplanned stoppages inside planned time that pull availability down', () => {
    const stopped = week.filter((r) => r.lines.line2.state === 0 && isPlannedProduction(LINE_SPECS.line2, r.ts));
    const afterStops = stopped.map((r) => r.lines.line2.availability ?? 100);

    expect(stopped.length).toBeGreaterThan(0);
    expect(Math.min(...afterStops)).toBeLessThan(90);
  });

  it('reports quality consistent with good / (good + scrap) over time', () => {
    for (const id of LINE_IDS) {
      const planned = week.filter((r) => r.lines[id].quality !== undefined);
      const good = week.reduce((sum, r) => sum + r.lines[id].goodCount, 0);
      const scrap = week.reduce((sum, r) => sum + r.lines[id].scrapCount, 0);
      const meanQuality = planned.reduce((sum, r) => sum + (r.lines[id].quality ?? 0), 0) / planned.length;

      expect(Math.abs(meanQuality - (100 * good) / (good + scrap))).toBeLessThan(0.6);
    }
  });

  it('keeps every ratio within 0..100 and counters non-negative', () => {
    const lines = week.flatMap((r) => LINE_IDS.map((id) => r.lines[id]));
    const ratios = lines
      .flatMap((l) => [l.availability, l.performance, l.quality])
      .filter((x): x is number => x !== undefined);

    expect(ratios.filter((x) => x < 0 || x > 100)).toEqual([]);
    expect(lines.filter((l) => Math.min(l.goodCount, l.scrapCount, l.energyWh) < 0)).toEqual([]);
  });

  it('tells the same incident story at a coarse step as minute by minute', () => {
    const coarse = run(42, SATURDAY, TUESDAY, 15 * MINUTE_MS);
    const total = (readings: PlantReading[]) => readings.reduce((sum, r) => sum + r.lines.line1.runMinutes, 0);

    expect(Math.abs(total(coarse) - total(week)) / total(week)).toBeLessThan(0.01);
  });
});
